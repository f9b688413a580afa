"""Plain facts about the queue for sentences: what is really uploading, what waits, and why.

Why separate from the window: the close dialog, the status bar, the tray and "Pause all" each
need the same honest figures (a file waiting for the daily limit or a destination is not
"uploading"; a file Scripe is processing has no bytes left to send). "Files left" is counted in
one place only, :func:`files_left`, from the rows the window shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from scripe_desktop.engine.events import (
    BatchSummary,
    ConditionKind,
    ItemSnapshot,
    ItemState,
    Totals,
)

from . import texts
from .links import is_local_api
from .queue_cells import is_system_file
from .queue_model import QueueModel
from .texts import Wait, tr

_UNFINISHED = frozenset(s for s in ItemState if not s.finished and s is not ItemState.PAUSED)

NEARLY_DONE_FRACTION = 0.8
NEARLY_DONE_SECONDS = 15.0


@dataclass(frozen=True)
class FilesLeft(Totals):
    """The engine's totals with the window's own count of what is left: the one figure the
    status bar, the tray (which reads ``Totals``) and the close dialog show."""

    processing: int = 0  # of ``files_left``: with Scripe (being added or processed)
    paused_files: int = 0  # of ``files_left``: paused by the person

    @property
    def to_send(self) -> int:
        return self.files_left - self.processing


def files_left(model: QueueModel, engine: Totals | None) -> FilesLeft:
    """Counted from the model (O(1)); speed and "paused" come from the engine."""
    unfinished, processing, paused_files, bytes_left = model.left()
    speed = engine.bytes_per_second if engine is not None else 0.0
    eta = bytes_left / speed if speed > 0 and bytes_left else None
    paused = engine.paused if engine is not None else False
    return FilesLeft(unfinished, bytes_left, speed, eta, paused, processing, paused_files)


def left_sentence(totals: Totals) -> str:
    """'875 files left (1.2 GB)', '6 files being processed by Scripe', or both joined; never
    "(0 B)" (files already uploaded that wait for a destination or the daily limit)."""
    processing = getattr(totals, "processing", 0)
    to_send = totals.files_left - processing
    if to_send <= 0:
        return texts.plural(tr("%n file(s) being processed by Scripe", "", processing), processing)
    text = texts.plural(tr("%n file(s) left", "", to_send), to_send)
    if totals.bytes_left > 0:  # uploaded files waiting (a destination, the limit) send nothing
        text += f" ({texts.human_bytes(totals.bytes_left)})"
    if processing:
        text += " · " + texts.plural(tr("%n being processed by Scripe", "", processing), processing)
    return text


@dataclass(frozen=True)
class WorkSplit:
    uploading: int  # bytes going out, being added to Scripe or processed there
    queued: int  # waiting their turn: the next free upload slot
    waiting: int  # waiting for a destination, the daily limit, a connection, a key, a retry


def split_work(model: QueueModel) -> WorkSplit:
    uploading = queued = waiting = 0
    for facts, wait in model.waits(_UNFINISHED):
        if facts.state.active and wait not in (Wait.DAILY_LIMIT, Wait.CONNECTION):
            uploading += 1
        elif facts.state is ItemState.WAITING and wait is Wait.SLOT:
            queued += 1
        else:
            waiting += 1
    return WorkSplit(uploading, queued, waiting)


def nearly_done(model: QueueModel) -> list[ItemSnapshot]:
    """Uploading files that would be a pity to restart: most of the bytes are out."""
    out = []
    for item in model.items({ItemState.UPLOADING}):
        if item.size <= 0:
            continue
        left = item.size - item.bytes_sent
        speed = model.speed_of(item.id)
        if item.bytes_sent / item.size >= NEARLY_DONE_FRACTION or (
            speed > 0 and left / speed <= NEARLY_DONE_SECONDS
        ):
            out.append(item)
    return out


def waiting_sentence(
    conditions: frozenset[ConditionKind], connected: bool, held: bool
) -> str | None:
    """Why nothing is being sent right now, for the status bar (None: no known reason)."""
    if not connected or ConditionKind.KEY_NEEDED in conditions:
        return tr("waiting for a working API key")
    if ConditionKind.PERMISSION in conditions:
        return tr("waiting for a key that may add files")
    if ConditionKind.OFFLINE in conditions:
        return tr("waiting for a connection")
    if ConditionKind.SPEND_CAP in conditions:
        return tr("waiting for the daily limit to reset")
    if ConditionKind.RATE_LIMITED in conditions:
        return tr("Scripe asked us to slow down")
    if held:
        return tr("waiting for you to choose a destination")
    return None


def batch_summary_line(model: QueueModel, summary: BatchSummary, names: dict[str, str]) -> str:
    """'37 added to Knowledge · 5 skipped · 1 failed', system files counted apart."""
    batch = summary.batch_id
    skipped = model.names_and_targets({ItemState.SKIPPED}, batch)
    ignored = sum(1 for name, _ in skipped if is_system_file(name))
    counts = dict(summary.counts)
    if ignored:
        counts[ItemState.SKIPPED.value] = counts.get(ItemState.SKIPPED.value, 0) - ignored
    target = model.first_target({ItemState.DONE}, batch) or model.first_target(None, batch)
    place = texts.place_name(target, names) if target else ""
    return texts.batch_summary_text(counts, place, ignored)


def workspace_url(project_urls: list[str]) -> str | None:
    """The web app's home, from a project's page: "https://app.scripe.io/projects/…" gives
    "https://app.scripe.io/", the sandbox's "http://127.0.0.1:…/app/projects/…" its "/app/"."""
    for url in project_urls:
        parts = urlsplit(url)
        if parts.netloc and (parts.scheme == "https" or is_local_api(url)):
            head = parts.path.split("/projects/", 1)[0] if "/projects/" in parts.path else ""
            return f"{parts.scheme}://{parts.netloc}{head.rstrip('/')}/"
    return None
