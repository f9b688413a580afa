"""The queue table: selection, context menu and keyboard shortcuts for per-file actions.

The view never calls the engine: it emits ``commandRequested(method, item_ids)`` with the
engine method's name (pause, resume, cancel, retry, remove), so it can be tested alone and the
window decides where commands go.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from scripe_desktop.engine.events import ItemSnapshot
from scripe_desktop.engine.lifecycle import Action, enabled_actions

from . import icons
from .delegates import ProgressDelegate, ResultDelegate
from .drop_zone import accept_file_drag, paths_from_mime
from .queue_model import Column, SnapshotRole


class QueueView(QTableView):
    """Emits ``commandRequested(method, ids)`` and ``pathsDropped(paths)``."""

    commandRequested = Signal(str, list)
    sendToRequested = Signal(list)  # item ids: the window asks where (ui/send_to_dialog.py)
    pathsDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Upload queue"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # arrival order until asked
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setCornerButtonEnabled(False)  # "select all" is Ctrl+A; an unlabelled button is not
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self))
        self._result_delegate = ResultDelegate(self)
        self._result_delegate.copy_requested = self._copy_index
        self.setItemDelegateForColumn(Column.RESULT, self._result_delegate)

        self.pause_action = self._action("pause", self.tr("&Pause"), "Ctrl+P", "pause")
        self.resume_action = self._action("resume", self.tr("&Resume"), "Ctrl+R", "resume")
        self.cancel_action = self._action("cancel", self.tr("&Cancel"), "Ctrl+.", "cancel")
        self.retry_action = self._action("retry", self.tr("Re&try"), "Ctrl+Shift+R", "retry")
        self.remove_action = self._action(
            "remove", self.tr("Re&move from list"), QKeySequence.StandardKey.Delete, "remove"
        )
        self.send_to_action = self._action(None, self.tr("&Send to…"), "Ctrl+Shift+S", "upload")
        self.send_to_action.triggered.connect(self._send_to)
        self.open_location_action = self._action(
            None, self.tr("Open file &location"), "Ctrl+L", "folder"
        )
        self.open_location_action.triggered.connect(self.open_location)
        self.copy_result_action = self._action(
            None, self.tr("&Copy result id"), QKeySequence.StandardKey.Copy, "copy"
        )
        self.copy_result_action.triggered.connect(self.copy_result)

    def setModel(self, model: object) -> None:  # type: ignore[override]
        super().setModel(model)  # type: ignore[arg-type]
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        widths = {
            Column.SIZE: 80,
            Column.TYPE: 110,
            Column.DESTINATION: 150,
            Column.PROGRESS: 120,
            Column.STATUS: 240,
            Column.RESULT: 250,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        self.selectionModel().selectionChanged.connect(self.update_actions)
        self.update_actions()

    def _action(self, method: str | None, text: str, shortcut: object, icon_name: str) -> QAction:
        action = QAction(icons.icon(icon_name), text, self)
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if method is not None:
            action.triggered.connect(lambda: self._emit(method))
        self.addAction(action)
        return action

    # -- selection -------------------------------------------------------------------------

    def selected_items(self) -> list[ItemSnapshot]:
        model = self.selectionModel()
        if model is None:
            return []
        rows = sorted({i.row() for i in model.selectedRows(0)})
        return [self.model().index(r, 0).data(SnapshotRole) for r in rows]

    def selected_ids(self) -> list[int]:
        return [item.id for item in self.selected_items()]

    def update_actions(self) -> None:
        """Enable only what makes sense for the selected files' states."""
        items = self.selected_items()
        allowed = enabled_actions(i.state for i in items)  # the engine's lifecycle table
        self.pause_action.setEnabled(Action.PAUSE in allowed)
        self.resume_action.setEnabled(Action.RESUME in allowed)
        self.cancel_action.setEnabled(Action.CANCEL in allowed)
        self.retry_action.setEnabled(Action.RETRY in allowed)
        self.send_to_action.setEnabled(Action.SEND_TO in allowed)
        self.remove_action.setEnabled(Action.REMOVE in allowed)
        self.open_location_action.setEnabled(len(items) == 1)
        self.copy_result_action.setEnabled(any(i.result_id for i in items))

    def _emit(self, method: str) -> None:
        ids = self.selected_ids()
        if ids:
            self.commandRequested.emit(method, ids)

    def _send_to(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.sendToRequested.emit(ids)

    def _show_menu(self, pos: QPoint) -> None:
        self.update_actions()
        menu = QMenu(self)
        for action in (
            self.pause_action,
            self.resume_action,
            self.cancel_action,
            self.retry_action,
            self.send_to_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.copy_result_action)
        menu.addAction(self.open_location_action)
        menu.addSeparator()
        menu.addAction(self.remove_action)
        menu.popup(self.viewport().mapToGlobal(pos))

    # -- per-item helpers ------------------------------------------------------------------

    def open_location(self) -> None:
        items = self.selected_items()
        if len(items) == 1:
            folder = Path(items[0].path).parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def copy_result(self) -> None:
        ids = [i.result_id for i in self.selected_items() if i.result_id]
        if ids:
            QGuiApplication.clipboard().setText("\n".join(ids))

    def _copy_index(self, index: QModelIndex) -> None:
        item: ItemSnapshot | None = index.siblingAtColumn(0).data(SnapshotRole)
        if item is not None and item.result_id:
            QGuiApplication.clipboard().setText(item.result_id)

    # -- drops onto the table (the viewport receives them) ---------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_file_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        accept_file_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = paths_from_mime(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.pathsDropped.emit(paths)
