"""Sorting and filtering the queue table: 'failed only', and system files never shown."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from scripe_desktop.engine.events import ItemState

from .queue_model import SnapshotRole, SortRole, StateRole, is_system_file

Index = QModelIndex | QPersistentModelIndex


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
        index = self.sourceModel().index(source_row, 0, source_parent)
        item = index.data(SnapshotRole)
        if item is not None and item.state is ItemState.SKIPPED and is_system_file(item.name):
            return False  # .DS_Store and friends: only counted in the batch summary
        if not self._failed_only:
            return True
        return index.data(StateRole) == ItemState.FAILED.value
