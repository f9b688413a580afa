"""The engine's reason codes in plain English for the command line (no Qt here).

The window words the same codes through ``tr()`` in ``ui/reasons.py``; the engine's own
``reason`` text is the fallback for a code neither knows.
"""

from __future__ import annotations

import time
from typing import Any

from .engine.events import ItemSnapshot, Reason

_TEXT: dict[Reason, str] = {
    Reason.KEY_NEEDED: "Waiting for a new API key.",
    Reason.PERMISSION: "Waiting: your key is not allowed to add files.",
    Reason.SPEND_CAP: "Daily limit reached; added to Scripe after {until} (checked again {at}).",
    Reason.RATE_LIMITED: "Scripe asked us to slow down; retrying at {at}.",
    Reason.OFFLINE: "Waiting for a connection…",
    Reason.BUSY: "Scripe is busy; retrying at {at}.",
    Reason.STORAGE_STALLED: "Uploading stalled (the storage service is slow); retrying at {at}.",
    Reason.STORAGE_UNREACHABLE: "The storage service could not be reached; retrying at {at}.",
    Reason.TWIN_PENDING: "Waiting for an identical file to finish.",
    Reason.PAUSED_ALL: "Paused with everything else.",
    Reason.NO_PROJECT: "Choose where to send these.",
    Reason.PROJECT_MISSING: "Choose where to send these.",
    Reason.PROJECT_GONE: "The project was deleted in Scripe. Choose where to send these.",
    Reason.FILE_GONE: "“{name}” was moved or deleted before it was uploaded.",
    Reason.UNREADABLE: "“{name}” can't be read anymore.",
    Reason.SERVER_FAILED: "Scripe kept failing while handling “{name}”.",
    Reason.KEEPS_CHANGING: (
        "“{name}” keeps changing while it is being sent. Retry it once it has stopped changing."
    ),
    Reason.CLIENT_BUG: "Scripe refused “{name}” because of a problem in this app.",
    Reason.STORAGE_REFUSED: "The storage service refused “{name}” ({code}).",
    Reason.TOO_LARGE: "“{name}” is too large for Scripe.",
    Reason.REFUSED: "Scripe refused “{name}”: {message}",
    Reason.JOB_FAILED: "Scripe couldn't process “{name}”: {message}",
    Reason.JOB_LOST: "Scripe lost track of “{name}” while processing it.",
    Reason.NOT_CANCELLABLE: "Scripe is already processing this file; it can't be stopped.",
    Reason.DUPLICATE: "Already in this destination.",
    Reason.ALREADY_ATTACHED: "“{name}” is already in Scripe; it was not sent again.",
    Reason.UNEXPECTED: "Something went wrong with “{name}”.",
}


def _clock(ts: Any) -> str:
    return time.strftime("%H:%M", time.localtime(ts)) if isinstance(ts, int | float) else "…"


def describe(code: str | None, data: dict[str, Any], name: str = "") -> str | None:
    try:
        reason = Reason(code) if code else None
    except ValueError:
        return None
    if reason is None:
        return None
    values = {
        "name": name,
        "code": data.get("code", ""),
        "message": data.get("message") or "it could not be processed",
        "until": _clock(data.get("until")),
        "at": _clock(data.get("retry_at")),
    }
    return _TEXT[reason].format(**values)


def item_reason(item: ItemSnapshot) -> str | None:
    return describe(item.reason_code, item.reason_data, item.name) or item.reason
