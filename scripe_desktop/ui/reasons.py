"""The engine's reason codes in words, through ``tr()``: every sentence a user reads can be
translated. The engine sends a code and data (``ItemSnapshot.reason_code``/``reason_data``);
its English ``reason`` is only the fallback for a code this module does not know yet.
The CLI words the same codes in ``scripe_desktop/reason_words.py`` (no Qt there).
"""

from __future__ import annotations

from typing import Any

from scripe_desktop.engine.events import ItemSnapshot, Reason

from .texts import clock_time, tr


def describe(code: str | None, data: dict[str, Any], name: str = "") -> str | None:
    """One plain sentence for a reason code, or None if the code is unknown."""
    try:
        reason = Reason(code) if code else None
    except ValueError:
        return None
    at = data.get("retry_at")
    when = clock_time(at) if isinstance(at, int | float) and at else None
    if reason is Reason.SPEND_CAP:
        until = data.get("until")
        if isinstance(until, int | float) and until:
            return tr(
                "Daily limit reached; added to Scripe after {time} (checked again {check})."
            ).format(time=clock_time(until), check=when or tr("soon"))
        return tr("Daily limit reached; waiting until it resets.")
    if reason is Reason.KEY_NEEDED:
        return tr("Waiting for a new API key.")
    if reason is Reason.PERMISSION:
        return tr("Waiting: your key is not allowed to add files.")
    if reason is Reason.RATE_LIMITED:
        return tr("Scripe asked us to slow down; retrying at {time}.").format(time=when or "…")
    if reason is Reason.OFFLINE:
        return tr("Waiting for a connection…")
    if reason is Reason.BUSY:
        if when:
            return tr("Scripe is busy; retrying at {time}.").format(time=when)
        return tr("Scripe is busy; retrying shortly.")
    if reason is Reason.STORAGE_STALLED:
        text = tr("Uploading stalled (the storage service is slow); retrying at {time}.")
        return text.format(time=when or "…")
    if reason is Reason.TWIN_PENDING:
        return tr("Waiting for an identical file to finish.")
    if reason is Reason.PAUSED_ALL:
        return tr("Paused with everything else.")
    if reason in (Reason.NO_PROJECT, Reason.PROJECT_MISSING):
        return tr("Choose where to send these.")
    if reason is Reason.PROJECT_GONE:
        return tr("The project was deleted in Scripe. Choose where to send these.")
    if reason is Reason.FILE_GONE:
        return tr("“{name}” was moved or deleted before it was uploaded.").format(name=name)
    if reason is Reason.KEEPS_CHANGING:
        return tr(
            "“{name}” keeps changing while it is being sent. Retry it once it has stopped changing."
        ).format(name=name)
    if reason is Reason.UNREADABLE:
        return tr("“{name}” can't be read anymore.").format(name=name)
    if reason is Reason.SERVER_FAILED:
        return tr("Scripe kept failing while handling “{name}”.").format(name=name)
    if reason is Reason.CLIENT_BUG:
        return tr("Scripe refused “{name}” because of a problem in this app.").format(name=name)
    if reason is Reason.STORAGE_REFUSED:
        return tr("The storage service refused “{name}” ({code}).").format(
            name=name, code=data.get("code", "")
        )
    if reason is Reason.TOO_LARGE:
        return tr("“{name}” is too large for Scripe.").format(name=name)
    if reason is Reason.REFUSED:
        return tr("Scripe refused “{name}”: {message}").format(
            name=name, message=data.get("message", "")
        )
    if reason is Reason.JOB_FAILED:
        return tr("Scripe couldn't process “{name}”: {message}").format(
            name=name, message=data.get("message") or tr("it could not be processed")
        )
    if reason is Reason.JOB_LOST:
        return tr("Scripe lost track of “{name}” while processing it.").format(name=name)
    if reason is Reason.NOT_CANCELLABLE:
        return tr("Scripe is already processing this file; it can't be stopped.")
    if reason is Reason.DUPLICATE:
        same = data.get("same_as")
        if same:
            return tr("Already in this destination (same as “{other}”).").format(other=same)
        return tr("Already in this destination.")
    if reason is Reason.UNEXPECTED:
        return tr("Something went wrong with “{name}”.").format(name=name)
    return None


def item_reason(item: ItemSnapshot) -> str | None:
    """The item's reason in the user's language (the engine's English if the code is new)."""
    return describe(item.reason_code, item.reason_data, item.name) or item.reason
