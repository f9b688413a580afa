"""Attaching as source / knowledge, job lifecycle from the sandbox clock, cancel, attach errors."""

from __future__ import annotations

import httpx
import pytest

from scripe_desktop.sandbox import Sandbox

from .conftest import PNG, TEXT, api_client, error_of, first_project, mint, uploaded


def _source(api: httpx.Client, upload_id: str, project: str | None = None) -> httpx.Response:
    body = {"type": "file", "projectId": project or first_project(api), "uploadId": upload_id}
    return api.post("/v1/sources", json={**body, "name": "notes.txt"})


def _poll(api: httpx.Client, job_id: str) -> dict[str, object]:
    r = api.get(f"/v1/jobs/{job_id}")
    assert r.status_code == 200, r.text
    job: dict[str, object] = r.json()["data"]
    return job


def test_source_end_to_end(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    upload_id = uploaded(api, storage, "text/plain", TEXT)
    project = first_project(api)
    r = _source(api, upload_id, project)
    assert r.status_code == 202
    job = r.json()["data"]
    assert job["id"].startswith("job_")
    assert job["type"] == "SOURCE_INGEST_FILE"
    assert job["status"] == "QUEUED" and job["result"] is None
    assert job["estimatedCompletionMs"] == 1000
    sb.clock.advance(0.5)
    running = _poll(api, job["id"])
    assert running["status"] == "RUNNING"
    assert 0 < running["progress"]["progress"] < 1  # type: ignore[index]
    sb.clock.advance(0.6)
    done = _poll(api, job["id"])
    assert done["status"] == "DONE"
    source_id = done["result"]["sourceId"]  # type: ignore[index]
    assert source_id.startswith("src_")
    assert done["errorCode"] is None and done["estimatedCompletionMs"] is None
    rec = sb.records()
    assert rec["sources"] == [
        {
            "id": source_id,
            "workspaceId": rec["sources"][0]["workspaceId"],
            "uploadId": upload_id,
            "projectId": project,
            "name": "notes.txt",
            "jobId": job["id"],
        }
    ]
    assert rec["uploads"][0]["attachedTo"] == source_id


@pytest.mark.parametrize("with_project", [False, True])
def test_knowledge_end_to_end(
    api: httpx.Client, storage: httpx.Client, sb: Sandbox, with_project: bool
) -> None:
    upload_id = uploaded(api, storage, "image/png", PNG)
    body = {"type": "file", "uploadId": upload_id, "name": "pixel.png"}
    if with_project:
        body["projectId"] = first_project(api)
    r = api.post("/v1/knowledge", json=body)
    assert r.status_code == 202, r.text
    job = r.json()["data"]
    assert job["type"] == "KB_INGEST_FILE"
    sb.clock.advance(2)
    done = _poll(api, job["id"])
    assert done["status"] == "DONE"
    assert done["result"]["documentId"].startswith("kb_")  # type: ignore[index]
    assert sb.records()["knowledge"][0]["projectId"] == body.get("projectId")


def test_png_declared_as_audio_fails(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    upload_id = uploaded(api, storage, "audio/mpeg", PNG)
    job = _source(api, upload_id).json()["data"]
    sb.clock.advance(2)
    failed = _poll(api, job["id"])
    assert failed["status"] == "FAILED"
    assert failed["errorCode"] == "unsupported_content"
    assert "image/png" in str(failed["errorMessage"])
    assert failed["result"] is None


def test_fail_jobs_next(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    sb.faults.fail_jobs_next(1)
    first = _source(api, uploaded(api, storage, "text/plain", TEXT)).json()["data"]
    second = _source(api, uploaded(api, storage, "text/plain", TEXT)).json()["data"]
    sb.clock.advance(2)
    assert _poll(api, first["id"])["status"] == "FAILED"
    assert _poll(api, first["id"])["errorMessage"]
    assert _poll(api, second["id"])["status"] == "DONE"


def test_cancel_rules(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    job = _source(api, uploaded(api, storage, "text/plain", TEXT)).json()["data"]
    r = api.post(f"/v1/jobs/{job['id']}/cancel")
    assert r.status_code == 200
    assert r.json()["data"]["status"] == "CANCELLED"
    sb.clock.advance(5)
    assert _poll(api, job["id"])["status"] == "CANCELLED"
    r = api.post(f"/v1/jobs/{job['id']}/cancel")
    assert r.status_code == 409 and error_of(r)["code"] == "not_cancellable"
    running = _source(api, uploaded(api, storage, "text/plain", TEXT)).json()["data"]
    sb.clock.advance(0.5)
    r = api.post(f"/v1/jobs/{running['id']}/cancel")
    assert r.status_code == 409 and error_of(r)["details"]["status"] == "RUNNING"
    sb.clock.advance(1)
    r = api.post(f"/v1/jobs/{running['id']}/cancel")
    assert r.status_code == 409 and error_of(r)["details"]["status"] == "DONE"


def test_unknown_and_foreign_jobs(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    r = api.get("/v1/jobs/job_doesnotexist")
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"
    job = _source(api, uploaded(api, storage, "text/plain", TEXT)).json()["data"]
    with api_client(sb, sb.issue_key(workspace_name="Another workspace")) as other:
        assert other.get(f"/v1/jobs/{job['id']}").status_code == 404


def test_attach_errors(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    never_put = mint(api, "text/plain", 10)["id"]
    r = _source(api, never_put)
    assert r.status_code == 422
    assert error_of(r)["details"]["reason"] == "upload_not_received"

    r = _source(api, "upl_unknown")
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"

    r = _source(api, uploaded(api, storage, "text/plain", TEXT), project="proj_nope")
    assert r.status_code == 404 and error_of(r)["details"]["reason"] == "project_not_found"

    attached = uploaded(api, storage, "text/plain", TEXT)
    assert _source(api, attached).status_code == 202
    r = api.post("/v1/knowledge", json={"type": "file", "uploadId": attached, "name": "a"})
    assert r.status_code == 422
    assert error_of(r)["details"]["reason"] == "upload_already_attached"

    for bad in ({"type": "url", "uploadId": attached, "name": "a"}, {"type": "file", "name": "a"}):
        r = api.post("/v1/knowledge", json=bad)
        assert r.status_code == 400 and error_of(r)["code"] == "invalid_request"
    r = api.post("/v1/sources", json={"type": "file", "uploadId": attached, "name": "a"})
    assert r.status_code == 400  # sources need a projectId


def test_upload_older_than_24h(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    upload_id = uploaded(api, storage, "text/plain", TEXT)
    kept = uploaded(api, storage, "text/plain", TEXT)
    assert _source(api, kept).status_code == 202
    assert sb.object_path(upload_id) is not None
    sb.clock.advance(24 * 3600 + 1)
    assert sb.object_path(upload_id) is None  # bytes are garbage-collected
    assert sb.object_path(kept) is not None  # attached bytes stay
    r = _source(api, upload_id)
    assert r.status_code == 404
    assert error_of(r)["details"]["reason"] == "upload_expired"


def test_scope_and_plan(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    upload_id = uploaded(api, storage, "text/plain", TEXT)
    with api_client(sb, sb.issue_key(scopes=("knowledge:write",))) as c:
        r = _source(c, upload_id, first_project(api))
    assert r.status_code == 403
    err = error_of(r)
    assert err["code"] == "scope_missing" and err["details"]["required"] == ["sources:write"]
    with api_client(sb, sb.issue_key(scopes=("sources:write",))) as c:
        r = c.post("/v1/knowledge", json={"type": "file", "uploadId": upload_id, "name": "a"})
    assert error_of(r)["details"]["required"] == ["knowledge:write"]
    with api_client(sb, sb.issue_key(plan="free", workspace_name="Free ws")) as free:
        assert free.get("/v1/workspaces/me").json()["workspace"]["plan"] == "free"
        r = free.post("/v1/knowledge", json={"type": "file", "uploadId": upload_id, "name": "a"})
    assert r.status_code == 403 and error_of(r)["code"] == "plan_not_eligible"


def test_idempotent_attach_creates_one_job(
    api: httpx.Client, storage: httpx.Client, sb: Sandbox
) -> None:
    upload_id = uploaded(api, storage, "text/plain", TEXT)
    body = {"type": "file", "projectId": first_project(api), "uploadId": upload_id, "name": "n"}
    a = api.post("/v1/sources", json=body, headers={"Idempotency-Key": "attach-1"})
    b = api.post("/v1/sources", json=body, headers={"Idempotency-Key": "attach-1"})
    assert a.status_code == b.status_code == 202
    assert b.headers["Idempotent-Replayed"] == "true"
    assert a.json() == b.json()
    assert len(sb.records()["jobs"]) == 1
