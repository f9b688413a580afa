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

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from scripe_desktop.engine.events import AttachKind, ConditionKind, ItemSnapshot, ItemState

from . import texts
from .speed import SpeedMeter
from .texts import Wait


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

# Files an OS writes into folders by itself: never uploaded, never shown, only counted.
SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", ".localized"})


def is_system_file(name: str) -> bool:
    return name.casefold() in SYSTEM_FILES or name.startswith("._")


# Columns whose text depends on byte progress (the rest only change with the snapshot).
PROGRESS_COLUMNS = (Column.PROGRESS, Column.STATUS)
NO_BAR = frozenset({ItemState.SKIPPED, ItemState.DUPLICATE, ItemState.CANCELLED, ItemState.FAILED})


@dataclass(slots=True)  # one per queue row: no __dict__ (50,000 rows)
class Row:
    item: ItemSnapshot
    bytes_sent: int
    meter: SpeedMeter | None = None  # made when bytes first move: most rows never upload here

    def speed(self, now: float) -> float:
        return 0.0 if self.meter is None else self.meter.speed(now)

    def stalled(self, now: float) -> bool:
        return self.meter is not None and self.meter.stalled(now)

    def sent(self, now: float, sent: int) -> None:
        if self.meter is None:
            self.meter = SpeedMeter()
        self.meter.add(now, sent)
        self.bytes_sent = sent


class SharedNames:
    """Which file names are on more than one row (a/notes.txt, b/notes.txt show their folder).

    About one dict entry per row: a name seen once maps to its item id; a set is made only for
    names that really repeat (a set per row was 200 bytes, 10 MB at 50,000 rows)."""

    __slots__ = ("_first", "_many")

    def __init__(self) -> None:
        self._first: dict[str, int] = {}
        self._many: dict[str, set[int]] = {}

    def add(self, name: str, item_id: int) -> tuple[int, ...]:
        """Record a row; returns the ids whose name just became shared (to repaint)."""
        many = self._many.get(name)
        if many is not None:
            many.add(item_id)
            return ()
        first = self._first.get(name)
        if first is None or first == item_id:
            self._first[name] = item_id
            return ()
        del self._first[name]
        self._many[name] = {first, item_id}
        return (first, item_id)

    def discard(self, name: str, item_id: int) -> None:
        many = self._many.get(name)
        if many is None:
            if self._first.get(name) == item_id:
                del self._first[name]
            return
        many.discard(item_id)
        if len(many) == 1:
            del self._many[name]
            self._first[name] = many.pop()

    def shared(self, name: str) -> bool:
        return name in self._many


_TO_SEND = frozenset(
    {ItemState.WAITING, ItemState.UPLOADING, ItemState.PAUSED, ItemState.NEEDS_DESTINATION}
)
PROCESSING_STATES = frozenset({ItemState.ATTACHING, ItemState.PROCESSING})


def bytes_to_send(r: Row) -> int:
    """Bytes of this file still to go out (0 once it is in Scripe's hands)."""
    return max(0, r.item.size - r.bytes_sent) if r.item.state in _TO_SEND else 0


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


def wait_for(item: ItemSnapshot, bytes_sent: int, speed: float, ctx: CellContext) -> Wait | None:
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
    if item.target.kind is AttachKind.NONE:
        return None
    if item.target.project_id and item.target.project_id in ctx.project_urls:
        return ctx.project_urls[item.target.project_id]
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
    if col == Column.NAME:
        return natural_key(r.item.name)
    return display(r, col, now, ctx) or ""


_DIGITS = re.compile(r"\d+")


def natural_key(name: str) -> str:
    """Sort "f22.txt" before "f219.txt", as file managers do: numbers padded to 20 digits."""
    return _DIGITS.sub(lambda m: m.group().zfill(20), name.casefold())
