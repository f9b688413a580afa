"""The upload queue as a Qt table model, fed by the engine bridge.

Why throttled, targeted updates: an upload reports progress many times a second and a queue can
hold 10,000 rows. Each change only marks a row/column range dirty; a timer turns the dirty set
into a few ``dataChanged`` signals per second covering just those rows and columns, so the view
repaints what changed and nothing else.
"""

from __future__ import annotations

import enum
import time
from collections import Counter
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QIcon, QPixmap

from scripe_desktop.engine.events import ItemSnapshot, ItemState

from . import texts

Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    NAME = 0
    SIZE = 1
    TYPE = 2
    DESTINATION = 3
    PROGRESS = 4
    STATUS = 5
    RESULT = 6


ItemIdRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2  # ItemState value as str
ProgressRole = Qt.ItemDataRole.UserRole + 3  # float 0..1, or -1.0 for "busy, no figure"
SnapshotRole = Qt.ItemDataRole.UserRole + 4
SortRole = Qt.ItemDataRole.UserRole + 5
DetailRole = Qt.ItemDataRole.UserRole + 6

# Columns whose text depends on byte progress (the rest only change with the snapshot).
PROGRESS_COLUMNS = (Column.PROGRESS, Column.STATUS)
_NO_BAR = frozenset({ItemState.SKIPPED, ItemState.DUPLICATE, ItemState.CANCELLED})
UPDATE_INTERVAL_MS = 50  # changed cells repaint within a frame or three (p95 ≤ 100 ms)
_SPEED_SMOOTHING = 0.3


@dataclass
class _Row:
    item: ItemSnapshot
    bytes_sent: int
    speed: float = 0.0
    last_bytes: int = 0
    last_time: float = 0.0


