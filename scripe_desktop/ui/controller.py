"""The app controller: starting the engine, the key, onboarding, settings, tray and quitting.

Why separate from the window: the window composes widgets; this object owns the things with a
lifetime (engine threads, the sandbox, the credential store) and the flows between dialogs.
Everything slow (sandbox start, keyring, opening the queue, the network) runs on workers.
Restarting the engine, a new API address and reaping after a quit are ``engine_lifecycle.py``.
"""

from __future__ import annotations

import gc
import linecache
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from scripe_desktop.api import ScripeClient, WorkspaceInfo
from scripe_desktop.credentials import CredentialStore, MemoryKeyring
from scripe_desktop.engine.events import ConditionKind, ItemState
from scripe_desktop.engine.lockfile import QueueBusyError
from scripe_desktop.engine.remote import EngineProcessError
from scripe_desktop.engine.store_safety import QueueStoreError
from scripe_desktop.engine.type_database import TypeDatabaseError

from .boot import SANDBOX_KEY, Booted, EngineCalls, LaunchOptions, boot
from .engine_bridge import EngineBridge
from .engine_lifecycle import EngineLifecycle
from .main_window import MainWindow
from .onboarding import OnboardingDialog
from .projects import ProjectsLoader
from .reasons import queue_unusable_at_start
from .settings_dialog import SettingsDialog
from .tray import TrayController
from .workers import run_task

log = logging.getLogger(__name__)
__all__ = ["SANDBOX_KEY", "DesktopApp", "LaunchOptions"]
REPORT_INTERVAL_MS = 10_000


