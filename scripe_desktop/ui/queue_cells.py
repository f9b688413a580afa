"""How one queue row reads: its columns, item-data roles, and each cell's text, bar fill and
sort key, as plain functions of a row and the queue's context.

Why apart from the table model: the model is about storing rows and telling Qt cheaply what
changed; what a cell *says* is a separate question with its own rules (what a file waits for,
same-named files, where "Open in Scripe" goes) and is easier to read and test on its own.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from scripe_desktop.engine.events import (
    AttachKind,
    ConditionKind,
    ItemSnapshot,
    ItemState,
    Target,
)

from . import texts
from .speed import SpeedMeter
from .texts import Wait

if TYPE_CHECKING:
    from .row_store import WaitFacts


class Column(enum.IntEnum):
    NAME = 0
    SIZE = 1
    TYPE = 2
    DESTINATION = 3
    PROGRESS = 4
    STATUS = 5
    RESULT = 6


HEADERS = {  # translated by the model (context "QueueModel")
    Column.NAME: QT_TRANSLATE_NOOP("QueueModel", "Name"),
    Column.SIZE: QT_TRANSLATE_NOOP("QueueModel", "Size"),
    Column.TYPE: QT_TRANSLATE_NOOP("QueueModel", "Type"),
    Column.DESTINATION: QT_TRANSLATE_NOOP("QueueModel", "Destination"),
    Column.PROGRESS: QT_TRANSLATE_NOOP("QueueModel", "Progress"),
    Column.STATUS: QT_TRANSLATE_NOOP("QueueModel", "Status"),
    Column.RESULT: QT_TRANSLATE_NOOP("QueueModel", "Result"),
}

ItemIdRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2  # ItemState value as str
ProgressRole = Qt.ItemDataRole.UserRole + 3  # float 0..1, or -1.0 for "busy, no figure"
SnapshotRole = Qt.ItemDataRole.UserRole + 4
SortRole = Qt.ItemDataRole.UserRole + 5
DetailRole = Qt.ItemDataRole.UserRole + 6
OpenUrlRole = Qt.ItemDataRole.UserRole + 7  # where "Open in Scripe" goes (done rows)
# Everything painting one cell needs, in one call: (text, (icon, size) | None, bar fill | None,
# state value). Qt's own delegate asks each cell for seven roles, each a round trip into Python
# through the proxy; the queue's delegates (ui/delegates.py) ask for this one.
PaintRole = Qt.ItemDataRole.UserRole + 8
_R = Qt.ItemDataRole
# The roles the model answers; a paint asks each cell for a dozen more, answered None at once.
ANSWERED_ROLES = frozenset(
    {_R.DisplayRole, _R.ToolTipRole, _R.DecorationRole, _R.TextAlignmentRole, _R.AccessibleTextRole}
    | set(range(ItemIdRole, PaintRole + 1))
)

# Files an OS writes into folders by itself: never uploaded, never shown, only counted.
SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", ".localized"})


def is_system_file(name: str) -> bool:
    return name.casefold() in SYSTEM_FILES or name.startswith("._")


# Columns whose text depends on byte progress (the rest only change with the snapshot).
PROGRESS_COLUMNS = (Column.PROGRESS, Column.STATUS)
NO_BAR = frozenset({ItemState.SKIPPED, ItemState.DUPLICATE, ItemState.CANCELLED, ItemState.FAILED})


@dataclass(slots=True)
class Row:
    """What a cell reads of one row: its snapshot and, while it uploads, its speed meter."""

    item: ItemSnapshot
    meter: SpeedMeter | None = None

    @property
    def bytes_sent(self) -> int:
        return self.item.bytes_sent

    def speed(self, now: float) -> float:
        return 0.0 if self.meter is None else self.meter.speed(now)

    def stalled(self, now: float) -> bool:
        return self.meter is not None and self.meter.stalled(now)


class SharedNames:
    """How many rows have each file name (a/notes.txt, b/notes.txt show their folder).

    One dict entry per distinct name, counts only: small counts are shared int objects, so a
    name costs no more than its entry (a set of ids per name was 10 MB at 50,000 rows)."""

    __slots__ = ("_count",)

    def __init__(self) -> None:
        self._count: dict[str, int] = {}

    def add(self, name: str) -> bool:
        """Count a row; True when the name has just become shared (rows before it repaint)."""
        n = self._count.get(name, 0) + 1
        self._count[name] = n
        return n == 2

    def discard(self, name: str) -> None:
        n = self._count.get(name, 0) - 1
        if n > 0:
            self._count[name] = n
        else:
            self._count.pop(name, None)

    def shared(self, name: str) -> bool:
        return self._count.get(name, 0) > 1


_TO_SEND = frozenset(
    {ItemState.WAITING, ItemState.UPLOADING, ItemState.PAUSED, ItemState.NEEDS_DESTINATION}
)
PROCESSING_STATES = frozenset({ItemState.ATTACHING, ItemState.PROCESSING})


def bytes_to_send(state: ItemState, size: int, sent: int) -> int:
    """Bytes of a file still to go out (0 once it is in Scripe's hands)."""
    return max(0, size - sent) if state in _TO_SEND else 0


def contiguous_runs(rows_descending: list[int]) -> list[tuple[int, int]]:
    """(first, last) runs of consecutive row numbers, bottom run first."""
    start = end = rows_descending[0]
    runs: list[tuple[int, int]] = []
    for row in rows_descending[1:]:
        if row == start - 1:
            start = row
        else:
            runs.append((start, end))
            start = end = row
    runs.append((start, end))
    return runs


@dataclass
class CellContext:
    """What a cell needs to know beyond its own row (kept up to date by the model)."""

    open_label: str
    project_names: dict[str, str] = field(default_factory=dict)
    project_urls: dict[str, str] = field(default_factory=dict)
    workspace_url: str | None = None
    conditions: frozenset[ConditionKind] = frozenset()
    held: frozenset[int] = frozenset()
    names: SharedNames = field(default_factory=SharedNames)


def wait_for(
    item: ItemSnapshot | WaitFacts, bytes_sent: int, speed: float, ctx: CellContext
) -> Wait | None:
    """What a waiting or stalled file waits for (None: it is moving)."""
    c = ctx.conditions
    uploaded = item.size > 0 and bytes_sent >= item.size
    if item.state is ItemState.UPLOADING:
        if speed > 0 or uploaded:
            return None
        return Wait.CONNECTION if ConditionKind.OFFLINE in c else None
    if item.state is ItemState.ATTACHING:
        return Wait.DAILY_LIMIT if ConditionKind.SPEND_CAP in c else None
    if item.state is not ItemState.WAITING:
        return None
    if item.batch_id in ctx.held:
        return Wait.DESTINATION
    if ConditionKind.KEY_NEEDED in c or ConditionKind.PERMISSION in c:
        return Wait.KEY
    if ConditionKind.OFFLINE in c:
        return Wait.CONNECTION
    if ConditionKind.SPEND_CAP in c and (uploaded or item.upload_id):
        return Wait.DAILY_LIMIT
    if ConditionKind.RATE_LIMITED in c:
        return Wait.SLOW_DOWN
    return Wait.RETRY if item.reason else Wait.SLOT


def display_name(item: ItemSnapshot, ctx: CellContext) -> str:
    """Same name twice (a/notes.txt, b/notes.txt): both rows show their folder."""
    if ctx.names.shared(item.name):
        parent = PurePath(item.path).parent.name
        if parent:
            return f"{parent}/{item.name}"
    return item.name


def open_url(item: ItemSnapshot, ctx: CellContext) -> str | None:
    """The project's page, or the workspace for knowledge (finished rows only)."""
    if item.state not in (ItemState.DONE, ItemState.DUPLICATE):
        return None
    return target_url(item.target, ctx)


def target_url(target: Target, ctx: CellContext) -> str | None:
    """Where a file sent to ``target`` is seen in Scripe: its project, or the workspace."""
    if target.kind is AttachKind.NONE:
        return None
    if target.project_id and target.project_id in ctx.project_urls:
        return ctx.project_urls[target.project_id]
    return ctx.workspace_url


def progress_fill(r: Row) -> float:
    """The bar: the share of bytes sent, 0..1 (-1.0 would draw "busy, no figure")."""
    state = r.item.state
    if state is ItemState.DONE or state in PROCESSING_STATES:
        return 1.0  # all bytes are with Scripe: the delegate labels the bar "Processing"
    if r.item.size <= 0:
        return 0.0
    return max(0.0, min(1.0, r.bytes_sent / r.item.size))


def status(r: Row, now: float, ctx: CellContext) -> str:
    uploading = r.item.state is ItemState.UPLOADING
    speed = r.speed(now) if uploading else 0.0
    return texts.status_text(
        r.item,
        r.bytes_sent,
        speed,
        wait_for(r.item, r.bytes_sent, speed, ctx),
        stalled=uploading and r.stalled(now),
        project_names=ctx.project_names,
    )


def display(r: Row, col: Column, now: float, ctx: CellContext) -> str | None:
    item = r.item
    if col == Column.NAME:
        return display_name(item, ctx)
    if col == Column.SIZE:
        return texts.human_bytes(item.size)
    if col == Column.TYPE:
        return texts.type_label(item.content_type, item.state.finished)
    if col == Column.DESTINATION:
        if item.state is ItemState.SKIPPED:
            return ""  # it goes nowhere
        return texts.destination_label(item.target, ctx.project_names)
    if col == Column.STATUS:
        return status(r, now, ctx)
    if col == Column.RESULT:  # the "Open in Scripe" button (where it went is the status)
        return ctx.open_label if open_url(item, ctx) else ""
    return None  # the progress column is painted by its delegate


def sort_key(r: Row, col: Column, now: float, ctx: CellContext) -> object:
    if col == Column.SIZE:
        return r.item.size
    if col == Column.PROGRESS:
        return progress_fill(r)
    if col == Column.NAME:  # what the cell shows ("a/dup.txt" beside "b/dup.txt")
        return natural_key(display_name(r.item, ctx))
    return display(r, col, now, ctx) or ""


_DIGITS = re.compile(r"\d+")


def natural_key(name: str) -> str:
    """Sort "f22.txt" before "f219.txt", as file managers do: numbers padded to 20 digits."""
    return _DIGITS.sub(lambda m: m.group().zfill(20), name.casefold())