class QueueModel(QAbstractTableModel):
    """One row per file, in the order the engine added them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._row_of: dict[int, int] = {}
        self._dirty: dict[int, set[int]] = {}  # row -> columns
        self._state_counts: Counter[ItemState] = Counter()
        self._project_names: dict[str, str] = {}
        self._state_icons: dict[ItemState, QIcon | QPixmap] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)
        self._headers = {
            Column.NAME: self.tr("Name"),
            Column.SIZE: self.tr("Size"),
            Column.TYPE: self.tr("Type"),
            Column.DESTINATION: self.tr("Destination"),
            Column.PROGRESS: self.tr("Progress"),
            Column.STATUS: self.tr("Status"),
            Column.RESULT: self.tr("Result"),
        }

    # -- feeding ---------------------------------------------------------------------------

    def upsert(self, items: list[ItemSnapshot]) -> None:
        """Insert new items (one contiguous insert) and update known ones (marked dirty)."""
        new: list[ItemSnapshot] = []
        for item in items:
            row = self._row_of.get(item.id)
            if row is None:
                new.append(item)
                continue
            old = self._rows[row]
            self._state_counts[old.item.state] -= 1
            self._state_counts[item.state] += 1
            old.item = item
            if item.state is not ItemState.UPLOADING:
                old.speed = 0.0
            old.bytes_sent = item.bytes_sent
            self._mark(row, range(len(Column)))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            now = time.monotonic()
            for offset, item in enumerate(new):
                self._row_of[item.id] = first + offset
                self._rows.append(_Row(item, item.bytes_sent, 0.0, item.bytes_sent, now))
                self._state_counts[item.state] += 1
            self.endInsertRows()

    def apply_progress(
        self, progress: dict[int, tuple[int, int]], now: float | None = None
    ) -> None:
        """Byte counts per item id; may go down (a restarted PUT) and the bar follows honestly."""
        now = time.monotonic() if now is None else now
        for item_id, (sent, _total) in progress.items():
            row = self._row_of.get(item_id)
            if row is None:
                continue
            r = self._rows[row]
            elapsed = now - r.last_time
            if sent < r.last_bytes or elapsed < 0:  # restarted (or a new clock): new baseline
                r.speed, r.last_bytes, r.last_time = 0.0, sent, now
            elif elapsed >= 0.2:
                instant = (sent - r.last_bytes) / elapsed
                r.speed = (
                    instant
                    if r.speed == 0
                    else (_SPEED_SMOOTHING * instant + (1 - _SPEED_SMOOTHING) * r.speed)
                )
                r.last_bytes, r.last_time = sent, now
            r.bytes_sent = sent
            self._mark(row, PROGRESS_COLUMNS)

    def remove(self, item_ids: list[int]) -> None:
        """Drop rows, one ``beginRemoveRows`` per contiguous run (from the bottom up)."""
        rows = sorted((self._row_of[i] for i in item_ids if i in self._row_of), reverse=True)
        if not rows:
            return
        self.flush()  # dirty row numbers would be stale after the removal
        start = end = rows[0]
        runs: list[tuple[int, int]] = []
        for row in rows[1:]:
            if row == start - 1:
                start = row
            else:
                runs.append((start, end))
                start = end = row
        runs.append((start, end))
        for first, last in runs:
            self.beginRemoveRows(QModelIndex(), first, last)
            for r in self._rows[first : last + 1]:
                self._state_counts[r.item.state] -= 1
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._row_of = {r.item.id: n for n, r in enumerate(self._rows)}

    def reset(self, items: list[ItemSnapshot]) -> None:
        """Replace everything (initial fill after connecting to an engine)."""
        self.beginResetModel()
        now = time.monotonic()
        self._rows = [_Row(i, i.bytes_sent, 0.0, i.bytes_sent, now) for i in items]
        self._row_of = {r.item.id: n for n, r in enumerate(self._rows)}
        self._state_counts = Counter(r.item.state for r in self._rows)
        self._dirty.clear()
        self.endResetModel()

    def set_project_names(self, names: dict[str, str]) -> None:
        """Project id -> name, so the destination column reads 'Sources · Interviews'."""
        self._project_names = dict(names)
        if self._rows:
            for row in range(len(self._rows)):
                self._mark(row, (Column.DESTINATION,))

    def set_state_icons(self, icons: dict[ItemState, QIcon | QPixmap]) -> None:
        self._state_icons = dict(icons)

    def _mark(self, row: int, columns: object) -> None:
        self._dirty.setdefault(row, set()).update(int(c) for c in columns)  # type: ignore[attr-defined]
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Emit ``dataChanged`` for dirty cells: one per run of rows with the same columns."""
        self._timer.stop()
        if not self._dirty:
            return
        dirty, self._dirty = self._dirty, {}
        rows = sorted(dirty)
        run_start = prev = rows[0]
        cols = dirty[rows[0]]
        for row in [*rows[1:], None]:
            if row is not None and row == prev + 1 and dirty[row] == cols:
                prev = row
                continue
            self.dataChanged.emit(self.index(run_start, min(cols)), self.index(prev, max(cols)))
            if row is not None:
                run_start = prev = row
                cols = dirty[row]

    # -- lookups ---------------------------------------------------------------------------

    def item(self, row: int) -> ItemSnapshot:
        r = self._rows[row]
        return replace(r.item, bytes_sent=r.bytes_sent)

    def item_by_id(self, item_id: int) -> ItemSnapshot | None:
        row = self._row_of.get(item_id)
        return None if row is None else self.item(row)

    def row_of(self, item_id: int) -> int | None:
        return self._row_of.get(item_id)

    def count(self, state: ItemState) -> int:
        """How many rows are in ``state`` (kept up to date incrementally, O(1))."""
        return max(0, self._state_counts[state])

    def items(self) -> list[ItemSnapshot]:
        return [self.item(n) for n in range(len(self._rows))]

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers.get(Column(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        item, col = r.item, Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == ItemIdRole:
            return item.id
        if role == StateRole:
            return item.state.value  # a plain str: Qt would turn the StrEnum into one anyway
        if role == ProgressRole:
            return None if item.state in _NO_BAR else self._progress(r)
        if role == SnapshotRole:
            return self.item(index.row())
        if role == SortRole:
            return self._sort_key(r, col)
        if role == DetailRole:
            return item.detail
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Column.NAME:
                return item.path
            if col == Column.STATUS:
                status = texts.status_text(item, r.bytes_sent, r.speed)
                return f"{status}\n\n{item.detail}" if item.detail else status
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == Column.STATUS:
            return self._state_icons.get(item.state)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Column.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == Column.PROGRESS:
            return texts.status_text(item, r.bytes_sent, r.speed)
        return None

    def _display(self, r: _Row, col: Column) -> str | None:
        item = r.item
        if col == Column.NAME:
            return item.name
        if col == Column.SIZE:
            return texts.human_bytes(item.size)
        if col == Column.TYPE:
            return texts.type_label(item.content_type, item.state.finished)
        if col == Column.DESTINATION:
            return texts.destination_label(item.target, self._project_names)
        if col == Column.STATUS:
            return texts.status_text(item, r.bytes_sent, r.speed)
        if col == Column.RESULT:
            return item.result_id or ""
        return None  # the progress column is painted by its delegate

    @staticmethod
    def _progress(r: _Row) -> float:
        state = r.item.state
        if state is ItemState.DONE:
            return 1.0
        if state in (ItemState.ATTACHING, ItemState.PROCESSING):
            if r.item.job_progress is not None:
                return max(0.0, min(1.0, r.item.job_progress))
            return -1.0
        if r.item.size <= 0:
            return 0.0
        return max(0.0, min(1.0, r.bytes_sent / r.item.size))

    def _sort_key(self, r: _Row, col: Column) -> object:
        if col == Column.SIZE:
            return r.item.size
        if col == Column.PROGRESS:
            return self._progress(r)
        if col == Column.NAME:
            return r.item.name.casefold()
        return self._display(r, col) or ""


class QueueFilterProxy(QSortFilterProxyModel):
    """Sorting by the model's ``SortRole`` plus a 'failed only' filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._failed_only = False
        self.setSortRole(SortRole)
        # Dynamic only while filtering: then an item turning FAILED shows up at once. Without a
        # filter, re-checking (in Python) every changed row would cost the GUI thread for
        # nothing; a sorted column is re-sorted when its header is clicked again.
        self.setDynamicSortFilter(False)

    @property
    def failed_only(self) -> bool:
        return self._failed_only

    def set_failed_only(self, on: bool) -> None:
        if on != self._failed_only:
            self.beginFilterChange()
            self._failed_only = on
            self.setDynamicSortFilter(on)
            self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._failed_only:
            return True
        state = self.sourceModel().index(source_row, 0, source_parent).data(StateRole)
        return state == ItemState.FAILED.value
