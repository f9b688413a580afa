"""Every request: auth, version, envelopes, request ids, routing, workspace and projects."""

from __future__ import annotations

import httpx
import pytest

from scripe_desktop import contract
from scripe_desktop.sandbox import Sandbox

from .conftest import api_client, error_of, plain_get


def test_health_needs_no_auth(sb: Sandbox) -> None:
    r = plain_get(f"{sb.base_url}/v1/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}
    assert r.headers["X-Request-Id"].startswith("req_")


@pytest.mark.parametrize(
    "auth",
    [None, "Bearer", "Bearer not-a-key", "Bearer scripe_sk_test_unknownKey123", "Basic abc"],
)
def test_invalid_token(sb: Sandbox, auth: str | None) -> None:
    headers = {"Scripe-Api-Version": contract.API_VERSION}
    if auth is not None:
        headers["Authorization"] = auth
    r = plain_get(f"{sb.base_url}/v1/workspaces/me", headers=headers)
    assert r.status_code == 401
    assert error_of(r)["code"] == "invalid_token"


def test_revoked_and_expired_keys(sb: Sandbox) -> None:
    revoked, expired = sb.issue_key(), sb.issue_key()
    sb.revoke_key(revoked)
    sb.expire_key(expired)
    for key, code in ((revoked, "key_revoked"), (expired, "key_expired")):
        with api_client(sb, key) as c:
            r = c.get("/v1/workspaces/me")
        assert r.status_code == 401
        assert error_of(r)["code"] == code


def test_extra_space_after_bearer_is_accepted(sb: Sandbox) -> None:
    headers = {"Authorization": f"Bearer  {sb.api_key}", "Scripe-Api-Version": contract.API_VERSION}
    assert plain_get(f"{sb.base_url}/v1/workspaces/me", headers=headers).status_code == 200


@pytest.mark.parametrize("version", [None, "2020-01-01", ""])
def test_version_missing_or_unknown(sb: Sandbox, version: str | None) -> None:
    headers = {"Authorization": f"Bearer {sb.api_key}"}
    if version is not None:
        headers["Scripe-Api-Version"] = version
    r = plain_get(f"{sb.base_url}/v1/workspaces/me", headers=headers)
    assert r.status_code == 400
    err = error_of(r)
    assert err["code"] == "version_unsupported"
    assert err["details"]["accepted"] == [contract.API_VERSION]


def test_workspace_me_not_wrapped(api: httpx.Client, sb: Sandbox) -> None:
    r = api.get("/v1/workspaces/me")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"workspace", "principal"}
    assert body["workspace"]["name"] == "Sandbox workspace"
    assert body["workspace"]["plan"] == "pro"
    assert isinstance(body["workspace"]["features"], list)
    assert body["principal"]["type"] == "api_key"
    assert "sources:write" in body["principal"]["scopes"]
    assert sb.api_key not in r.text


def test_unknown_route_and_bad_json(api: httpx.Client) -> None:
    r = api.get("/v1/nothing-here")
    assert r.status_code == 404
    assert error_of(r)["code"] == "not_found"
    r = api.post("/v1/uploads", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert error_of(r)["code"] == "invalid_request"
    r = api.post("/v1/uploads", json=["a list"])
    assert error_of(r)["code"] == "invalid_request"
    r = api.post("/v1/uploads", json={})
    assert r.status_code == 400
    assert "contentType" in error_of(r)["message"]
    r = api.post("/v1/uploads", json={"contentType": "audio/mpeg", "maxSizeBytes": "12"})
    assert r.status_code == 400


def test_oversized_api_body_is_413(api: httpx.Client) -> None:
    r = api.post("/v1/uploads", content=b"x" * (1024 * 1024 + 1))
    assert r.status_code == 413
    assert error_of(r)["code"] == "payload_too_large"


def test_keep_alive_connection_reused(api: httpx.Client) -> None:
    for _ in range(20):
        assert api.get("/v1/workspaces/me").status_code == 200
    assert api.get("/v1/workspaces/me").headers.get("Connection") != "close"


def test_projects_pagination_120(sb: Sandbox, api: httpx.Client) -> None:
    sb.set_project_count(120)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 50, **({"cursor": cursor} if cursor else {})}
        body = api.get("/v1/projects", params=params).json()
        pages += 1
        seen += [p["id"] for p in body["data"]]
        for p in body["data"]:
            assert p["id"].startswith("proj_")
            assert {"id", "name", "type", "status", "url", "createdAt"} <= set(p)
        if not body["pagination"]["has_more"]:
            assert body["pagination"]["next_cursor"] is None
            break
        cursor = body["pagination"]["next_cursor"]
    assert pages == 3
    assert len(seen) == len(set(seen)) == 120


def test_projects_defaults_and_limits(api: httpx.Client) -> None:
    body = api.get("/v1/projects").json()
    assert [p["name"] for p in body["data"]] == [
        "Podcast interviews",
        "Customer research",
        "Marketing",
    ]
    assert body["pagination"] == {"next_cursor": None, "has_more": False}
    for bad in ("0", "201", "abc", "-1"):
        r = api.get("/v1/projects", params={"limit": bad})
        assert r.status_code == 400, bad
        assert error_of(r)["code"] == "invalid_request"
    assert api.get("/v1/projects", params={"limit": 200}).status_code == 200
    r = api.get("/v1/projects", params={"cursor": "garbage!"})
    assert r.status_code == 400
