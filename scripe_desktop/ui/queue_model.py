"""The upload queue as a Qt table model, fed by the engine bridge.

Why throttled, targeted updates: an upload reports progress many times a second and a queue can
hold 50,000 rows. Each change only marks cells dirty (``DirtyCells``); a timer turns them into a
few ``dataChanged`` signals per second covering just those rows and columns. The rows live as
columns in a ``RowStore``; a snapshot is rebuilt only for the rows being painted or asked for.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QPixmap

from scripe_desktop.engine.events import ConditionKind, ItemSnapshot, ItemState

from . import queue_cells as cells
from .dirty_cells import DirtyCells, column_span
from .queue_cells import (  # the view, delegates and tests import these from here
    NO_BAR,
    PROGRESS_COLUMNS,
    CellContext,
    Column,
    DetailRole,
    ItemIdRole,
    OpenUrlRole,
    PaintRole,
    ProgressRole,
    Row,
    SnapshotRole,
    SortRole,
    StateRole,
)
from .queue_questions import QueueQuestions
from .queue_tally import QueueTally
from .row_store import RowStore
from .speed import SpeedMeter

Index = QModelIndex | QPersistentModelIndex

_COLUMN_COUNT = len(Column)
_COLUMNS = tuple(Column)  # by number: ``Column(n)`` costs an enum lookup on every cell
_ROLES = cells.ANSWERED_ROLES

_ALL_COLUMNS = (1 << _COLUMN_COUNT) - 1  # dirty columns are bit masks: 1 << column
_NAME_COLUMN = 1 << Column.NAME
_STATUS_COLUMN = 1 << Column.STATUS
_PROGRESS_COLUMNS = sum(1 << c for c in PROGRESS_COLUMNS)
_VIEWS_KEPT = 512  # rebuilt snapshots kept: more than a screenful of rows, painted repeatedly

UPDATE_INTERVAL_MS = 50  # changed cells repaint within a frame or three (p95 ≤ 100 ms)
TICK_MS = 1000  # re-read speeds once a second, so a stalled row loses its figure


class QueueModel(QueueQuestions, QAbstractTableModel):
    """One row per file, in the order the engine added them.

    Emits ``ticked(bytes_per_second)`` once a second while something uploads: the whole
    queue's speed over the last few seconds (0 when nothing is being sent).
    """

    ticked = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = RowStore()
        self._views: dict[int, Row] = {}  # row -> its snapshot, for the rows last painted
        self._meters: dict[int, SpeedMeter] = {}  # item id -> speed, once its bytes move
        self._dirty = DirtyCells()
        self._tally = QueueTally()
        self._state_icons: dict[ItemState, QIcon | QPixmap] = {}
        self._paint_icons: dict[ItemState, tuple[QIcon, QSize]] = {}
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
        store = self._store
        new: list[ItemSnapshot] = []
        for item in items:
            row = store.row_of(item.id)
            if row is None:
                new.append(item)
                continue
            old_state, old_name = store.state(row), store.name(row)
            self._count(row, -1)
            if item.state is not ItemState.UPLOADING or old_state is not item.state:
                self._meters.pop(item.id, None)  # a new upload (or none): speed starts afresh
            if item.name != old_name:
                self.ctx.names.discard(old_name)
                self._add_names([item.name], len(store))
            store.update(row, item)
            self._views.pop(row, None)
            self._count(row, 1)
            self._track_uploading(item)
            self._mark(row, _ALL_COLUMNS)
        if new:
            first = len(store)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            store.append(new)
            count = self._tally.count
            for item in new:  # counted from the snapshot: no read back from the columns
                count(item.state, item.size, item.bytes_sent, item.batch_id, item.name)
                self._track_uploading(item)
            self.endInsertRows()
            self._add_names([item.name for item in new], first)

    def _count(self, row: int, n: int) -> None:
        s = self._store
        self._tally.count(s.state(row), s.size(row), s.sent(row), s.batch(row), s.name(row), n)

    def _track_uploading(self, item: ItemSnapshot) -> None:
        if item.state is ItemState.UPLOADING:
            self._uploading.add(item.id)
            if not self._tick.isActive():
                self._tick.start()
        else:
            self._uploading.discard(item.id)

    def _add_names(self, names: list[str], below: int) -> None:
        """Same name twice (a/notes.txt, b/notes.txt): both rows show their folder.

        Rows from ``below`` on are new (painted right the first time); a name that has just
        become shared repaints the older rows that have it, found in one pass for the batch."""
        shared = {name for name in names if self.ctx.names.add(name)}
        if not shared:
            return
        names = self._store.names()  # read in place: a slice would copy 50,000 names per call
        for row in range(min(below, len(names))):
            if names[row] in shared:
                self._mark(row, _NAME_COLUMN)

    def apply_progress(
        self, progress: dict[int, tuple[int, int]], now: float | None = None
    ) -> None:
        """Byte counts per item id; may go down (a restarted PUT) and the bar follows honestly."""
        now = self.clock() if now is None else now
        store = self._store
        for item_id, (sent, _total) in progress.items():
            row = store.row_of(item_id)
            if row is None:
                continue
            self._tally.resend(store.state(row), store.size(row), store.sent(row), sent)
            meter = self._meters.get(item_id)
            if meter is None:
                meter = self._meters[item_id] = SpeedMeter()
            meter.add(now, sent)
            store.set_sent(row, sent)
            self._views.pop(row, None)
            self._mark(row, _PROGRESS_COLUMNS)

    def speed_of(self, item_id: int, now: float | None = None) -> float:
        meter = self._meters.get(item_id)
        return 0.0 if meter is None else meter.speed(self.clock() if now is None else now)

    def total_speed(self, now: float | None = None) -> float:
        """The queue's speed over the last few seconds (only files sending bytes count)."""
        now = self.clock() if now is None else now
        return sum(self.speed_of(i, now) for i in self._uploading)

    def _on_tick(self) -> None:
        if not self._uploading:
            self._tick.stop()
        for item_id in self._uploading:
            row = self._store.row_of(item_id)
            if row is not None:
                self._mark(row, _STATUS_COLUMN)
        self.ticked.emit(self.total_speed())

    def remove(self, item_ids: list[int]) -> None:
        """Drop rows, one ``beginRemoveRows`` per contiguous run (from the bottom up)."""
        store = self._store
        found = (store.row_of(i) for i in item_ids)
        rows = sorted((r for r in found if r is not None), reverse=True)
        if not rows:
            return
        self.flush()  # dirty row numbers would be stale after the removal
        self._views.clear()
        for first, last in cells.contiguous_runs(rows):
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in range(first, last + 1):
                self._count(row, -1)
                self._uploading.discard(store.id(row))
                self._meters.pop(store.id(row), None)
                self.ctx.names.discard(store.name(row))
            store.delete(first, last)
            self.endRemoveRows()

    def reset(self, items: list[ItemSnapshot]) -> None:
        """Replace everything (initial fill after connecting to an engine)."""
        self.beginResetModel()
        self._store.reset(items)
        self._views.clear()
        self._meters.clear()
        self._tally = QueueTally()
        self.ctx.names = cells.SharedNames()
        self._uploading = set()
        for row, item in enumerate(items):
            self._count(row, 1)
            self.ctx.names.add(item.name)
            self._track_uploading(item)
        self._dirty.clear()
        self.endResetModel()

    def set_project_names(self, names: dict[str, str]) -> None:
        """Project id -> name, so the destination column reads 'Sources · Interviews'."""
        self.ctx.project_names = dict(names)
        self._mark_all(1 << Column.DESTINATION | 1 << Column.RESULT)

    def set_project_urls(self, urls: dict[str, str], workspace_url: str | None) -> None:
        """Where "Open in Scripe" goes: the project's page, or the workspace for knowledge."""
        self.ctx.project_urls = dict(urls)
        self.ctx.workspace_url = workspace_url

    def set_conditions(self, kinds: frozenset[ConditionKind] | set[ConditionKind]) -> None:
        """Whole-queue conditions, so waiting rows say what they wait for."""
        if frozenset(kinds) != self.ctx.conditions:
            self.ctx.conditions = frozenset(kinds)
            self._mark_all(_STATUS_COLUMN)

    def set_held_batches(self, batch_ids: set[int] | frozenset[int]) -> None:
        """Batches waiting for the user to pick a destination."""
        if frozenset(batch_ids) != self.ctx.held:
            self.ctx.held = frozenset(batch_ids)
            self._mark_all(_STATUS_COLUMN)

    @property
    def conditions(self) -> frozenset[ConditionKind]:
        return self.ctx.conditions

    def held_batches(self) -> frozenset[int]:
        return self.ctx.held

    def _mark_all(self, columns: int) -> None:
        self._dirty.mark_every_row(columns)
        if not self._timer.isActive():
            self._timer.start()

    def set_state_icons(self, icons: dict[ItemState, QIcon | QPixmap]) -> None:
        self._state_icons = dict(icons)
        self._paint_icons = {state: _icon_and_size(icon) for state, icon in icons.items()}
        self._mark_all(_STATUS_COLUMN)

    def _mark(self, row: int, columns: int) -> None:
        self._dirty.mark(row, columns)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Emit ``dataChanged`` for dirty cells: one per run of rows with the same columns."""
        self._timer.stop()
        for first, last, columns in self._dirty.take(len(self._store)):
            left, right = column_span(columns)
            self.dataChanged.emit(self.index(first, left), self.index(last, right))

    # -- lookups ---------------------------------------------------------------------------

    def _row(self, row: int) -> Row:
        """The row as cells read it, rebuilt from the store for the rows last asked for."""
        view = self._views.get(row)
        if view is None:
            if len(self._views) >= _VIEWS_KEPT:
                del self._views[next(iter(self._views))]  # the oldest
            item = self._store.snapshot(row)
            view = self._views[row] = Row(item, self._meters.get(item.id))
        return view

    def item(self, row: int) -> ItemSnapshot:
        return self._row(row).item

    def item_by_id(self, item_id: int) -> ItemSnapshot | None:
        row = self._store.row_of(item_id)
        return None if row is None else self.item(row)

    def state_and_name(self, row: int) -> tuple[ItemState | None, str]:
        """For the filter proxy, which asks for every inserted row (no Qt round trip)."""
        if not 0 <= row < len(self._store):
            return None, ""
        return self._store.state(row), self._store.name(row)

    def row_of(self, item_id: int) -> int | None:
        return self._store.row_of(item_id)

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._store)

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
        if row < 0 or row >= len(self._store):  # also an invalid index (row -1)
            return None
        r = self._row(row)
        item, col = r.item, _COLUMNS[index.column()]
        if role == PaintRole:
            return self._paint(r, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return cells.display(r, col, self.clock(), self.ctx)
        if role == ItemIdRole:
            return item.id
        if role == StateRole:
            return item.state.value  # a plain str: Qt would turn the StrEnum into one anyway
        if role == ProgressRole:
            return None if item.state in NO_BAR else cells.progress_fill(r)
        if role == SnapshotRole:
            return item
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

    def _paint(self, r: Row, col: Column) -> tuple[object, ...]:
        """``PaintRole``: the cell's text, icon, bar fill and state, as the other roles say."""
        item = r.item
        if col == Column.PROGRESS:
            fill = None if item.state in NO_BAR else cells.progress_fill(r)
            return None, None, fill, item.state.value
        icon = self._paint_icons.get(item.state) if col == Column.STATUS else None
        return cells.display(r, col, self.clock(), self.ctx), icon, None, item.state.value

    def status_of(self, item_id: int) -> str:
        row = self._store.row_of(item_id)
        return "" if row is None else cells.status(self._row(row), self.clock(), self.ctx)


def _icon_and_size(icon: QIcon | QPixmap) -> tuple[QIcon, QSize]:
    """A state icon as Qt's delegate would draw it from ``DecorationRole``: a pixmap keeps its
    own size (in device-independent pixels)."""
    if isinstance(icon, QPixmap):
        return QIcon(icon), icon.deviceIndependentSize().toSize()
    return icon, QSize()
