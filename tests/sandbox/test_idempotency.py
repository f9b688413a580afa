"""Idempotency-Key: replay, conflict, malformed keys ignored, scope, 24 h window."""

from __future__ import annotations

import httpx

from scripe_desktop.sandbox import Sandbox

from .conftest import api_client, error_of

BODY = {"contentType": "audio/mpeg", "maxSizeBytes": 1000}


def _mint(api: httpx.Client, key: str, body: dict[str, object] | None = None) -> httpx.Response:
    return api.post("/v1/uploads", json=body or BODY, headers={"Idempotency-Key": key})


def test_replay_same_body(api: httpx.Client, sb: Sandbox) -> None:
    first = _mint(api, "op-1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    # Same body with another key order and spacing is the same body.
    again = api.post(
        "/v1/uploads",
        content=b'{ "maxSizeBytes": 1000,  "contentType": "audio/mpeg" }',
        headers={"Idempotency-Key": "op-1", "Content-Type": "application/json"},
    )
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert len(sb.records()["uploads"]) == 1
    log = sb.records()["api_requests"]
    assert [r["replayed"] for r in log] == [False, True]
    assert log[1]["idempotencyKey"] == "op-1"


def test_conflict_on_different_body(api: httpx.Client) -> None:
    assert _mint(api, "op-2").status_code == 201
    r = _mint(api, "op-2", {"contentType": "audio/mpeg", "maxSizeBytes": 1001})
    assert r.status_code == 409
    assert error_of(r)["code"] == "idempotency_key_conflict"


def test_malformed_keys_are_ignored(api: httpx.Client, sb: Sandbox) -> None:
    for bad in ("has space", "x" * 65, "dot.ted", "semi;colon"):
        a, b = _mint(api, bad), _mint(api, bad)
        assert a.status_code == b.status_code == 201
        assert "Idempotent-Replayed" not in b.headers
        assert a.json()["data"]["id"] != b.json()["data"]["id"]
    assert len(sb.records()["uploads"]) == 8


def test_key_of_64_chars_is_valid(api: httpx.Client) -> None:
    key = "A-_9" * 16
    assert _mint(api, key).status_code == 201
    assert _mint(api, key).headers.get("Idempotent-Replayed") == "true"


def test_scoped_per_route_and_per_api_key(api: httpx.Client, sb: Sandbox) -> None:
    assert _mint(api, "shared").status_code == 201
    with api_client(sb, sb.issue_key()) as other:
        r = _mint(other, "shared", {"contentType": "image/png", "maxSizeBytes": 5})
    assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers
    r = api.post("/v1/knowledge", json={"type": "file"}, headers={"Idempotency-Key": "shared"})
    assert r.status_code == 400  # processed on its own route, not a conflict


def test_errors_are_not_stored(api: httpx.Client) -> None:
    bad = {"contentType": "application/zip", "maxSizeBytes": 5}
    assert _mint(api, "op-err", bad).status_code == 422
    assert _mint(api, "op-err").status_code == 201  # a refused request may be retried


def test_window_expires_after_24h(api: httpx.Client, sb: Sandbox) -> None:
    first = _mint(api, "op-3")
    sb.clock.advance(23 * 3600)
    assert _mint(api, "op-3").headers.get("Idempotent-Replayed") == "true"
    sb.clock.advance(3600 + 1)
    later = _mint(api, "op-3")
    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later.headers
    assert later.json()["data"]["id"] != first.json()["data"]["id"]
