"""Plain-language wording for items, sizes and times, shared by the model, status bar and tray.

Why one module: the same words ("Waiting", "Failed: …") must read identically everywhere, and
every string goes through Qt's translation function under one context.
"""

from __future__ import annotations

import enum
import time

from PySide6.QtCore import QCoreApplication

from scripe_desktop.contract import family_of
from scripe_desktop.engine.events import AttachKind, ItemSnapshot, ItemState, Target

# pyside6-lupdate files module-level ``tr("…")`` calls under the empty context, so the
# lookup uses the same one (see resources/translations/README.txt).
_CTX = ""


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(_CTX, text, disambiguation, n)


def plural(translated: str, n: int) -> str:
    """English fallback for Qt's ``%n … (s)`` strings when no translation is installed.

    Qt picks plural forms from a .qm file; without one (English source text) it would print
    "1 file(s)". A real translation never contains "(s)", so this only touches the source text.
    """
    return translated.replace("(s)", "" if n == 1 else "s")


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KB' (1024-based, as the API's caps are)."""
    value = float(max(n, 0))
    if value < 1024:
        return tr("{n} B").format(n=int(value))
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def human_speed(bps: float) -> str:
    return tr("{size}/s").format(size=human_bytes(bps))


def human_duration(seconds: float | None) -> str:
    """A short, rounded duration: 'about 3 min', 'less than a minute'."""
    if seconds is None or seconds < 0:
        return tr("unknown")
    if seconds < 60:
        return tr("less than a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return tr("about {n} min").format(n=minutes)
    return tr("about {h} h {m} min").format(h=minutes // 60, m=minutes % 60)


def clock_time(epoch: float) -> str:
    """Local wall-clock time for 'resumes at 01:00'."""
    return time.strftime("%H:%M", time.localtime(epoch))


def type_label(content_type: str | None, finished: bool = False) -> str:
    if not content_type:
        return tr("Unknown") if finished else tr("Checking…")
    family = family_of(content_type)
    labels = {
        "audio": tr("Audio"),
        "video": tr("Video"),
        "image": tr("Image"),
        "pdf": tr("PDF"),
        "word": tr("Word document"),
        "text": tr("Text"),
    }
    if family is None:
        return tr("Other ({type})").format(type=content_type.split(";")[0])
    return labels.get(family.name, family.label)


def destination_label(target: Target, project_names: dict[str, str]) -> str:
    """'Sources · Interviews', 'Knowledge'."""
    project = project_names.get(target.project_id or "", target.project_id or "")
    if target.kind is AttachKind.SOURCE:
        return tr("Sources · {project}").format(project=project)
    if target.kind is AttachKind.KNOWLEDGE:
        if target.project_id:
            return tr("Knowledge · {project}").format(project=project)
        return tr("Knowledge")
    if target.kind is AttachKind.UNSET:
        return tr("Not chosen yet")
    return tr("Upload only")  # queued by an older version or the CLI's --attach none


def place_name(target: Target, project_names: dict[str, str]) -> str:
    """Where a file went, as a person names it: the project, or Knowledge."""
    if target.kind is AttachKind.SOURCE:
        return project_names.get(target.project_id or "", tr("the project"))
    if target.kind is AttachKind.KNOWLEDGE:
        if target.project_id and target.project_id in project_names:
            return tr("Knowledge in {project}").format(project=project_names[target.project_id])
        return tr("Knowledge")
    return tr("Scripe (not added anywhere)")


def result_text(item: ItemSnapshot, project_names: dict[str, str]) -> str:
    """The result column: 'Added to Podcast interviews' (the id is behind "Copy id")."""
    if item.state is ItemState.DONE:
        if item.target.kind is AttachKind.NONE:
            return tr("Uploaded, not added anywhere")
        return tr("Added to {place}").format(place=place_name(item.target, project_names))
    if item.state is ItemState.DUPLICATE:
        return tr("Already in {place}").format(place=place_name(item.target, project_names))
    return ""


class Wait(enum.Enum):
    """What a waiting (or stalled) file waits for, most specific first."""

    DESTINATION = "destination"
    KEY = "key"
    CONNECTION = "connection"
    DAILY_LIMIT = "daily_limit"
    SLOW_DOWN = "slow_down"
    SLOT = "slot"
    RETRY = "retry"


def wait_text(wait: Wait) -> str:
    return {
        Wait.DESTINATION: tr("Waiting for you to choose a destination"),
        Wait.KEY: tr("Waiting for a working API key"),
        Wait.CONNECTION: tr("Waiting for a connection"),
        Wait.DAILY_LIMIT: tr("Uploaded · waiting for the daily limit to reset"),
        Wait.SLOW_DOWN: tr("Waiting: Scripe asked us to slow down"),
        Wait.SLOT: tr("Waiting for a free upload slot"),
        Wait.RETRY: tr("Waiting to try again"),
    }[wait]


def status_text(
    item: ItemSnapshot,
    bytes_sent: int,
    speed: float,
    wait: Wait | None = None,
    *,
    stalled: bool = False,
    project_names: dict[str, str] | None = None,
) -> str:
    """The status column in words, e.g. 'Uploading 42 % · 3.1 MB/s', 'Added to Interviews'.

    ``speed`` is 0 when nothing was sent in the last few seconds: then no speed is shown, and
    ``wait`` (if known) says why, or ``stalled`` says that nothing moves. The engine's reason
    code (``reasons.py``) words the waits it knows best (daily limit, slow down, busy…).
    """
    from .reasons import item_reason  # reasons imports this module

    state = item.state
    reason = item_reason(item)
    if state is ItemState.WAITING:
        if wait in (Wait.DESTINATION, Wait.KEY, Wait.CONNECTION) or not reason:
            return wait_text(wait or Wait.SLOT)
        return reason if item.reason_code else wait_text(wait or Wait.SLOT)
    if state is ItemState.NEEDS_DESTINATION:
        return reason or tr("Choose where to send these.")
    if state is ItemState.UPLOADING:
        pct = int(100 * bytes_sent / item.size) if item.size else 0
        text = tr("Uploading {pct} %").format(pct=pct)
        if speed > 0:
            return text + " · " + human_speed(speed)
        if wait is not None:
            return text + " · " + wait_text(wait)
        if stalled:
            return text + " · " + tr("no data sent for a while")
        return text
    if state is ItemState.ATTACHING:
        if wait is Wait.DAILY_LIMIT:
            return wait_text(wait)
        return tr("Adding to Scripe")
    if state is ItemState.PROCESSING:
        return tr("Processing in Scripe")
    if state is ItemState.DONE:
        if project_names is not None:
            return result_text(item, project_names)
        return tr("Done")
    if state is ItemState.PAUSED:
        return tr("Paused")
    if state is ItemState.CANCELLED:
        return tr("Cancelled")
    if state is ItemState.DUPLICATE:
        if project_names is not None:
            return result_text(item, project_names)
        return tr("Already in Scripe")
    if state is ItemState.SKIPPED:
        return tr("Skipped: {reason}").format(reason=reason or tr("not supported"))
    if state is ItemState.FAILED:
        return tr("Failed: {reason}").format(reason=reason or tr("unknown error"))
    return str(state)  # a newer engine state: show it rather than hide it


def batch_summary_text(counts: dict[str, int], place: str, ignored: int = 0) -> str:
    """'37 added to Knowledge · 5 skipped · 1 failed' for one finished batch."""
    parts: list[str] = []
    done = counts.get(ItemState.DONE.value, 0)
    if done:
        parts.append(tr("{n} added to {place}").format(n=done, place=place))
    labels = (
        (ItemState.DUPLICATE, tr("{n} already there")),
        (ItemState.SKIPPED, tr("{n} skipped")),
        (ItemState.FAILED, tr("{n} failed")),
        (ItemState.CANCELLED, tr("{n} cancelled")),
    )
    for state, label in labels:
        n = counts.get(state.value, 0)
        if n:
            parts.append(label.format(n=n))
    if ignored:
        parts.append(plural(tr("%n system file(s) ignored", "", ignored), ignored))
    return " · ".join(parts) or tr("Nothing to upload in this batch")
