"""Every refusal of `shared/scripe-api.md` with its documented status and code: auth, version,
faults (429/500/503), deprecation, spend cap, scopes, and attaching an unusable upload."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from .conftest import VERSION, Sandbox, assert_error, idem_key

ATTACH = {"type": "file", "projectId": "proj_x", "uploadId": "upl_x", "name": "a.txt"}


# --- auth and version ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "auth",
    [
        None,
        "Bearer scripe_sk_test_" + "Z" * 32,
        "Bearer scripe_sk_live_" + "Y" * 32,
        "Bearer nonsense",
        "Basic dXNlcjpwYXNz",
    ],
)
def test_missing_or_unknown_key_is_invalid_token(sb: Sandbox, auth: str | None) -> None:
    headers = {"Scripe-Api-Version": VERSION, **({"Authorization": auth} if auth else {})}
    for r in (
        sb.api.get("/v1/workspaces/me", headers=headers),
        sb.api.post("/v1/uploads", json={"contentType": "text/plain"}, headers=headers),
    ):
        assert_error(r, 401, "invalid_token")


def test_revoked_key_is_key_revoked(sb: Sandbox, key: str) -> None:
    assert sb.get("/v1/workspaces/me", key=key).status_code == 200
    sb.admin_post("keys/revoke", {"key": key})
    assert_error(sb.get("/v1/workspaces/me", key=key), 401, "key_revoked")
    assert_error(sb.get("/v1/projects", key=key), 401, "key_revoked")


def test_expired_key_is_key_expired(sb: Sandbox, key: str) -> None:
    sb.admin_post("keys/expire", {"key": key})
    assert_error(sb.get("/v1/workspaces/me", key=key), 401, "key_expired")


def test_error_request_id_is_logged_per_request(sb: Sandbox) -> None:
    a = assert_error(sb.api.get("/v1/workspaces/me"), 401, "invalid_token")
    b = assert_error(sb.api.get("/v1/workspaces/me"), 401, "invalid_token")
    assert a["request_id"] != b["request_id"]


def test_unknown_version_lists_accepted_versions(sb: Sandbox) -> None:
    headers = {**sb.headers(), "Scripe-Api-Version": "1999-01-01"}
    err = assert_error(sb.api.get("/v1/workspaces/me", headers=headers), 400, "version_unsupported")
    assert VERSION in err["details"]["accepted"]


def test_missing_version_is_refused_as_the_readme_says(sb: Sandbox) -> None:
    headers = {"Authorization": sb.headers()["Authorization"]}
    err = assert_error(sb.api.get("/v1/projects", headers=headers), 400, "version_unsupported")
    assert VERSION in err["details"]["accepted"]
    assert sb.api.get("/v1/health").status_code == 200  # not required on health


def test_health_ignores_auth_and_version(sb: Sandbox) -> None:
    r = sb.api.get("/v1/health", headers={"Authorization": "Bearer junk"})
    assert r.status_code == 200 and r.json()["status"] in ("ok", "degraded")


def test_unknown_job_is_not_found(sb: Sandbox) -> None:
    assert_error(sb.get("/v1/jobs/job_doesnotexist"), 404, "not_found")


@pytest.mark.parametrize(
    "body", [{"contentType": "text/plain", "maxSizeBytes": "12"}, {"maxSizeBytes": 3}, [1]]
)
def test_malformed_body_is_invalid_request(sb: Sandbox, body: object) -> None:
    assert_error(sb.post("/v1/uploads", body), 400, "invalid_request")


def test_non_json_body_is_invalid_request(sb: Sandbox) -> None:
    r = sb.api.post("/v1/uploads", content=b"{nope", headers=sb.headers())
    assert_error(r, 400, "invalid_request")


def test_api_body_over_1_mib_is_payload_too_large(sb: Sandbox) -> None:
    body = {"contentType": "text/plain", "maxSizeBytes": 3, "pad": "x" * (1024 * 1024)}
    assert_error(sb.post("/v1/uploads", body), 413, "payload_too_large")


def test_other_workspace_job_is_not_found(sb: Sandbox) -> None:
    r = sb.post("/v1/knowledge", {"type": "file", "uploadId": sb.uploaded()["id"], "name": "a"})
    job_id = r.json()["data"]["id"]
    other = sb.new_key(workspace_name="Other " + secrets.token_hex(3))
    assert_error(sb.get(f"/v1/jobs/{job_id}", key=other), 404, "not_found")
    assert_error(sb.post(f"/v1/jobs/{job_id}/cancel", key=other), 404, "not_found")


# --- faults, rate limit, deprecation -------------------------------------------------------


@pytest.fixture
def clean_faults(sb: Sandbox) -> Iterator[None]:
    yield
    sb.admin_post("faults/clear", {})
    sb.admin_post("rate_limit", {})
    sb.admin_post("deprecation", {})


def test_rate_limit_is_429_with_retry_after(sb: Sandbox, key: str, clean_faults: None) -> None:
    sb.admin_post("rate_limit", {"limit": 2, "window_seconds": 60})
    ok = [sb.get("/v1/workspaces/me", key=key) for _ in range(2)]
    assert [r.status_code for r in ok] == [200, 200]
    assert ok[0].headers["X-RateLimit-Limit"] == "2"
    r = sb.get("/v1/workspaces/me", key=key)
    assert_error(r, 429, "rate_limited")
    assert int(r.headers["Retry-After"]) > 0
    assert r.headers["X-RateLimit-Remaining"] == "0"
    assert int(r.headers["X-RateLimit-Reset"]) >= 0
    sb.advance(int(r.headers["Retry-After"]) + 1)
    assert sb.get("/v1/workspaces/me", key=key).status_code == 200


@pytest.mark.parametrize(
    ("status", "code"), [(500, "internal_error"), (503, "service_unavailable")]
)
def test_injected_5xx_uses_the_envelope(
    sb: Sandbox, clean_faults: None, status: int, code: str
) -> None:
    sb.admin_post("faults/fail_next", {"route": "POST /v1/uploads", "status": status})
    body = {"contentType": "text/plain", "maxSizeBytes": 3}
    k = idem_key()  # retried with the same key: the refusal must not be replayed
    assert_error(sb.post("/v1/uploads", body, idem=k), status, code)
    again = sb.post("/v1/uploads", body, idem=k)
    assert 200 <= again.status_code < 300, again.text
    assert "Idempotent-Replayed" not in again.headers


def test_deprecation_header_when_configured(sb: Sandbox, clean_faults: None) -> None:
    assert "Scripe-Deprecation" not in sb.get("/v1/workspaces/me").headers
    value = "2026-08-01; sunset=2027-06-30; replacement=2027-01-15"
    sb.admin_post("deprecation", {"value": value})
    header = sb.get("/v1/workspaces/me").headers.get("Scripe-Deprecation")
    assert header == value
    assert re.fullmatch(r"[\w.-]+; sunset=[\w:.-]+; replacement=[\w.-]+", header)


# --- spend cap, scopes, plan ---------------------------------------------------------------


def test_spend_cap_pauses_attach_but_not_uploads(sb: Sandbox) -> None:
    upload = sb.uploaded()
    sb.admin_post("spend", {"cap_cents": 50, "spent_cents": 50})
    try:
        body = {"type": "file", "uploadId": upload["id"], "name": "a.txt"}
        for path, b in (
            ("/v1/sources", {**body, "projectId": sb.project_id()}),
            ("/v1/knowledge", body),
        ):
            err = assert_error(sb.post(path, b), 402, "spend_cap_exceeded")
            assert err["meta"]["capCents"] == 50 and err["meta"]["spentCents"] == 50
        assert 200 <= sb.post("/v1/uploads", {"contentType": "text/plain"}).status_code < 300
    finally:
        sb.admin_post("spend", {"cap_cents": 1_000_000, "spent_cents": 0})
    assert 200 <= sb.post("/v1/knowledge", body).status_code < 300


def test_spend_cap_resets_at_midnight_utc_and_same_key_retries(sb: Sandbox) -> None:
    sb.admin_post("spend", {"cap_cents": 20, "spent_cents": 20})
    try:
        now = sb.now()
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        sb.advance((midnight - now).total_seconds() - 5)
        body = {"type": "file", "uploadId": sb.uploaded()["id"], "name": "a.txt"}
        k = idem_key()  # the retry of a refused attach reuses its key (contract decision)
        assert_error(sb.post("/v1/knowledge", body, idem=k), 402, "spend_cap_exceeded")
        sb.advance(10)
        r = sb.post("/v1/knowledge", body, idem=k)
        assert 200 <= r.status_code < 300, r.text
        assert "Idempotent-Replayed" not in r.headers
    finally:
        sb.admin_post("spend", {"cap_cents": 1_000_000, "spent_cents": 0})


@pytest.mark.parametrize(
    ("scopes", "path", "needed"),
    [
        (["knowledge:write"], "/v1/sources", "sources:write"),
        (["sources:write"], "/v1/knowledge", "knowledge:write"),
        ([], "/v1/uploads", None),
    ],
)
def test_scope_missing_names_the_required_scope(
    sb: Sandbox, scopes: list[str], path: str, needed: str | None
) -> None:
    k = sb.new_key(scopes=scopes)
    err = assert_error(sb.post(path, ATTACH, key=k), 403, "scope_missing")
    required = err["details"]["required"]
    assert required
    if needed:
        assert needed in required
    else:  # README: minting needs either write scope
        assert set(required) & {"sources:write", "knowledge:write"}


def test_free_plan_is_not_eligible_to_attach(sb: Sandbox) -> None:
    k = sb.new_key(plan="free", workspace_name="Free " + secrets.token_hex(3))
    assert_error(sb.post("/v1/sources", ATTACH, key=k), 403, "plan_not_eligible")
    assert_error(sb.post("/v1/knowledge", ATTACH, key=k), 403, "plan_not_eligible")


# --- attaching an unusable upload (README silent: pinned to the contract's table) -----------


def _attach(sb: Sandbox, upload_id: str) -> httpx.Response:
    return sb.post("/v1/sources", {**ATTACH, "projectId": sb.project_id(), "uploadId": upload_id})


def test_attach_upload_never_put_is_unprocessable(sb: Sandbox) -> None:
    assert_error(_attach(sb, sb.mint("text/plain", 5)["id"]), 422, "unprocessable")


def test_attach_upload_twice_is_unprocessable(sb: Sandbox) -> None:
    upload = sb.uploaded()
    assert 200 <= _attach(sb, upload["id"]).status_code < 300
    assert_error(_attach(sb, upload["id"]), 422, "unprocessable")
    kb = sb.post("/v1/knowledge", {"type": "file", "uploadId": upload["id"], "name": "a"})
    assert_error(kb, 422, "unprocessable")


def test_attach_upload_older_than_24h_is_gone(sb: Sandbox) -> None:
    fresh, old, never_put = sb.uploaded(), sb.uploaded(), sb.mint("text/plain", 5)
    sb.advance(23 * 3600 + 3000)
    assert 200 <= _attach(sb, fresh["id"]).status_code < 300  # within 24 h: still attachable
    sb.advance(3600)
    assert_error(_attach(sb, old["id"]), 404, "not_found")
    assert_error(_attach(sb, never_put["id"]), 404, "not_found")


def test_attach_unknown_upload_is_not_found(sb: Sandbox) -> None:
    assert_error(_attach(sb, "upl_doesnotexist"), 404, "not_found")


def test_storage_refuses_authorization_header(sb: Sandbox) -> None:
    upload = sb.mint("text/plain", 5)
    r = sb.storage.put(
        upload["uploadUrl"],
        content=b"hello",
        headers={"Content-Type": "text/plain", "Authorization": sb.headers()["Authorization"]},
    )
    assert r.status_code == 400 and "InvalidArgument" in r.text
    assert sb.put(upload, b"hello").status_code == 200
