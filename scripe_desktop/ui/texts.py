"""Plain-language wording for items, sizes and times, shared by the model, status bar and tray.

Why one module: the same words ("Waiting", "Failed: …") must read identically everywhere, and
every string goes through Qt's translation function under one context.
"""

from __future__ import annotations

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
    """'Sources · Interviews', 'Knowledge', 'Upload only'."""
    project = project_names.get(target.project_id or "", target.project_id or "")
    if target.kind is AttachKind.SOURCE:
        return tr("Sources · {project}").format(project=project)
    if target.kind is AttachKind.KNOWLEDGE:
        if target.project_id:
            return tr("Knowledge · {project}").format(project=project)
        return tr("Knowledge")
    if target.kind is AttachKind.UNSET:
        return tr("Not chosen yet")
    return tr("Upload only")


def status_text(item: ItemSnapshot, bytes_sent: int, speed: float) -> str:
    """The status column in words, e.g. 'Uploading 42 % · 3.1 MB/s'."""
    from .reasons import item_reason  # reasons imports this module

    state = item.state
    reason = item_reason(item)
    if state is ItemState.WAITING:
        return (reason or tr("Waiting")) if item.reason_code else tr("Waiting")
    if state is ItemState.NEEDS_DESTINATION:
        return reason or tr("Choose where to send these.")
    if state is ItemState.UPLOADING:
        pct = int(100 * bytes_sent / item.size) if item.size else 0
        text = tr("Uploading {pct} %").format(pct=pct)
        if speed > 0:
            text += " · " + human_speed(speed)
        return text
    if state is ItemState.ATTACHING:
        return tr("Adding to Scripe")
    if state is ItemState.PROCESSING:
        return tr("Processing in Scripe")
    if state is ItemState.DONE:
        return tr("Done")
    if state is ItemState.PAUSED:
        return tr("Paused")
    if state is ItemState.CANCELLED:
        return tr("Cancelled")
    if state is ItemState.DUPLICATE:
        return tr("Already in Scripe")
    if state is ItemState.SKIPPED:
        return tr("Skipped: {reason}").format(reason=reason or tr("not supported"))
    if state is ItemState.FAILED:
        return tr("Failed: {reason}").format(reason=reason or tr("unknown error"))
    return str(state)  # a newer engine state: show it rather than hide it
