"""The happy path and the per-request rules of `shared/scripe-api.md`, against the sandbox
started as a separate process (see conftest.py). Raw httpx only; nothing from the project."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from .conftest import MB, Sandbox, assert_error, idem_key, parse_time, s3_code

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"
CAPS = [
    ("audio/mpeg", 500),
    ("audio/wav", 500),
    ("video/mp4", 500),
    ("video/quicktime", 500),
    ("image/png", 25),
    ("image/jpeg", 25),
    ("application/pdf", 100),
    ("application/msword", 100),
    (DOCX, 100),
    (DOTX, 100),
    ("text/plain", 25),
]


# --- health, workspace, projects ---------------------------------------------------------


def test_health_needs_no_auth(sb: Sandbox) -> None:
    r = sb.api.get("/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] in ("ok", "degraded")


def test_workspaces_me_is_not_wrapped_in_data(sb: Sandbox) -> None:
    r = sb.get("/v1/workspaces/me")
    assert r.status_code == 200 and r.headers.get("X-Request-Id")
    body = r.json()
    assert "data" not in body
    assert {"id", "name", "plan", "features"} <= body["workspace"].keys()
    assert {"type", "id", "scopes"} <= body["principal"].keys()
    assert {"sources:write", "knowledge:write"} <= set(body["principal"]["scopes"])


def test_projects_paginate_with_limit_and_cursor(sb: Sandbox) -> None:
    sb.admin_post("projects", {"count": 7})
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        r = sb.get("/v1/projects", params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["data"]) <= 3
        for p in body["data"]:
            assert {"id", "name", "type", "status", "url", "createdAt"} <= p.keys()
            seen.append(p["id"])
        if not body["pagination"]["has_more"]:
            break
        cursor = body["pagination"]["next_cursor"]
        assert cursor
    assert len(seen) == 7 == len(set(seen))
    assert all(pid.startswith("proj_") for pid in seen)
    assert len(sb.get("/v1/projects", params={"limit": 200}).json()["data"]) == 7
    assert len(sb.get("/v1/projects", params={"limit": 1}).json()["data"]) == 1


@pytest.mark.parametrize("limit", ["0", "201", "-1"])
def test_projects_limit_out_of_range_is_400(sb: Sandbox, limit: str) -> None:
    assert_error(sb.get("/v1/projects", params={"limit": limit}), 400, "invalid_request")


# --- POST /v1/uploads ----------------------------------------------------------------------


@pytest.mark.parametrize(("ctype", "cap_mb"), CAPS)
def test_mint_accepts_exact_cap_and_refuses_cap_plus_one(
    sb: Sandbox, ctype: str, cap_mb: int
) -> None:
    cap = cap_mb * MB
    r = sb.post("/v1/uploads", {"contentType": ctype, "maxSizeBytes": cap})
    assert 200 <= r.status_code < 300, r.text
    data = r.json()["data"]
    assert data["id"].startswith("upl_") and data["uploadUrl"].startswith("http")
    assert data["contentType"] == ctype and data["maxSizeBytes"] == cap
    assert parse_time(data["expiresAt"]) > sb.now()
    over = sb.post("/v1/uploads", {"contentType": ctype, "maxSizeBytes": cap + 1})
    assert_error(over, 422, "unprocessable")


@pytest.mark.parametrize(
    "ctype",
    ["application/zip", "text/csv", "application/octet-stream", "application/vnd.ms-excel"],
)
def test_mint_refuses_other_types(sb: Sandbox, ctype: str) -> None:
    r = sb.post("/v1/uploads", {"contentType": ctype, "maxSizeBytes": 10})
    assert_error(r, 422, "unprocessable")


@pytest.mark.parametrize("size", [0, -1])
def test_mint_size_below_one_is_unprocessable(sb: Sandbox, size: int) -> None:
    r = sb.post("/v1/uploads", {"contentType": "text/plain", "maxSizeBytes": size})
    assert_error(r, 422, "unprocessable")


def test_mint_without_size_gets_at_most_the_cap(sb: Sandbox) -> None:
    r = sb.post("/v1/uploads", {"contentType": "image/webp"})
    assert 200 <= r.status_code < 300, r.text
    assert 1 <= r.json()["data"]["maxSizeBytes"] <= 25 * MB


# --- PUT <uploadUrl> -------------------------------------------------------------------------


def test_put_without_authorization_succeeds_once(sb: Sandbox) -> None:
    upload = sb.mint("text/plain", 5)
    first = sb.put(upload, b"hello")
    assert first.status_code == 200, first.text
    assert "Authorization" not in first.request.headers
    assert not any(h.lower().startswith("scripe-") for h in first.request.headers)
    second = sb.put(upload, b"hello")
    assert second.status_code == 403 and s3_code(second) == "AccessDenied"


def test_put_with_other_content_type_is_signature_mismatch(sb: Sandbox) -> None:
    upload = sb.mint("text/plain", 5)
    r = sb.put(upload, b"hello", ctype="application/pdf")
    assert r.status_code == 403 and s3_code(r) == "SignatureDoesNotMatch", r.text


def test_put_after_expires_at_is_access_denied(sb: Sandbox) -> None:
    upload, early = sb.mint("text/plain", 5), sb.mint("text/plain", 5)
    sb.advance((parse_time(upload["expiresAt"]) - sb.now()).total_seconds() - 2)
    assert sb.put(early, b"hello").status_code == 200  # lifetime is given by expiresAt
    sb.advance(3)
    r = sb.put(upload, b"hello")
    assert r.status_code == 403 and s3_code(r) == "AccessDenied", r.text


def test_put_chunked_is_not_implemented(sb: Sandbox) -> None:
    upload = sb.mint("text/plain", 5)

    def chunks() -> Iterator[bytes]:
        yield b"hel"
        yield b"lo"

    r = sb.storage.put(
        upload["uploadUrl"], content=chunks(), headers={"Content-Type": "text/plain"}
    )
    assert r.request.headers.get("Transfer-Encoding") == "chunked"
    assert r.status_code == 501 and s3_code(r) == "NotImplemented", r.text


def test_put_larger_than_minted_size_is_entity_too_large(sb: Sandbox) -> None:
    upload = sb.mint("text/plain", 5)
    r = sb.put(upload, b"hello!")
    assert r.status_code == 400 and s3_code(r) == "EntityTooLarge", r.text


def test_put_short_body_is_incomplete_and_url_survives(sb: Sandbox) -> None:
    upload = sb.mint("text/plain", 5)
    url = urlsplit(upload["uploadUrl"])
    head = (
        f"PUT {url.path}?{url.query} HTTP/1.1\r\nHost: {url.netloc}\r\n"
        "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhel"
    )
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall(head.encode())
        s.shutdown(socket.SHUT_WR)
        reply = b"".join(iter(lambda: s.recv(65536), b""))
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line.split()[1] == b"400", reply
    assert b"<Code>IncompleteBody</Code>" in rest, reply
    assert sb.put(upload, b"hello").status_code == 200  # an interrupted PUT is retried


# --- attach and jobs -----------------------------------------------------------------------


def _job(r_status: int, body: dict, job_type: str) -> dict:
    assert 200 <= r_status < 300, body
    job: dict = body["data"]
    assert job["id"].startswith("job_") and job["type"] == job_type
    assert job["status"] in ("QUEUED", "RUNNING")
    fields = {"progress", "result", "errorCode", "errorMessage", "estimatedCompletionMs"}
    assert fields <= job.keys(), job
    return job


def test_attach_as_source_until_done(sb: Sandbox) -> None:
    upload = sb.uploaded()
    body = {"type": "file", "projectId": sb.project_id(), "uploadId": upload["id"], "name": "a.txt"}
    r = sb.post("/v1/sources", body, idem=idem_key())
    job = _job(r.status_code, r.json(), "SOURCE_INGEST_FILE")
    done = sb.wait_job(job["id"])
    assert done["status"] == "DONE" and done["type"] == "SOURCE_INGEST_FILE"
    assert done["progress"] is None or 0 <= done["progress"]["progress"] <= 1
    assert done["result"]["sourceId"].startswith("src_")


@pytest.mark.parametrize("with_project", [True, False])
def test_attach_as_knowledge_until_done(sb: Sandbox, with_project: bool) -> None:
    upload = sb.uploaded()
    body = {"type": "file", "uploadId": upload["id"], "name": "notes.txt"}
    if with_project:
        body["projectId"] = sb.project_id()
    r = sb.post("/v1/knowledge", body, idem=idem_key())
    job = _job(r.status_code, r.json(), "KB_INGEST_FILE")
    done = sb.wait_job(job["id"])
    assert done["status"] == "DONE" and done["result"]["documentId"].startswith("kb_")


def test_cancel_queued_job_then_done_job_is_not_cancellable(sb: Sandbox) -> None:
    body = {"type": "file", "projectId": sb.project_id(), "name": "a.txt"}
    r = sb.post("/v1/sources", {**body, "uploadId": sb.uploaded()["id"]})
    job = _job(r.status_code, r.json(), "SOURCE_INGEST_FILE")
    assert job["status"] == "QUEUED"
    c = sb.post(f"/v1/jobs/{job['id']}/cancel")
    assert 200 <= c.status_code < 300, c.text
    assert sb.get(f"/v1/jobs/{job['id']}").json()["data"]["status"] == "CANCELLED"
    r = sb.post("/v1/sources", {**body, "uploadId": sb.uploaded()["id"]})
    assert_error(sb.post(f"/v1/jobs/{job['id']}/cancel"), 409, "not_cancellable")  # CANCELLED
    r = sb.post("/v1/sources", {**body, "uploadId": sb.uploaded()["id"]})
    sb.advance(1)  # past the QUEUED tenth of the job
    running = sb.get(f"/v1/jobs/{r.json()['data']['id']}").json()["data"]
    assert running["status"] == "RUNNING"
    assert_error(sb.post(f"/v1/jobs/{running['id']}/cancel"), 409, "not_cancellable")
    done = sb.wait_job(running["id"])
    assert done["status"] == "DONE"
    assert_error(sb.post(f"/v1/jobs/{done['id']}/cancel"), 409, "not_cancellable")


def test_declared_type_not_matching_bytes_fails_the_job(sb: Sandbox) -> None:
    upload = sb.mint("image/png", 12)
    assert sb.put(upload, b"hello world\n").status_code == 200
    r = sb.post("/v1/knowledge", {"type": "file", "uploadId": upload["id"], "name": "x.png"})
    job = sb.wait_job(_job(r.status_code, r.json(), "KB_INGEST_FILE")["id"])
    assert job["status"] == "FAILED" and job["errorCode"] and job["errorMessage"]


# --- idempotency -----------------------------------------------------------------------------


def test_idempotent_replay_and_conflict(sb: Sandbox, key: str) -> None:
    k = idem_key()
    body = {"contentType": "text/plain", "maxSizeBytes": 10}
    first = sb.post("/v1/uploads", body, key=key, idem=k)
    again = sb.post("/v1/uploads", body, key=key, idem=k)
    assert 200 <= first.status_code < 300 and "Idempotent-Replayed" not in first.headers
    assert again.status_code == first.status_code
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    other = sb.post("/v1/uploads", {**body, "maxSizeBytes": 11}, key=key, idem=k)
    assert_error(other, 409, "idempotency_key_conflict")


def test_idempotent_attach_replays_the_same_job(sb: Sandbox, key: str) -> None:
    k = idem_key()
    body = {
        "type": "file",
        "projectId": sb.project_id(),
        "uploadId": sb.uploaded()["id"],
        "name": "a.txt",
    }
    first = sb.post("/v1/sources", body, key=key, idem=k)
    again = sb.post("/v1/sources", body, key=key, idem=k)
    assert again.status_code == first.status_code and 200 <= first.status_code < 300
    assert again.json()["data"]["id"] == first.json()["data"]["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"


def test_idempotency_keys_are_scoped_per_route(sb: Sandbox, key: str) -> None:
    k = idem_key()
    upload = sb.mint("text/plain", 12, key=key)
    assert sb.put(upload, b"hello world\n").status_code == 200
    r = sb.post("/v1/uploads", {"contentType": "text/plain", "maxSizeBytes": 3}, key=key, idem=k)
    assert 200 <= r.status_code < 300
    body = {"type": "file", "uploadId": upload["id"], "name": "n.txt"}
    kb = sb.post("/v1/knowledge", body, key=key, idem=k)
    assert 200 <= kb.status_code < 300, kb.text
    assert "Idempotent-Replayed" not in kb.headers


def test_idempotency_window_is_24_hours(sb: Sandbox, key: str) -> None:
    k = idem_key()
    body = {"contentType": "text/plain", "maxSizeBytes": 10}
    first = sb.post("/v1/uploads", body, key=key, idem=k)
    sb.advance(23 * 3600)
    assert sb.post("/v1/uploads", body, key=key, idem=k).json() == first.json()
    sb.advance(3600 + 60)
    late = sb.post("/v1/uploads", body, key=key, idem=k)
    assert 200 <= late.status_code < 300 and "Idempotent-Replayed" not in late.headers
    assert late.json()["data"]["id"] != first.json()["data"]["id"]


def test_api_success_responses_carry_request_id(sb: Sandbox) -> None:
    for r in (
        sb.get("/v1/workspaces/me"),
        sb.get("/v1/projects"),
        sb.post("/v1/uploads", {"contentType": "text/plain", "maxSizeBytes": 1}),
    ):
        assert r.headers.get("X-Request-Id"), r.url


@pytest.mark.parametrize("bad", ["a" * 65, "has space", "dots.are.bad", ""])
def test_malformed_idempotency_key_is_ignored(sb: Sandbox, key: str, bad: str) -> None:
    body = {"contentType": "text/plain", "maxSizeBytes": 10}
    headers = sb.headers(key, **{"Idempotency-Key": bad})
    one = sb.api.post("/v1/uploads", json=body, headers=headers)
    two = sb.api.post("/v1/uploads", json=body, headers=headers)
    assert 200 <= one.status_code < 300 and 200 <= two.status_code < 300, (one.text, two.text)
    assert one.json()["data"]["id"] != two.json()["data"]["id"]
    assert "Idempotent-Replayed" not in two.headers


def test_64_char_idempotency_key_is_honoured(sb: Sandbox, key: str) -> None:
    k = "A-z_9" * 12 + "abcd"
    assert len(k) == 64
    body = {"contentType": "image/png", "maxSizeBytes": 10}
    one = sb.post("/v1/uploads", body, key=key, idem=k)
    two = sb.post("/v1/uploads", body, key=key, idem=k)
    assert one.json() == two.json() and two.headers.get("Idempotent-Replayed") == "true"
