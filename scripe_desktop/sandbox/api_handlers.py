"""Handlers of the /v1 routes; called by :mod:`api_routes` with the state lock held."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from .. import contract
from .clock import iso, next_utc_midnight, utc_day
from .jobs import content_failure, job_json, job_status
from .presign import presign_put
from .state import ATTACH_COST_CENTS, UPLOAD_TTL, URL_TTL, Attachment, Job, State, Upload
from .wire import ApiError, Response, json_response, random_id

if TYPE_CHECKING:
    from .api_routes import Call

ACCEPTED_TYPES = (
    "audio/*",
    "video/*",
    "image/*",
    "application/pdf",
    *contract.WORD_TYPES,
    "text/plain",
)
FEATURES = {"free": ["uploads"], "pro": ["uploads", "sources", "knowledge"]}


def _bad(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


def _string(body: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(f"'{name}' is required and must be a non-empty string.")
    return value


# --- workspace and projects ------------------------------------------------------------------


def workspace_me(call: Call) -> Response:
    ws = call.key.workspace
    return json_response(
        200,
        {
            "workspace": {
                "id": ws.id,
                "name": ws.name,
                "plan": ws.plan,
                "features": FEATURES.get(ws.plan, ["uploads"]),
            },
            "principal": {"type": "api_key", "id": call.key.id, "scopes": list(call.key.scopes)},
        },
    )


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"projects:{offset}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix != "projects" or not number.isdigit():
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise _bad("'cursor' is not a cursor returned by this endpoint.") from exc


def list_projects(call: Call) -> Response:
    query = call.req.query
    limit_text = query.get("limit", ["50"])[-1]
    if not limit_text.strip().isdigit() or not 1 <= int(limit_text) <= 200:
        raise _bad(f"'limit' must be an integer from 1 to 200, not {limit_text!r}.")
    limit = int(limit_text)
    cursor = query.get("cursor", [""])[-1]
    offset = _decode_cursor(cursor) if cursor else 0
    projects = call.key.workspace.projects
    page = projects[offset : offset + limit]
    more = offset + limit < len(projects)
    return json_response(
        200,
        {
            "data": [p.as_json(call.state.base_url) for p in page],
            "pagination": {
                "next_cursor": _encode_cursor(offset + limit) if more else None,
                "has_more": more,
            },
        },
    )


# --- uploads ---------------------------------------------------------------------------------


def create_upload(call: Call) -> Response:
    body: dict[str, Any] = call.json
    state = call.state
    raw_type = _string(body, "contentType")
    assert raw_type is not None
    content_type = contract.strip_params(raw_type)  # [decision] parameters are stripped
    family = contract.family_of(content_type)
    if family is None or "/" not in content_type:
        raise ApiError(
            422,
            "unprocessable",
            f"Content type {content_type!r} is not accepted. "
            f"Accepted: {', '.join(ACCEPTED_TYPES)}.",
            details={"field": "contentType", "accepted": list(ACCEPTED_TYPES)},
        )
    max_size = body.get("maxSizeBytes")
    if max_size is None:
        max_size = family.cap_bytes
    if not isinstance(max_size, int) or isinstance(max_size, bool):
        raise _bad("'maxSizeBytes' must be an integer number of bytes.")
    if max_size < 1 or max_size > family.cap_bytes:
        cap_mb = family.cap_bytes // contract.MB
        raise ApiError(
            422,
            "unprocessable",
            f"maxSizeBytes must be from 1 to {family.cap_bytes} ({cap_mb} MB, the cap for "
            f"{family.label} files); got {max_size}.",
            details={"field": "maxSizeBytes", "capBytes": family.cap_bytes, "family": family.name},
        )
    now = state.clock.now()
    ws = call.key.workspace
    upload_id = random_id("upl_", 24)
    up = Upload(
        id=upload_id,
        workspace_id=ws.id,
        content_type=content_type,
        max_size=max_size,
        minted_at=now,
        expires_at=now + URL_TTL,
        bucket=state.bucket,
        object_key=f"{ws.id}/{upload_id}",
    )
    host = state.base_url.split("://", 1)[-1]
    up.url = presign_put(host, up.bucket, up.object_key, content_type, now, URL_TTL)
    state.add_upload(up)
    data = {
        "id": up.id,
        "uploadUrl": up.url,
        "contentType": up.content_type,
        "maxSizeBytes": up.max_size,
        "expiresAt": iso(up.expires_at),
    }
    return json_response(201, {"data": data})


# --- attaching -------------------------------------------------------------------------------


def spend_meta(state: State) -> dict[str, Any]:
    now = state.clock.now()
    return {
        "capCents": state.spend.cap_cents,
        "spentCents": state.spend.spent_cents,
        "resetsAt": iso(next_utc_midnight(now)),
    }


def _check_spend(state: State) -> None:
    spend = state.spend
    today = utc_day(state.clock.now())
    if spend.day != today:
        if spend.day:
            spend.spent_cents = 0  # a new UTC day: the daily cap starts over
        spend.day = today
    if spend.cap_cents is not None and spend.spent_cents >= spend.cap_cents:
        raise ApiError(
            402,
            "spend_cap_exceeded",
            "The workspace's daily AI spend cap is reached; attaching resumes at 00:00 UTC.",
            meta=spend_meta(state),
        )


def _usable_upload(state: State, ws_id: str, upload_id: str) -> Upload:
    up = state.uploads.get(upload_id)
    if up is None or up.workspace_id != ws_id:
        raise ApiError(
            404,
            "not_found",
            f"Upload {upload_id} does not exist.",
            details={"reason": "upload_not_found", "uploadId": upload_id},
        )
    if up.collected or (not up.attached_to and state.clock.now() - up.minted_at >= UPLOAD_TTL):
        state.collect_garbage()
        raise ApiError(
            404,
            "not_found",
            f"Upload {upload_id} expired: bytes not attached within 24 h are deleted.",
            details={"reason": "upload_expired", "uploadId": upload_id},
        )
    if up.attached_to:
        raise ApiError(
            422,
            "unprocessable",
            f"Upload {upload_id} is already attached ({up.attached_to}).",
            details={"reason": "upload_already_attached", "uploadId": upload_id},
        )
    if not up.received:
        raise ApiError(
            422,
            "unprocessable",
            f"Upload {upload_id} has no bytes yet: PUT the file to its uploadUrl first.",
            details={"reason": "upload_not_received", "uploadId": upload_id},
        )
    return up


def _attach(call: Call, kind: str) -> Response:
    body: dict[str, Any] = call.json
    state = call.state
    if body.get("type") != "file":
        raise _bad("'type' must be \"file\".")
    upload_id = _string(body, "uploadId")
    name = _string(body, "name")
    project_id = _string(body, "projectId", required=kind == "source")
    assert upload_id is not None and name is not None
    if len(name) > 512:
        raise ApiError(422, "unprocessable", "'name' is longer than 512 characters.")
    ws = call.key.workspace
    if project_id is not None and all(p.id != project_id for p in ws.projects):
        raise ApiError(
            404,
            "not_found",
            f"Project {project_id} does not exist in this workspace.",
            details={"reason": "project_not_found", "projectId": project_id},
        )
    up = _usable_upload(state, ws.id, upload_id)
    _check_spend(state)
    now = state.clock.now()
    if state.faults.take_job_failure():
        failure: tuple[str, str] | None = (
            "processing_failed",
            "Processing failed (injected by the sandbox: faults.fail_jobs_next).",
        )
    else:
        failure = content_failure(up.path, up.content_type)
    att_id = random_id("src_" if kind == "source" else "kb_", 20)
    job = Job(
        id=random_id("job_", 20),
        type="SOURCE_INGEST_FILE" if kind == "source" else "KB_INGEST_FILE",
        workspace_id=ws.id,
        created_at=now,
        duration=state.job_duration,
        result_key="sourceId" if kind == "source" else "documentId",
        result_id=att_id,
        failure=failure,
    )
    state.jobs[job.id] = job
    state.attachments[att_id] = Attachment(att_id, kind, ws.id, up.id, project_id, name, job.id)
    up.attached_to = att_id
    state.spend.spent_cents += ATTACH_COST_CENTS
    return json_response(202, {"data": job_json(job, now)})


def attach_source(call: Call) -> Response:
    return _attach(call, "source")


def attach_knowledge(call: Call) -> Response:
    return _attach(call, "knowledge")


# --- jobs --------------------------------------------------------------------------------------


def _job(call: Call) -> Job:
    job = call.state.jobs.get(call.params["job_id"])
    if job is None or job.workspace_id != call.key.workspace.id:
        raise ApiError(404, "not_found", f"Job {call.params['job_id']} does not exist.")
    return job


def get_job(call: Call) -> Response:
    return json_response(200, {"data": job_json(_job(call), call.state.clock.now())})


def cancel_job(call: Call) -> Response:
    job = _job(call)
    now = call.state.clock.now()
    status = job_status(job, now)
    if status != "QUEUED":
        raise ApiError(
            409,
            "not_cancellable",
            f"Only QUEUED jobs can be cancelled; this one is {status}.",
            details={"status": status},
        )
    job.cancelled_at = now
    return json_response(200, {"data": job_json(job, now)})
