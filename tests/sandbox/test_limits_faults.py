"""Spend cap (402), rate limit (429), deprecation header, fault injection, admin HTTP API."""

from __future__ import annotations

from datetime import datetime

import httpx

from scripe_desktop.sandbox import ATTACH_COST_CENTS, Sandbox

from .conftest import SSL_CONTEXT, TEXT, error_of, first_project, mint, plain_get, uploaded


def _attach(api: httpx.Client, storage: httpx.Client) -> httpx.Response:
    upload_id = uploaded(api, storage, "text/plain", TEXT)
    body = {"type": "file", "projectId": first_project(api), "uploadId": upload_id, "name": "n"}
    return api.post("/v1/sources", json=body)


def test_spend_cap(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    sb.set_spend(cap_cents=25, spent_cents=10)
    assert _attach(api, storage).status_code == 202
    assert _attach(api, storage).status_code == 202  # 20 -> 30
    r = _attach(api, storage)
    assert r.status_code == 402
    err = error_of(r)
    assert err["code"] == "spend_cap_exceeded"
    assert err["meta"]["capCents"] == 25
    assert err["meta"]["spentCents"] == 10 + 2 * ATTACH_COST_CENTS
    resets = datetime.fromisoformat(err["meta"]["resetsAt"].replace("Z", "+00:00"))
    now = sb.clock.now_dt()
    assert resets > now and (resets.hour, resets.minute, resets.second) == (0, 0, 0)
    assert (resets - now).total_seconds() <= 86400
    assert mint(api, "text/plain", 5)  # uploads still work
    sb.clock.advance((resets - now).total_seconds() + 1)
    assert _attach(api, storage).status_code == 202  # a new UTC day


def test_rate_limit(api: httpx.Client, sb: Sandbox) -> None:
    sb.set_rate_limit(3, window_seconds=10)
    answers = [api.get("/v1/workspaces/me") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0", "0"]
    limited = answers[-1]
    assert error_of(limited)["code"] == "rate_limited"
    assert limited.headers["X-RateLimit-Limit"] == "3"
    assert 1 <= int(limited.headers["Retry-After"]) <= 10
    assert int(limited.headers["X-RateLimit-Reset"]) <= 10
    sb.clock.advance(10)
    assert api.get("/v1/workspaces/me").status_code == 200
    sb.set_rate_limit(None)
    assert "X-RateLimit-Limit" not in api.get("/v1/workspaces/me").headers


def test_deprecation_header(api: httpx.Client, sb: Sandbox) -> None:
    assert "Scripe-Deprecation" not in api.get("/v1/workspaces/me").headers
    value = "2026-08-01; sunset=2027-03-01; replacement=2027-01-15"
    sb.set_deprecation(value)
    assert api.get("/v1/workspaces/me").headers["Scripe-Deprecation"] == value
    assert api.get("/v1/nope").headers["Scripe-Deprecation"] == value
    assert plain_get(f"{sb.base_url}/v1/health").headers["Scripe-Deprecation"] == value


def test_fail_next(api: httpx.Client, sb: Sandbox) -> None:
    sb.faults.fail_next("POST /v1/uploads", 2, 503)
    sb.faults.fail_next("GET /v1/jobs", 1, 500)
    sb.faults.fail_next("GET /v1/projects", 1, 429, retry_after=7)
    body = {"contentType": "text/plain", "maxSizeBytes": 3}
    codes = [api.post("/v1/uploads", json=body) for _ in range(3)]
    assert [r.status_code for r in codes] == [503, 503, 201]
    assert error_of(codes[0])["code"] == "service_unavailable"
    r = api.get("/v1/jobs/job_anything")
    assert r.status_code == 500 and error_of(r)["code"] == "internal_error"
    assert api.get("/v1/jobs/job_anything").status_code == 404
    r = api.get("/v1/projects")
    assert r.status_code == 429 and r.headers["Retry-After"] == "7"
    assert error_of(r)["code"] == "rate_limited"
    assert api.get("/v1/projects").status_code == 200


def test_delay(api: httpx.Client, sb: Sandbox) -> None:
    sb.faults.delay("GET /v1/workspaces/me", 0.3)
    assert api.get("/v1/workspaces/me").elapsed.total_seconds() >= 0.3
    assert api.get("/v1/workspaces/me").elapsed.total_seconds() < 0.3


def test_admin_http_api(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    admin = httpx.Client(base_url=f"{sb.base_url}/_sandbox", verify=SSL_CONTEXT)
    before = sb.clock.now()
    r = admin.post("/clock/advance", json={"seconds": 3600})
    assert r.status_code == 200 and r.json()["ok"]
    assert sb.clock.now() - before >= 3600
    assert admin.post(
        "/faults/fail_next", json={"route": "POST /v1/uploads", "count": 1, "status": 500}
    ).json()["ok"]
    assert api.post("/v1/uploads", json={"contentType": "text/plain"}).status_code == 500
    key = admin.post("/keys", json={"plan": "free", "workspace_name": "W"}).json()["key"]
    assert key.startswith("scripe_sk_test_")
    assert admin.post("/keys/revoke", json={"key": key}).json()["ok"]
    r = plain_get(
        f"{sb.base_url}/v1/workspaces/me",
        headers={"Authorization": f"Bearer {key}", "Scripe-Api-Version": "2026-08-01"},
    )
    assert error_of(r)["code"] == "key_revoked"
    assert admin.post("/deprecation", json={"value": "x; sunset=y"}).status_code == 200
    assert admin.post("/rate_limit", json={"limit": 100}).status_code == 200
    assert admin.post("/spend", json={"cap_cents": 0}).status_code == 200
    assert admin.post("/faults/cut_put_after", json={"nbytes": 1}).status_code == 200
    assert (
        admin.post("/faults/delay", json={"route": "GET /v1/projects", "seconds": 0}).status_code
        == 200
    )
    assert admin.post("/faults/fail_jobs", json={"count": 1}).status_code == 200
    assert admin.post("/projects", json={"count": 7}).status_code == 200
    assert len(api.get("/v1/projects").json()["data"]) == 7
    assert admin.post("/expire_urls").status_code == 200
    records = admin.get("/records").json()
    assert {"uploads", "sources", "knowledge", "jobs", "storage_requests", "api_requests"} <= set(
        records
    )
    assert any(r["status"] == 500 for r in records["api_requests"])
    assert admin.post("/clock/advance", json={}).status_code == 400
    assert (
        admin.post("/faults/fail_next", json={"route": "bogus", "status": 500}).status_code == 400
    )
    assert admin.get("/nothing").status_code == 404
    admin.close()
