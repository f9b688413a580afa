"""Plain facts about the queue for sentences: what is really uploading, what waits, and why.

Why separate from the window: the close dialog, the status bar and "Pause all" each need the
same honest split (a file waiting for the daily limit or a destination is not "uploading").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from scripe_desktop.engine.events import BatchSummary, ConditionKind, ItemSnapshot, ItemState

from . import texts
from .queue_model import QueueModel, is_system_file
from .texts import Wait, tr

NEARLY_DONE_FRACTION = 0.8
NEARLY_DONE_SECONDS = 15.0


@dataclass(frozen=True)
class WorkSplit:
    uploading: int  # bytes going out, being added to Scripe or processed there
    waiting: int  # waiting for a slot, a destination, the daily limit, a connection, a key


def split_work(model: QueueModel) -> WorkSplit:
    uploading = waiting = 0
    for item in model.items():
        if item.state.finished or item.state is ItemState.PAUSED:
            continue
        wait = model.wait_for(item, item.bytes_sent, model.speed_of(item.id))
        moving = item.state.active and wait not in (Wait.DAILY_LIMIT, Wait.CONNECTION)
        if moving or (item.state is ItemState.WAITING and wait is Wait.SLOT):
            uploading += 1
        else:
            waiting += 1
    return WorkSplit(uploading, waiting)


def nearly_done(model: QueueModel) -> list[ItemSnapshot]:
    """Uploading files that would be a pity to restart: most of the bytes are out."""
    out = []
    for item in model.items():
        if item.state is not ItemState.UPLOADING or item.size <= 0:
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
        return tr("waiting for connection")
    if ConditionKind.SPEND_CAP in conditions:
        return tr("waiting for the daily limit to reset")
    if ConditionKind.RATE_LIMITED in conditions:
        return tr("Scripe asked us to slow down")
    if held:
        return tr("waiting for you to choose a destination")
    return None


def batch_summary_line(model: QueueModel, summary: BatchSummary, names: dict[str, str]) -> str:
    """'37 added to Knowledge · 5 skipped · 1 failed', system files counted apart."""
    items = [i for i in model.items() if i.batch_id == summary.batch_id]
    ignored = sum(1 for i in items if i.state is ItemState.SKIPPED and is_system_file(i.name))
    counts = dict(summary.counts)
    if ignored:
        counts[ItemState.SKIPPED.value] = counts.get(ItemState.SKIPPED.value, 0) - ignored
    target = next((i.target for i in items if i.state is ItemState.DONE), None)
    target = target or next((i.target for i in items), None)
    place = texts.place_name(target, names) if target else ""
    return texts.batch_summary_text(counts, place, ignored)


def workspace_url(project_urls: list[str]) -> str | None:
    """The Scripe web app's home, from a project's page ("https://app.scripe.io/projects/…")."""
    for url in project_urls:
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}/"
    return None
