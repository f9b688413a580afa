"""Jobs whose status is derived from the sandbox clock, and the content sniffing that fails them.

Nothing runs in the background: a job's state is a pure function of its creation time, its
duration and "now", so advancing the clock is all a test needs to do.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import magic

from .. import contract
from .clock import iso
from .state import Job

QUEUED_FRACTION = 0.1
_magic_lock = threading.Lock()
_magic: magic.Magic | None = None


def sniff(path: Path) -> str:
    """libmagic's MIME type of a stored object (``magic.Magic`` is not thread-safe: lock it)."""
    global _magic
    with _magic_lock:
        if _magic is None:
            _magic = magic.Magic(mime=True)
        return str(_magic.from_file(str(path)))


def content_failure(path: Path | None, declared: str) -> tuple[str, str] | None:
    """(errorCode, errorMessage) when the bytes are not what the upload declared, else None."""
    if path is None:
        return ("unsupported_content", "The uploaded file could not be read.")
    detected = sniff(path)
    declared_family = contract.family_of(declared)
    detected_family = contract.family_of(contract.upload_content_type(detected))
    if detected_family is None or declared_family is None or detected_family != declared_family:
        label = declared_family.label if declared_family else declared
        return (
            "unsupported_content",
            f"The file was uploaded as {label} ({declared}) but its content is {detected}.",
        )
    return None


def job_status(job: Job, now: float) -> str:
    if job.cancelled_at is not None:
        return "CANCELLED"
    elapsed = now - job.created_at
    if elapsed < job.duration * QUEUED_FRACTION:
        return "QUEUED"
    if elapsed < job.duration:
        return "RUNNING"
    return "FAILED" if job.failure else "DONE"


def job_json(job: Job, now: float) -> dict[str, Any]:
    """The API's Job object at sandbox time ``now``."""
    status = job_status(job, now)
    end = job.created_at + job.duration
    progress: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    error_code = error_message = None
    estimated: int | None = None
    updated = job.created_at
    verb = "Transcribing and indexing" if job.type == "SOURCE_INGEST_FILE" else "Indexing"
    if status == "QUEUED":
        estimated = max(0, round((end - now) * 1000))
    elif status == "RUNNING":
        start = job.created_at + job.duration * QUEUED_FRACTION
        fraction = (now - start) / max(end - start, 1e-9)
        progress = {"progress": round(min(max(fraction, 0.0), 0.99), 3), "message": verb}
        estimated = max(0, round((end - now) * 1000))
        updated = now
    elif status == "DONE":
        progress = {"progress": 1.0, "message": "Done"}
        result = {job.result_key: job.result_id}
        updated = end
    elif status == "FAILED":
        assert job.failure is not None
        error_code, error_message = job.failure
        updated = end
    elif status == "CANCELLED":
        assert job.cancelled_at is not None
        updated = job.cancelled_at
    return {
        "id": job.id,
        "type": job.type,
        "status": status,
        "progress": progress,
        "result": result,
        "errorCode": error_code,
        "errorMessage": error_message,
        "estimatedCompletionMs": estimated,
        "createdAt": iso(job.created_at),
        "updatedAt": iso(updated),
    }
