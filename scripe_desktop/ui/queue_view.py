"""The queue table: selection, context menu and keyboard shortcuts for per-file actions.

The view never calls the engine: it emits ``commandRequested(method, item_ids)`` with the
engine method's name (pause, resume, cancel, retry, remove), so it can be tested alone and the
window decides where commands go.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QTableView,
    QWidget,
)

from scripe_desktop.engine.events import ItemSnapshot
from scripe_desktop.engine.lifecycle import Action, enabled_actions

from . import icons
from .appends import FollowNewest, QuietAppends
from .column_fit import fit_widths
from .delegates import CellDelegate, ProgressDelegate, ResultDelegate
from .drop_zone import accept_file_drag, paths_from_mime
from .queue_commands import QueueCommands
from .queue_model import Column, QueueModel
from .selection import selected_source_rows


class QueueView(QueueCommands, QTableView):
    """Emits ``commandRequested(method, ids)`` and ``pathsDropped(paths)``."""

    commandRequested = Signal(str, list)
    sendToRequested = Signal(list)  # item ids: the window asks where (ui/send_to_dialog.py)
    pathsDropped = Signal(list)
    selectedItemChanged = Signal(object)  # ItemSnapshot | None (exactly one row selected)

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
        self.setTabKeyNavigation(False)  # Tab moves on to the next control, not the next cell
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.setCornerButtonEnabled(False)  # "select all" is Ctrl+A; an unlabelled button is not
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self.doubleClicked.connect(self._on_double_click)
        self.setItemDelegate(CellDelegate(self))  # one call into the model per painted cell
        self.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self))
        self._result_delegate = ResultDelegate(self)
        self._result_delegate.open_requested = self._open_index
        self.setItemDelegateForColumn(Column.RESULT, self._result_delegate)
        self.confirm_box: QMessageBox | None = None
        self._appends = QuietAppends()
        self.follow = FollowNewest(self.verticalScrollBar(), self.scrollToBottom)
        self._actions_timer = QTimer(self, singleShot=True, interval=0)
        self._actions_timer.timeout.connect(self.update_actions)
        self._user_sized = False
        self._fitting = False
        self._empty_label = QLabel(self.viewport())
        self._empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_label.setForegroundRole(self._empty_label.foregroundRole().PlaceholderText)
        self._empty_label.hide()

        self.pause_action = self._action(self.tr("&Pause"), "Ctrl+P", "pause", self.pause)
        self.resume_action = self._action(self.tr("&Resume"), "Ctrl+R", "resume", None, "resume")
        self.cancel_action = self._action(self.tr("&Cancel"), "Ctrl+.", "cancel", None, "cancel")
        self.retry_action = self._action(self.tr("Re&try"), "Ctrl+Shift+R", "retry", self.retry)
        self.remove_action = self._action(
            self.tr("Re&move from list"), QKeySequence.StandardKey.Delete, "remove", self.remove
        )
        self.send_to_action = self._action(
            self.tr("&Send to…"), "Ctrl+Shift+S", "upload", lambda: self._send_to()
        )
        self.open_location_action = self._action(
            self.tr("Open file &location"), "Ctrl+L", "folder", self.open_location
        )
        self.open_in_scripe_action = self._action(
            self.tr("&Open in Scripe"), "Ctrl+Return", "upload", self.open_in_scripe
        )
        self.copy_result_action = self._action(
            self.tr("&Copy id"), QKeySequence.StandardKey.Copy, "copy", self.copy_result
        )

    def setModel(self, model: object) -> None:  # type: ignore[override]
        super().setModel(model)  # type: ignore[arg-type]
        self._appends.changed()
        for signal in (
            model.rowsRemoved,  # type: ignore[attr-defined]
            model.rowsMoved,  # type: ignore[attr-defined]
            model.columnsInserted,  # type: ignore[attr-defined]
            model.columnsRemoved,  # type: ignore[attr-defined]
            model.columnsMoved,  # type: ignore[attr-defined]
            model.layoutChanged,  # type: ignore[attr-defined]
            model.modelReset,  # type: ignore[attr-defined]
        ):
            signal.connect(self._appends.changed)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(48)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Name and Status first: at 800 px they are what must be readable without scrolling.
        for visual, column in enumerate(
            (Column.NAME, Column.STATUS, Column.PROGRESS, Column.RESULT, Column.DESTINATION)
        ):
            header.moveSection(header.visualIndex(column), visual)
        header.sectionResized.connect(self._on_section_resized)
        self.fit_columns()
        self.selectionModel().selectionChanged.connect(self._on_selection)
        self.update_actions()

    def _action(
        self,
        text: str,
        shortcut: object,
        icon_name: str,
        slot: object,
        method: str | None = None,
    ) -> QAction:
        action = QAction(icons.icon(icon_name), text, self)
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if method is not None:
            action.triggered.connect(lambda: self._emit(method, self.selected_ids()))
        elif slot is not None:
            action.triggered.connect(lambda: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    # -- columns ---------------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Give Name the room (at least 200 px); the other columns shrink first."""
        header = self.horizontalHeader()
        if self.model() is None:
            return
        widths = fit_widths(self.viewport().width(), self.fontMetrics().averageCharWidth())
        self._fitting = True
        try:
            for column, width in widths.items():  # Type and Size give way on a narrow window
                header.setSectionHidden(column, width == 0)
            if self._user_sized:  # keep the user's columns; Name takes what is left
                others = sum(
                    header.sectionSize(c)
                    for c in Column
                    if c != Column.NAME and not header.isSectionHidden(c)
                )
                widths = {Column.NAME: max(widths[Column.NAME], self.viewport().width() - others)}
                if header.sectionSize(Column.NAME) > widths[Column.NAME]:
                    return
            for column, width in widths.items():
                if width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self._user_sized = True

    @property
    def user_sized(self) -> bool:
        return self._user_sized

    def restore_header(self, state: object, user_sized: bool = True) -> bool:
        """Put back the column widths and order saved on close; columns the user never
        resized keep fitting the window."""
        ok = bool(state) and self.horizontalHeader().restoreState(state)  # type: ignore[arg-type]
        if ok:
            self._user_sized = user_sized
            header = self.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            name_min = fit_widths(0, self.fontMetrics().averageCharWidth())[Column.NAME]
            if header.sectionSize(Column.NAME) < name_min:
                self._fitting = True
                header.resizeSection(Column.NAME, name_min)
                self._fitting = False
            if not user_sized:
                self.fit_columns()
        return ok

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        self._place_empty_label()

    def set_empty_text(self, text: str | None) -> None:
        """A sentence in the middle of an empty table ("No failed files"), or none."""
        self._empty_label.setText(text or "")
        self._empty_label.setVisible(bool(text))
        self._place_empty_label()

    @property
    def empty_text(self) -> str | None:
        return self._empty_label.text() if self._empty_label.isVisible() else None

    def _place_empty_label(self) -> None:
        self._empty_label.setGeometry(self.viewport().rect())

    # -- selection -------------------------------------------------------------------------

    def _selected_rows(self) -> tuple[QueueModel | None, list[int]]:
        return selected_source_rows(self)

    def selected_items(self) -> list[ItemSnapshot]:
        model, rows = self._selected_rows()
        return [] if model is None else [model.item(r) for r in rows]

    def selected_ids(self) -> list[int]:
        model, rows = self._selected_rows()
        return [] if model is None else model.ids_of(rows)

    def _on_selection(self) -> None:
        model, rows = self._selected_rows()
        self.update_actions((model, rows))
        one = model.item(rows[0]) if model is not None and len(rows) == 1 else None
        self.selectedItemChanged.emit(one)

    def schedule_update_actions(self) -> None:
        """After rows changed: once per event-loop turn, not once per changed range."""
        if not self._actions_timer.isActive():
            self._actions_timer.start()

    def update_actions(self, selected: tuple[QueueModel | None, list[int]] | None = None) -> None:
        """Enable only what makes sense for the selected files' states."""
        model, rows = self._selected_rows() if selected is None else selected
        states = set() if model is None else model.states_of(rows)
        allowed = enabled_actions(states)  # the engine's lifecycle table
        self.pause_action.setEnabled(Action.PAUSE in allowed)
        self.resume_action.setEnabled(Action.RESUME in allowed)
        self.cancel_action.setEnabled(Action.CANCEL in allowed)
        self.retry_action.setEnabled(Action.RETRY in allowed)
        self.send_to_action.setEnabled(Action.SEND_TO in allowed)
        self.remove_action.setEnabled(Action.REMOVE in allowed)
        self.open_location_action.setEnabled(len(rows) == 1)
        one_url = model is not None and len(rows) == 1 and model.url_of(rows[0])
        self.open_in_scripe_action.setEnabled(bool(one_url))
        self.copy_result_action.setEnabled(model is not None and model.any_result(rows))

    def _emit(self, method: str, ids: list[int]) -> None:
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
            self.open_in_scripe_action,
            self.copy_result_action,
            None,
            self.pause_action,
            self.resume_action,
            self.cancel_action,
            self.retry_action,
            self.send_to_action,
            None,
            self.open_location_action,
            None,
            self.remove_action,
        ):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.popup(self.viewport().mapToGlobal(pos))

    def scroll_to_newest(self) -> None:
        """New rows come in at the bottom (arrival order): show them (ui/appends.py)."""
        self.follow.rows_added()

    # -- rows added below what is shown repaint nothing (ui/appends.py) ---------------------

    def rowsInserted(self, parent: QModelIndex, first: int, last: int) -> None:  # type: ignore[override]
        super().rowsInserted(parent, first, last)
        bottom = self.rowAt(self.viewport().height() - 1)  # -1: the rows do not fill it
        self._appends.appended(0 <= bottom < first)

    def dataChanged(  # type: ignore[override]
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] | None = None
    ) -> None:
        if self._appends.state:  # Qt skips cells while a layout is pending: they repaint then
            self._appends.cell_changed(
                self.visualRect(top_left).united(self.visualRect(bottom_right))
            )
        super().dataChanged(top_left, bottom_right, roles or [])  # may run the layout itself

    def doItemsLayout(self) -> None:
        quiet, dirty = self._appends.take()
        if not quiet:
            super().doItemsLayout()
            return
        self.updateGeometries()  # the scroll bar's range; the rows shown are unchanged
        for rect in dirty:
            self.viewport().update(rect)

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
