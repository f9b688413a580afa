"""Sorting and filtering the queue table: 'failed only', and system files never shown."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from scripe_desktop.engine.events import ItemState

from .queue_cells import SortRole, is_system_file
from .queue_model import QueueModel

Index = QModelIndex | QPersistentModelIndex


class QueueFilterProxy(QSortFilterProxyModel):
    """Sorting by the model's ``SortRole`` plus a 'failed only' filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._failed_only = False
        self._queue: QueueModel | None = None
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

    def setSourceModel(self, model: QueueModel) -> None:  # type: ignore[override]
        self._queue = model
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Asked for every inserted row: our own model is read directly, not through Qt."""
        if self._queue is None:
            return True
        state, name = self._queue.state_and_name(source_row)
        if state is ItemState.SKIPPED and is_system_file(name):
            return False  # .DS_Store and friends: only counted in the batch summary
        return not self._failed_only or state is ItemState.FAILED

    def shown_source_rows(self) -> list[int]:
        """Every source row the table shows, in source order (a whole selection, Ctrl+A)."""
        if self._queue is None:
            return []
        none = QModelIndex()
        return [r for r in range(self._queue.rowCount()) if self.filterAcceptsRow(r, none)]