class DesktopApp(QObject):
    """Builds the window at once; connects the engine in the background."""

    ready = Signal()  # engine attached (tests wait for it)
    finished = Signal()  # everything stopped after a quit

    def __init__(self, options: LaunchOptions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.settings = options.settings
        self.store = options.store or CredentialStore()
        self.sandbox: Any = options.sandbox_instance
        self.api_key: str | None = None
        self.api_base = options.api_base or self.settings.api_base
        self.workspace: WorkspaceInfo | None = None
        self.onboarding: OnboardingDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._pending_paths: list[Path] = list(options.paths)
        self._stopping = False
        self.bridge = EngineBridge(self)
        self.lifecycle = EngineLifecycle(self)
        self.projects = ProjectsLoader(self)
        self.tray = TrayController(
            lambda: self.window.totals, self, available=options.tray_available, home=options.home
        )
        self.watched_folders: Any = None  # the Watched folders dialog while open
        self.window = MainWindow(
            self.bridge,
            self.settings,
            self.projects,
            tray_available=self.tray.available,
            sandbox=options.sandbox,
        )
        self._connect()

    @property
    def engine(self) -> EngineCalls | None:
        """The running engine's commands (None before it connected and after quitting)."""
        if self._stopping or not self.bridge.is_connected:
            return None
        return EngineCalls(self.bridge)

    @property
    def stopping(self) -> bool:
        """Quitting: whatever starts now is stopped again at once."""
        return self._stopping

    @property
    def engine_host(self) -> Any:
        """The engine's handle; ``.engine`` is the UploadEngine itself when in-process."""
        return self.bridge.handle

    def _connect(self) -> None:
        w = self.window
        w.settingsRequested.connect(self.open_settings)
        w.keyRequested.connect(self.open_onboarding)
        w.quitRequested.connect(self.quit)
        w.projectsReloadRequested.connect(self.load_projects)
        w.banner.actionRequested.connect(self._on_banner_action)
        self.tray.showRequested.connect(w.bring_to_front)
        self.tray.quitRequested.connect(w.ask_quit)  # asks first if drops would be lost
        self.bridge.totalsChanged.connect(self.tray.set_totals)
        # watched folders and the rest of the tray menu (ui/watched_folders.py)
        from .notifications import attach_to
        from .watched_folders import connect_tray, install_window_entry

        connect_tray(self)
        install_window_entry(self.window, self.open_watched_folders)
        self.notifier = attach_to(self)
        self.bridge.conditionsChanged.connect(self.tray.set_conditions)
        self.bridge.connected.connect(self._on_connected)
        self.bridge.startFailed.connect(self.on_boot_failed)
        self.bridge.stopped.connect(self.lifecycle.on_stopped)
        self._report = QTimer(self)
        self._report.setInterval(REPORT_INTERVAL_MS)
        self._report.timeout.connect(self._log_queue)
        self._report.start()
        self._last_report: tuple[int, ...] = ()

    def _log_queue(self) -> None:
        """A line in the log when the queue the window shows changed (support, soak test)."""
        model = self.window.model
        figures = (model.rowCount(), model.count(ItemState.DONE), model.count(ItemState.FAILED))
        if figures != self._last_report:
            self._last_report = figures
            log.info("queue shown: %d files, %d done, %d failed", *figures)

    # -- start -----------------------------------------------------------------------------

    def start(self) -> None:
        """Show the window now; sandbox, keyring and queue load on a worker."""
        if not (self.options.background and self.tray.available):
            self.window.show()
        forget_source_lines()
        gc.freeze()  # start-up objects (Qt, imports): no more full collection passes over them
        run_task(self._boot, self._on_booted, self.on_boot_failed, context=self)

    def _boot(self) -> Booted:
        """Worker thread: everything that may block before the engine runs."""
        return boot(self.options, self.sandbox, self.api_base, self.store)

    def _on_booted(self, booted: Booted) -> None:
        self.sandbox, self.store = booted.sandbox, booted.store
        if self._stopping:  # quit while starting: stop what the worker built
            self.bridge.attach(booted.handle)
            self.bridge.stop()
            return
        self.api_key, self.api_base = booted.key, booted.base
        self.lifecycle.begin(booted.handle, booted.config)

    def _on_connected(self) -> None:
        forget_source_lines()  # the boot worker's imports
        if self.lifecycle.take_restarted():
            return
        if self._pending_paths:
            self.add_paths(self._pending_paths)
            self._pending_paths = []
        # The window's permanent "Connect your Scripe account" row follows this.
        self.window.set_account_state("connected" if self.api_key else "never")
        if self.api_key:
            self.load_projects()
            self.load_workspace()
        else:
            self.open_onboarding()
        self.ready.emit()

    def _on_banner_action(self, kind: ConditionKind) -> None:
        if kind is ConditionKind.ENGINE_STOPPED:
            self.restart_engine()

    def restart_engine(self) -> None:
        """After the engine process died: start a new one on the same queue and key."""
        self.lifecycle.restart()

    def on_boot_failed(self, exc: BaseException) -> None:
        log.error("start-up failed: %r", exc)
        self.lifecycle.restarting = False
        if self._stopping:
            return
        from scripe_desktop.engine.watch.lock import sync_running_elsewhere

        if isinstance(exc, QueueBusyError) and sync_running_elsewhere(self.options.home):
            from .sync_status import show_running_elsewhere  # a status view, not an error

            show_running_elsewhere(self)
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Scripe Desktop"),
            self.tr("Scripe Desktop could not start its upload queue."),
            QMessageBox.StandardButton.Close,
            self.window,
        )
        if isinstance(exc, EngineProcessError | QueueBusyError | TypeDatabaseError):
            box.setInformativeText(str(exc))  # these messages are written for people
        if isinstance(exc, QueueStoreError):  # damaged, read-only, full disk: as the CLI says
            box.setInformativeText(queue_unusable_at_start(exc.data))
        box.setDetailedText(f"{type(exc).__name__}: {exc}")
        box.finished.connect(self.quit)
        box.open()

    def add_paths(self, paths: list[Path]) -> None:
        """Files from the command line or a second launch."""
        if not self.bridge.is_connected:
            self._pending_paths.extend(paths)
            return
        if paths:
            self.window.add_paths(paths)
        self.window.bring_to_front()

    # -- account ---------------------------------------------------------------------------

    def load_projects(self) -> None:
        self.window.destination_bar.set_projects_loading()
        self.projects.load(self.api_key, self.api_base)

    def load_workspace(self) -> None:
        key, base = self.api_key, self.api_base
        if not key:
            return

        def fetch() -> WorkspaceInfo:
            with ScripeClient(key, base) as client:
                return client.workspace_me()

        run_task(
            fetch,
            lambda info: self._on_workspace(key, info),
            lambda exc: log.info("workspace: %s", exc),
            context=self,
        )

    def _on_workspace(self, key: str, info: WorkspaceInfo) -> None:
        if key != self.api_key:  # the key changed or was removed meanwhile
            return
        self.workspace = info
        self.window.set_workspace(info.workspace.name)

    def open_onboarding(self) -> None:
        if self.onboarding is not None:
            self.onboarding.raise_()
            return
        self.onboarding = OnboardingDialog(self.api_base, self.store, self.window)
        self.onboarding.keyAccepted.connect(self._on_key_accepted)
        self.onboarding.finished.connect(self._on_onboarding_closed)
        self.onboarding.open()

    def _on_onboarding_closed(self) -> None:
        self.onboarding = None

    def _on_key_accepted(self, key: str, info: WorkspaceInfo, remembered: bool) -> None:
        if not remembered:  # session only: in memory, never on disk
            self.store = CredentialStore(MemoryKeyring())
            self.store.save(key)
        self.api_key = key
        self.workspace = info
        self.window.set_workspace(info.workspace.name)
        self.bridge.call("set_api_key", key)
        self.load_projects()

    def remove_key(self) -> None:
        store = self.store
        run_task(
            store.delete,
            lambda _r: None,
            lambda exc: log.warning("could not delete key: %s", exc),
            context=self,
        )
        self.api_key = None
        self.workspace = None
        self.window.set_workspace(None)
        self.bridge.call("set_api_key", None)

    def open_settings(self) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return
        dialog = SettingsDialog(
            self.settings,
            workspace=(
                self.workspace.workspace.name
                if self.workspace
                else self.tr("Connected")
                if self.api_key
                else None
            ),
            projects=self.projects.projects,
            sandbox=self.options.sandbox,
            sandbox_base=getattr(self.sandbox, "base_url", None) if self.options.sandbox else None,
            parent=self.window,
        )
        dialog.applied.connect(self._apply_settings)
        dialog.apiBaseChanged.connect(self._switch_api_base)
        dialog.changeKeyRequested.connect(self.open_onboarding)
        dialog.removeKeyRequested.connect(self.remove_key)
        dialog.finished.connect(lambda _r: setattr(self, "settings_dialog", None))
        self.settings_dialog = dialog
        dialog.open()

    def open_watched_folders(self) -> None:
        from .watched_folders import WatchedFoldersDialog

        if self.watched_folders is not None:
            self.watched_folders.raise_()
            return
        dialog = WatchedFoldersDialog(
            self.options.home, self.projects, qsettings=self.settings.qsettings, parent=self.window
        )
        dialog.foldersChanged.connect(self.tray.update_state)  # its icon describes the folders
        dialog.finished.connect(lambda _r: setattr(self, "watched_folders", None))
        self.watched_folders = dialog
        dialog.open()

    def _apply_settings(self) -> None:
        self.bridge.call("set_concurrency", self.settings.concurrency)
        self.bridge.call("set_rate_limit", self.settings.rate_limit_bps)

    def _switch_api_base(self, base: str) -> None:
        """A new API address applies at once, without restarting the app."""
        self.lifecycle.switch_api_base(base)

    # -- quitting ---------------------------------------------------------------------------

    def quit(self) -> None:
        """Save and stop everything without blocking the GUI; ``finished`` follows."""
        if self._stopping:
            return
        self._stopping = True
        self.window.allow_close()
        self.window.close()
        self.tray.hide()
        self.bridge.stop()  # -> stopped -> lifecycle.on_stopped -> finished

    def shutdown(self) -> None:
        """Blocking stop for teardown (tests, ``aboutToQuit``); safe to call twice."""
        self._stopping = self.lifecycle.blocking_stop = True
        self.bridge.stop_now()
        self.bridge.detach()
        sandbox = self.lifecycle.take_sandbox()
        if sandbox is not None:
            sandbox.stop()


def forget_source_lines() -> None:
    """Drop the source lines PySide6 read while our modules were imported.

    Why: after PySide6 is imported, its ``__feature__`` check runs ``inspect.getsource`` on
    every module imported later, and ``linecache`` keeps each file's lines: about 12 MB of
    strings for the app's ~550 modules, a tenth of the window's memory. Only a traceback needs
    them, and it reads them again."""
    linecache.clearcache()
