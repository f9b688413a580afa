"""The main window: composes the widgets and wires them to the engine bridge. Nothing else.

Account, key and engine lifecycle are the app controller's business (``app.py``); the window
only asks for them through signals (``settingsRequested``, ``keyRequested``, ``quitRequested``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from scripe_desktop.engine.events import (
    BatchSummary,
    ConditionKind,
    ItemState,
    ScanProgress,
    Totals,
)

from . import icons, reasons, texts
from .about import HelpMenu
from .app_settings import AppSettings
from .banner import Account, Banner
from .close_dialog import CloseGuard, CloseWithWorkDialog
from .destination_bar import DestinationBar
from .destination_flow import DestinationFlow
from .details_pane import DetailsPane
from .drop_zone import DropZone
from .engine_bridge import EngineBridge
from .main_toolbar import MainToolBar
from .outcomes import Outcomes
from .pause_all import PauseAllFlow
from .projects import ProjectsLoader
from .queue_facts import FilesLeft, files_left, split_work, waiting_sentence
from .queue_filter import QueueFilterProxy
from .queue_model import QueueModel
from .queue_view import QueueView
from .send_to_dialog import AlreadySentNote, SendToDialog
from .status_bar import QueueFacts, QueueStatusBar
from .window_layout import fit_on_screen, restore_window


class MainWindow(QMainWindow):
    settingsRequested = Signal()
    keyRequested = Signal()
    quitRequested = Signal()
    projectsReloadRequested = Signal()

    def __init__(
        self,
        bridge: EngineBridge,
        settings: AppSettings,
        projects: ProjectsLoader,
        *,
        tray_available: bool,
        sandbox: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.projects = projects
        self.tray_available = tray_available
        self.closing = CloseGuard(
            self,
            self._work_split,
            tray_available,
            held=lambda: reasons.held_drops(self.banner.conditions),
        )
        self.closing.quitRequested.connect(self.quitRequested)
        self._engine_totals: Totals | None = None
        self.confirm_box: object = None
        self.account_state = Account.UNKNOWN
        self._palette_pending = False
        self.setWindowTitle(self.tr("Scripe Desktop"))
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(False)  # the drop zone and the table take drops

        self.model = QueueModel(self)
        self._pause_all = PauseAllFlow(self.model, bridge)
        self._set_state_icons()
        self.proxy = QueueFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.banner = Banner(
            dismissed=settings.dismissed_notices, on_dismiss=settings.dismiss_notice
        )
        self.drop_zone = DropZone()
        self.destination_bar = DestinationBar()
        self.destination_bar.hide()
        self.already_note = AlreadySentNote()
        self.flow = DestinationFlow(
            bridge, settings, projects, self.model, self.destination_bar, self.already_note, self
        )
        self.flow.reloadRequested.connect(self.projectsReloadRequested)
        self.view = QueueView()
        self.view.setModel(self.proxy)
        self.details = DetailsPane()
        self.status = QueueStatusBar()
        self.outcomes = Outcomes(
            self.model, bridge, projects, self.flow, self.destination_bar, self.status
        )

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 4)
        top = (self.banner, self.drop_zone, self.destination_bar, self.already_note)
        for widget in (*top, self.view, self.details, self.status):
            layout.addWidget(widget)
        layout.setStretchFactor(self.view, 1)
        self.setCentralWidget(central)
        self.toolbar = MainToolBar(self, sandbox=sandbox)
        self.addToolBar(self.toolbar)
        t = self.toolbar
        self.add_files_action, self.add_folder_action = t.add_files_action, t.add_folder_action
        self.settings_action, self.quit_action = t.settings_action, t.quit_action
        self.pause_all_action = t.pause_all_action
        self.workspace_label, self.sandbox_badge = t.workspace_label, t.sandbox_badge
        # "Copy diagnostics" counts every file but reads only the failed ones in full
        self.help_menu = HelpMenu(
            self,
            lambda: self.model.items({ItemState.FAILED}),
            lambda: self.banner.conditions,
            lambda: {s.value: n for s in ItemState if (n := self.model.count(s))},
        )
        self._connect()
        self._sync_empty()
        self.setTabOrder(self.drop_zone.add_files_button, self.drop_zone.add_folder_button)
        self.setTabOrder(self.drop_zone.add_folder_button, self.view)
        self.setTabOrder(self.view, self.status.failed_filter)
        restore_window(self, settings.window_geometry)
        self.view.restore_header(settings.header_state, settings.header_user_sized)

    def changeEvent(self, event: QEvent) -> None:
        # changeEvent, not event(): a Python event() override would run for every paint
        # request of the window. The top-level window (no style sheet) gets PaletteChange
        # when the application palette changes.
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._palette_pending:
            # Deferred: restyling children while Qt is still propagating the new palette
            # to them leaves some with the old one.
            self._palette_pending = True
            QTimer.singleShot(0, self._apply_palette)

    def _set_state_icons(self) -> None:
        self.model.set_state_icons(icons.state_pixmaps(self.devicePixelRatioF()))

    def _apply_palette(self) -> None:
        self._palette_pending = False
        self._set_state_icons()
        self.toolbar.style_badge()
        self.drop_zone.apply_palette()
        self.banner.set_conditions(self.banner.conditions)  # rows derive their colours

    def _connect(self) -> None:
        b = self.bridge
        self.add_files_action.triggered.connect(self.drop_zone.choose_files)
        self.add_folder_action.triggered.connect(self.drop_zone.choose_folder)
        self.settings_action.triggered.connect(self.settingsRequested)
        self.quit_action.triggered.connect(self.ask_quit)
        self.pause_all_action.triggered.connect(self.toggle_pause_all)
        b.itemsUpserted.connect(self._on_upserted)
        b.itemsRemoved.connect(self._on_removed)
        b.progressUpdated.connect(self.model.apply_progress)
        b.progressUpdated.connect(lambda _p: self._refresh_facts())  # bytes left, at once
        b.conditionsChanged.connect(self._on_conditions)
        b.totalsChanged.connect(self._on_totals)
        b.scanProgress.connect(self._on_scan)
        b.batchFinished.connect(self._on_batch_finished)
        self.drop_zone.pathsDropped.connect(self.add_paths)
        self.view.pathsDropped.connect(self.add_paths)
        self.view.commandRequested.connect(self._on_command)
        self.view.sendToRequested.connect(self.flow.open_send_to)
        self.model.dataChanged.connect(lambda *_: self.view.schedule_update_actions())
        self.model.rowsInserted.connect(lambda *_: self.view.scroll_to_newest())
        self.model.ticked.connect(lambda _speed: self._on_tick())
        self.view.selectedItemChanged.connect(self._show_details)
        self.status.pause_button.clicked.disconnect()
        self.status.pause_button.clicked.connect(self.toggle_pause_all)
        self.status.pauseAllRequested.connect(lambda: b.call("pause_all"))
        self.status.resumeAllRequested.connect(lambda: b.call("resume_all"))
        self.status.clearFinishedRequested.connect(lambda: b.call("clear_finished"))
        self.status.retryFailedRequested.connect(self.outcomes.retry_all_failed)
        self.status.failedFilterToggled.connect(self._set_failed_only)
        self.banner.actionRequested.connect(self._on_banner_action)

    # -- adding ----------------------------------------------------------------------------

    def add_paths(self, paths: list[Path]) -> None:
        """Queue a drop (``destination_flow.py`` decides where it goes, or holds it)."""
        self.flow.add_paths(paths)

    @property
    def send_to_dialog(self) -> SendToDialog | None:
        return self.flow.send_to_dialog

    # -- engine updates --------------------------------------------------------------------

    def _on_upserted(self, items: list) -> None:
        self.model.upsert(items)
        self.flow.on_rows(items)
        shown = self.details.item
        if shown is not None and any(i.id == shown.id for i in items):
            self._show_details(self.model.item_by_id(shown.id))
        self._pause_all.check()
        self._after_change()
        self.outcomes.rows_changed(items)

    def _on_removed(self, ids: list) -> None:
        self.model.remove(ids)
        if self.details.item is not None and self.details.item.id in ids:
            self.details.show_item(None)
        self._after_change()
        self.outcomes.rows_removed(ids)

    def _on_command(self, method: str, ids: list) -> None:
        if method == "retry":
            self.outcomes.retry(ids)
        self.bridge.call(method, ids)

    def _after_change(self) -> None:
        self.status.set_failed_count(self.model.count(ItemState.FAILED))
        self._sync_empty()
        self._refresh_facts()

    def _on_conditions(self, conditions: tuple) -> None:
        kinds = {c.kind for c in conditions}
        key = next((c for c in conditions if c.kind is ConditionKind.KEY_NEEDED), None)
        if key is not None:
            had_key = self.account_state in (Account.CONNECTED, Account.REVOKED)
            self.set_account_state(Account.REVOKED if key.detail or had_key else Account.NEVER)
        self.model.set_conditions(kinds)
        self.banner.set_conditions(conditions)
        self._refresh_facts()

    def set_account_state(self, state: Account | str) -> None:
        """Connected, never connected or key revoked: the banner's permanent row follows."""
        self.account_state = Account(state)
        self.banner.set_account(self.account_state)
        self._refresh_facts()

    def _refresh_facts(self) -> None:
        m = self.model
        connected = self.account_state in (Account.CONNECTED, Account.UNKNOWN)
        if self._engine_totals is not None:
            self.status.set_totals(files_left(m, self._engine_totals), refresh=False)
        self.status.set_facts(
            QueueFacts(
                rows=m.rowCount(),
                done=m.count(ItemState.DONE) + m.count(ItemState.DUPLICATE),
                failed=m.count(ItemState.FAILED),
                cancelled=m.count(ItemState.CANCELLED),
                unfinished=m.rowCount() - sum(m.count(s) for s in ItemState if s.finished),
                speed=m.total_speed(),
                waiting_for=waiting_sentence(m.conditions, connected, bool(self.flow.held)),
            )
        )

    def _on_tick(self) -> None:
        """Once a second while bytes move: the figures, and the pane's percentage and speed
        (byte counts arrive without a new snapshot, so the pane would keep its first words)."""
        self._refresh_facts()
        shown = self.details.item
        if shown is not None and shown.state is ItemState.UPLOADING:
            self._show_details(self.model.item_by_id(shown.id))

    def _show_details(self, item: object) -> None:
        if item is None:
            self.details.show_item(None)
            return
        place = texts.destination_label(item.target, self.projects.names())  # type: ignore[attr-defined]
        self.details.show_item(item, self.model.status_of(item.id), place)  # type: ignore[arg-type, attr-defined]

    def _set_failed_only(self, on: bool) -> None:
        self.proxy.set_failed_only(on)
        self._sync_empty()

    def _sync_empty(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.drop_zone.set_compact(has_rows)
        self.view.setVisible(has_rows)
        empty = self.proxy.failed_only and self.proxy.rowCount() == 0
        self.view.set_empty_text(self.tr("No failed files") if empty else None)

    @property
    def totals(self) -> FilesLeft | None:
        """What is left, as the status bar, the tray and the close dialog all say it (None
        before the engine's first figures)."""
        if self._engine_totals is None:
            return None
        return files_left(self.model, self._engine_totals)

    def _on_totals(self, totals: Totals) -> None:
        self._engine_totals = totals
        self.status.set_totals(files_left(self.model, totals))

    def _on_scan(self, scan: ScanProgress) -> None:
        found = self.flow.on_scan(scan)
        self.status.set_scan(scan.batch_id, None if scan.done else found)

    def _on_batch_finished(self, summary: BatchSummary) -> None:
        self.outcomes.batch_finished(summary)
        self._refresh_facts()

    @property
    def batch_summaries(self) -> dict[int, str]:
        return self.outcomes.summaries

    def _on_banner_action(self, kind: ConditionKind) -> None:
        if kind in (ConditionKind.KEY_NEEDED, ConditionKind.PERMISSION):
            self.keyRequested.emit()
        elif kind is ConditionKind.SPEND_CAP:
            self.bridge.call("try_now")  # "Try now": the limit may have been raised

    def set_workspace(self, name: str | None) -> None:
        self.workspace_label.setText(name or "")
        title = self.tr("Scripe Desktop")
        self.setWindowTitle(f"{title} — {name}" if name else title)
        self.set_account_state(Account.CONNECTED if name else Account.NEVER)

    # -- pausing everything ----------------------------------------------------------------

    def toggle_pause_all(self) -> None:
        """Ctrl+Shift+P and the button: resume, or pause (offering to let nearly-done files
        finish first)."""
        if self.status.paused:
            self.bridge.call("resume_all")
        else:
            self.confirm_box = self._pause_all.ask(self)

    # -- closing ---------------------------------------------------------------------------

    def _work_split(self) -> tuple[int, int, int, int]:
        split = split_work(self.model)
        return split.uploading, split.queued, split.waiting, self.model.count(ItemState.PAUSED)

    def work_remaining(self) -> int:
        """Files still to upload or waiting (paused files are not work in progress)."""
        return self.closing.work_remaining()

    @property
    def close_dialog(self) -> CloseWithWorkDialog | None:
        return self.closing.dialog

    def ask_quit(self) -> None:
        """Quit from the menu or the tray; first the dialog if dropped items would be lost."""
        if self.closing.ask_before_quit():
            self.quitRequested.emit()
        else:
            self.bring_to_front()  # the dialog is on the window

    def allow_close(self) -> None:
        """Let the next close go through (used when quitting for real)."""
        self.closing.allowed = True

    def save_layout(self) -> None:
        """Window geometry and the table's columns, for the next start."""
        self.settings.window_geometry = self.saveGeometry()
        self.settings.header_state = self.view.horizontalHeader().saveState()
        self.settings.header_user_sized = self.view.user_sized
        self.settings.sync()

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():
            self.save_layout()
        super().hideEvent(event)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        fit_on_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.closing.may_close():
            event.ignore()  # the close dialog decides
            return
        self.save_layout()
        event.accept()
        self.quitRequested.emit()

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
