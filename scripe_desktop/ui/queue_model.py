"""The upload queue as a Qt table model, fed by the engine bridge.

Why throttled, targeted updates: an upload reports progress many times a second and a queue can
hold 10,000 rows. Each change only marks a row/column range dirty; a timer turns the dirty set
into a few ``dataChanged`` signals per second covering just those rows and columns, so the view
repaints what changed and nothing else.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QPixmap

from scripe_desktop.engine.events import ConditionKind, ItemSnapshot, ItemState

from . import queue_cells as cells
from .queue_cells import (  # the view, delegates and tests import these from here
    NO_BAR,
    PROGRESS_COLUMNS,
    CellContext,
    Column,
    DetailRole,
    ItemIdRole,
    OpenUrlRole,
    ProgressRole,
    Row,
    SnapshotRole,
    SortRole,
    StateRole,
    is_system_file,
)
from .texts import Wait

Index = QModelIndex | QPersistentModelIndex

_COLUMN_COUNT = len(Column)
_COLUMNS = tuple(Column)  # by number: ``Column(n)`` costs an enum lookup on every cell
# The roles ``data`` answers; a paint asks each cell for a dozen more, answered None at once.
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        ItemIdRole,
        StateRole,
        ProgressRole,
        SnapshotRole,
        SortRole,
        DetailRole,
        OpenUrlRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.AccessibleTextRole,
    }
)

UPDATE_INTERVAL_MS = 50  # changed cells repaint within a frame or three (p95 ≤ 100 ms)
TICK_MS = 1000  # re-read speeds once a second, so a stalled row loses its figure


class QueueModel(QAbstractTableModel):
    """One row per file, in the order the engine added them.

    Emits ``ticked(bytes_per_second)`` once a second while something uploads: the whole
    queue's speed over the last few seconds (0 when nothing is being sent).
    """

    ticked = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._row_of: dict[int, int] = {}
        self._dirty: dict[int, set[int]] = {}  # row -> columns
        self._state_counts: Counter[ItemState] = Counter()
        self._bytes_left = 0  # kept up to date with every change, as the state counts are
        self._system: Counter[int] = Counter()  # batch -> its system-file rows
        self._state_icons: dict[ItemState, QIcon | QPixmap] = {}
        self._uploading: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)
        self.clock = time.monotonic  # tests set their own
        self.ctx = CellContext(open_label=self.tr("Open in Scripe"))
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._headers = {c: self.tr(text) for c, text in cells.HEADERS.items()}

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
            self._bytes_left -= cells.bytes_to_send(old)
            self._state_counts[old.item.state] -= 1
            self._state_counts[item.state] += 1
            if item.state is not ItemState.UPLOADING or old.item.state is not item.state:
                old.meter = None  # a new upload (or none): its speed starts afresh
            old.item = item
            old.bytes_sent = item.bytes_sent
            self._bytes_left += cells.bytes_to_send(old)
            self._track_uploading(item)
            self._mark(row, range(len(Column)))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for offset, item in enumerate(new):
                self._row_of[item.id] = first + offset
                self._rows.append(Row(item, item.bytes_sent))
                self._bytes_left += cells.bytes_to_send(self._rows[-1])
                self._system[item.batch_id] += is_system_file(item.name)
                self._state_counts[item.state] += 1
                self._track_uploading(item)
                self._add_name(item)
            self.endInsertRows()

    def _track_uploading(self, item: ItemSnapshot) -> None:
        if item.state is ItemState.UPLOADING:
            self._uploading.add(item.id)
            if not self._tick.isActive():
                self._tick.start()
        else:
            self._uploading.discard(item.id)

    def _add_name(self, item: ItemSnapshot) -> None:
        """Same name twice (a/notes.txt, b/notes.txt): both rows show their folder."""
        for other in self.ctx.names.add(item.name, item.id):
            row = self._row_of.get(other)
            if row is not None:
                self._mark(row, (Column.NAME,))

    def apply_progress(
        self, progress: dict[int, tuple[int, int]], now: float | None = None
    ) -> None:
        """Byte counts per item id; may go down (a restarted PUT) and the bar follows honestly."""
        now = self.clock() if now is None else now
        for item_id, (sent, _total) in progress.items():
            row = self._row_of.get(item_id)
            if row is None:
                continue
            r = self._rows[row]
            self._bytes_left -= cells.bytes_to_send(r)
            r.sent(now, sent)
            self._bytes_left += cells.bytes_to_send(r)
            self._mark(row, PROGRESS_COLUMNS)

    def speed_of(self, item_id: int, now: float | None = None) -> float:
        row = self._row_of.get(item_id)
        if row is None:
            return 0.0
        return self._rows[row].speed(self.clock() if now is None else now)

    def total_speed(self, now: float | None = None) -> float:
        """The queue's speed over the last few seconds (only files sending bytes count)."""
        now = self.clock() if now is None else now
        return sum(self.speed_of(i, now) for i in self._uploading)

    def _on_tick(self) -> None:
        if not self._uploading:
            self._tick.stop()
        for item_id in self._uploading:
            row = self._row_of.get(item_id)
            if row is not None:
                self._mark(row, (Column.STATUS,))
        self.ticked.emit(self.total_speed())

    def remove(self, item_ids: list[int]) -> None:
        """Drop rows, one ``beginRemoveRows`` per contiguous run (from the bottom up)."""
        rows = sorted((self._row_of[i] for i in item_ids if i in self._row_of), reverse=True)
        if not rows:
            return
        self.flush()  # dirty row numbers would be stale after the removal
        for first, last in cells.contiguous_runs(rows):
            self.beginRemoveRows(QModelIndex(), first, last)
            for r in self._rows[first : last + 1]:
                self._state_counts[r.item.state] -= 1
                self._bytes_left -= cells.bytes_to_send(r)
                self._system[r.item.batch_id] -= is_system_file(r.item.name)
                self._uploading.discard(r.item.id)
                self.ctx.names.discard(r.item.name, r.item.id)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._row_of = {r.item.id: n for n, r in enumerate(self._rows)}

    def reset(self, items: list[ItemSnapshot]) -> None:
        """Replace everything (initial fill after connecting to an engine)."""
        self.beginResetModel()
        self._rows = [Row(i, i.bytes_sent) for i in items]
        self._row_of = {r.item.id: n for n, r in enumerate(self._rows)}
        self._state_counts = Counter(r.item.state for r in self._rows)
        self._bytes_left = sum(cells.bytes_to_send(r) for r in self._rows)
        self._system = Counter(i.batch_id for i in items if is_system_file(i.name))
        self.ctx.names = cells.SharedNames()
        self._uploading = set()
        for i in items:
            self.ctx.names.add(i.name, i.id)
            self._track_uploading(i)
        self._dirty.clear()
        self.endResetModel()

    def set_project_names(self, names: dict[str, str]) -> None:
        """Project id -> name, so the destination column reads 'Sources · Interviews'."""
        self.ctx.project_names = dict(names)
        self._mark_all((Column.DESTINATION, Column.RESULT))

    def set_project_urls(self, urls: dict[str, str], workspace_url: str | None) -> None:
        """Where "Open in Scripe" goes: the project's page, or the workspace for knowledge."""
        self.ctx.project_urls = dict(urls)
        self.ctx.workspace_url = workspace_url

    def set_conditions(self, kinds: frozenset[ConditionKind] | set[ConditionKind]) -> None:
        """Whole-queue conditions, so waiting rows say what they wait for."""
        if frozenset(kinds) != self.ctx.conditions:
            self.ctx.conditions = frozenset(kinds)
            self._mark_all((Column.STATUS,))

    def set_held_batches(self, batch_ids: set[int] | frozenset[int]) -> None:
        """Batches waiting for the user to pick a destination."""
        if frozenset(batch_ids) != self.ctx.held:
            self.ctx.held = frozenset(batch_ids)
            self._mark_all((Column.STATUS,))

    @property
    def conditions(self) -> frozenset[ConditionKind]:
        return self.ctx.conditions

    def held_batches(self) -> frozenset[int]:
        return self.ctx.held

    def _mark_all(self, columns: tuple[Column, ...]) -> None:
        for row in range(len(self._rows)):
            self._mark(row, columns)

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
        if r.item.bytes_sent == r.bytes_sent:  # most rows: no copy (a batch's end reads all)
            return r.item
        return replace(r.item, bytes_sent=r.bytes_sent)

    def item_by_id(self, item_id: int) -> ItemSnapshot | None:
        row = self._row_of.get(item_id)
        return None if row is None else self.item(row)

    def state_and_name(self, row: int) -> tuple[ItemState | None, str]:
        """For the filter proxy, which asks for every inserted row (no Qt round trip)."""
        if not 0 <= row < len(self._rows):
            return None, ""
        item = self._rows[row].item
        return item.state, item.name

    def row_of(self, item_id: int) -> int | None:
        return self._row_of.get(item_id)

    def count(self, state: ItemState) -> int:
        """How many rows are in ``state`` (kept up to date incrementally, O(1))."""
        return max(0, self._state_counts[state])

    def left(self) -> tuple[int, int, int, int]:
        """(files not finished, of them with Scripe, of them paused, bytes still to send), O(1):
        the one "files left" figure (``queue_facts.files_left``)."""
        unfinished = len(self._rows) - sum(self.count(s) for s in ItemState if s.finished)
        processing = sum(self.count(s) for s in cells.PROCESSING_STATES)
        return unfinished, processing, self.count(ItemState.PAUSED), max(0, self._bytes_left)

    def system_files(self, batch_id: int) -> int:
        """Rows of ``batch_id`` that an OS wrote by itself (hidden, counted apart), O(1)."""
        return max(0, self._system[batch_id])

    def items(self) -> list[ItemSnapshot]:
        return [self.item(n) for n in range(len(self._rows))]

    def wait_for(self, item: ItemSnapshot, bytes_sent: int, speed: float) -> Wait | None:
        """What a waiting or stalled file waits for (None: it is moving)."""
        return cells.wait_for(item, bytes_sent, speed, self.ctx)

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers.get(Column(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Called for every role of every painted cell: roles we don't answer cost nothing."""
        if role not in _ROLES:
            return None
        row = index.row()
        if row < 0 or row >= len(self._rows):  # also an invalid index (row -1)
            return None
        r = self._rows[row]
        item, col = r.item, _COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells.display(r, col, self.clock(), self.ctx)
        if role == ItemIdRole:
            return item.id
        if role == StateRole:
            return item.state.value  # a plain str: Qt would turn the StrEnum into one anyway
        if role == ProgressRole:
            return None if item.state in NO_BAR else cells.progress_fill(r)
        if role == SnapshotRole:
            return self.item(row)
        if role == SortRole:
            return cells.sort_key(r, col, self.clock(), self.ctx)
        if role == DetailRole:
            return item.detail
        if role == OpenUrlRole:
            return cells.open_url(item, self.ctx)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Column.NAME:
                return item.path
            if col == Column.STATUS:
                return cells.status(r, self.clock(), self.ctx)
            if col == Column.RESULT and item.result_id:
                return item.result_id
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == Column.STATUS:
            return self._state_icons.get(item.state)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Column.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == Column.PROGRESS:
            return cells.status(r, self.clock(), self.ctx)
        return None

    def status_of(self, item_id: int) -> str:
        row = self._row_of.get(item_id)
        return "" if row is None else cells.status(self._rows[row], self.clock(), self.ctx)
