"""The engine's reason codes in words, through ``tr()``: every sentence a user reads can be
translated. The engine sends a code and data (``ItemSnapshot.reason_code``/``reason_data``);
its English ``reason`` is only the fallback for a code this module does not know yet.
The CLI words the same codes in ``scripe_desktop/reason_words.py`` (no Qt there).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scripe_desktop.engine.events import Condition, ConditionKind, ItemSnapshot, Reason

from .texts import clock_time, plural, tr


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
    if reason is Reason.STORAGE_UNREACHABLE:
        text = tr("The storage service could not be reached; retrying at {time}.")
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
    if reason is Reason.ALREADY_ATTACHED:
        return tr("“{name}” is already in Scripe; it was not sent again.").format(name=name)
    if reason is Reason.UNEXPECTED:
        return tr("Something went wrong with “{name}”.").format(name=name)
    return None


def item_reason(item: ItemSnapshot) -> str | None:
    """The item's reason in the user's language (the engine's English if the code is new)."""
    return describe(item.reason_code, item.reason_data, item.name) or item.reason


def _queue_why(problem: str) -> str:
    return {
        "disk_full": tr("there isn't enough disk space"),
        "read_only": tr("it is read-only, or this account may not write there"),
        "replaced": tr("another program deleted or replaced the file"),
        "damaged": tr("the file is damaged"),
    }.get(problem, tr("the file can't be used"))


def queue_unwritable(data: dict[str, Any]) -> str:
    """The banner when the queue file fails under a running engine (ConditionKind
    QUEUE_UNWRITABLE): where, why, that nothing is lost, and what to do."""
    problem, path = str(data.get("problem", "")), str(data.get("path", ""))
    head = tr("<b>The upload queue can't be written at {path}</b>: {why}.").format(
        path=path, why=_queue_why(problem)
    )
    waiting = int(data.get("waiting") or 0)
    if data.get("retrying"):  # full or read-only: the engine tries again by itself
        return f"{head} {_queue_retrying(problem, path, waiting)}"
    if problem == "replaced":
        rest = tr("Uploads have stopped so that nothing is sent twice.")
    else:
        rest = tr("Uploads have stopped; nothing was lost.")
    if problem == "disk_full":
        todo = tr("Free some space, then quit and open Scripe Desktop again to continue.")
    elif problem == "read_only":
        folder = str(Path(path).parent)
        todo = tr("Check the permissions of {folder}, then quit and open Scripe Desktop again.")
        todo = todo.format(folder=folder)
    else:
        todo = tr("Quit and open Scripe Desktop again to continue.")
    if waiting:  # held for a full disk, then the file was replaced: they can't be added
        todo += " " + plural(
            tr("%n dropped item(s) could not be added: drop them again after that.", "", waiting),
            waiting,
        )
    return f"{head} {rest} {todo}"


def _queue_retrying(problem: str, path: str, waiting: int) -> str:
    """A full or read-only queue (the engine retries every few seconds): what to do, that it
    continues by itself, and how many drops wait to be added."""
    rest = tr("Uploads have stopped; nothing was lost.")
    if problem == "disk_full":
        todo = tr("Free some space: uploads continue by themselves.")
        held = tr("%n dropped item(s) will be added as soon as there is space.", "", waiting)
    else:
        folder = str(Path(path).parent)
        todo = tr(
            "Check the permissions of {folder}: uploads continue by themselves once it can "
            "be written."
        ).format(folder=folder)
        held = tr("%n dropped item(s) will be added as soon as it can be written.", "", waiting)
    parts = [rest, todo]
    if waiting:
        parts.append(plural(held, waiting))
    return " ".join(parts)


def held_drops(conditions: Iterable[Condition]) -> int:
    """Dropped paths the engine holds because the queue can't be written (0 if none)."""
    for c in conditions:
        if c.kind is ConditionKind.QUEUE_UNWRITABLE:
            return int((c.data or {}).get("waiting") or 0)
    return 0


def queue_unusable_at_start(data: dict[str, Any]) -> str:
    """The start-up message for a queue file that can't be opened: the CLI's sentence (path,
    what to do, where a damaged file was kept), through ``tr()``."""
    problem, path = str(data.get("problem", "")), str(data.get("path", ""))
    if problem == "damaged":
        parts = [tr("The upload queue at {path} is damaged and can't be read.").format(path=path)]
        if data.get("kept"):
            parts.append(tr("It was kept as {kept}.").format(kept=data["kept"]))
        parts.append(tr("Open Scripe Desktop again to start with an empty queue."))
        if data.get("journal"):
            parts.append(
                tr("Files already added to Scripe are remembered and won't be sent again.")
            )
        else:
            parts.append(tr("Files that were already uploaded may be uploaded again (duplicates)."))
        return " ".join(parts)
    if problem == "disk_full":
        return tr(
            "Not enough disk space for the upload queue at {path}. Free some space, then open "
            "Scripe Desktop again: nothing queued is lost."
        ).format(path=path)
    if problem == "read_only":
        folder = str(Path(path).parent)
        return tr(
            "The upload queue at {path} can't be written to (read-only or no permission). Check "
            "the permissions of {folder}, or set SCRIPE_DESKTOP_HOME to another folder."
        ).format(path=path, folder=folder)
    return tr("The upload queue at {path} can't be used: {why}.").format(
        path=path, why=_queue_why(problem)
    )
