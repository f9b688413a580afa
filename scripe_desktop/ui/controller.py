"""The app controller: engine lifecycle, the key, onboarding, settings, tray and quitting.

Why separate from the window: the window composes widgets; this object owns the things with a
lifetime (engine threads, the sandbox, the credential store) and the flows between dialogs.
Everything slow (sandbox start, keyring, opening the queue, the network) runs on workers.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from scripe_desktop.api import ScripeClient, WorkspaceInfo
from scripe_desktop.credentials import (
    CredentialError,
    CredentialStore,
    MemoryKeyring,
    resolve_api_key,
)
from scripe_desktop.engine import EngineConfig, UploadEngine
from scripe_desktop.engine.inspect import TypeDatabaseError
from scripe_desktop.engine.lockfile import QueueBusyError
from scripe_desktop.engine.remote import EngineProcessError, RemoteEngine

from .app_settings import AppSettings
from .engine_bridge import EngineBridge
from .main_window import MainWindow
from .onboarding import OnboardingDialog
from .projects import ProjectsLoader
from .settings_dialog import SettingsDialog
from .tray import TrayController
from .workers import run_task

log = logging.getLogger(__name__)
SANDBOX_KEY = "scripe_sk_test_desktopsandbox0001"


@dataclass
class LaunchOptions:
    """What ``run_gui`` (or a test) decides before the controller starts."""

    home: Path
    settings: AppSettings
    store: CredentialStore | None = None  # None: the OS keyring
    sandbox: bool = False
    sandbox_instance: Any = None  # an already running Sandbox (tests); else started here
    api_base: str | None = None  # overrides the settings (tests, SCRIPE_API_BASE)
    paths: list[Path] = field(default_factory=list)
    tray_available: bool | None = None  # None: ask Qt
    env: dict[str, str] | None = None  # for resolve_api_key (tests pass {})
    # The engine runs in its own process so its threads never compete with the GUI thread
    # for the GIL; in-process is for tests that reach into the engine.
    engine_in_process: bool = False


@dataclass
class _Booted:
    engine: UploadEngine | RemoteEngine
    key: str | None
    base: str
    sandbox: Any
    key_problem: str | None


class DesktopApp(QObject):
    """Builds the window at once; connects the engine in the background."""

    ready = Signal()  # engine attached (tests wait for it)
    finished = Signal()  # everything stopped after a quit

    def __init__(self, options: LaunchOptions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.settings = options.settings
        self.store = options.store or CredentialStore()
        self.engine: UploadEngine | RemoteEngine | None = None
        self.sandbox: Any = options.sandbox_instance
        self.api_key: str | None = None
        self.api_base = options.api_base or self.settings.api_base
        self.workspace: WorkspaceInfo | None = None
        self.onboarding: OnboardingDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._pending_paths: list[Path] = list(options.paths)
        self._stopping = False
        self.bridge = EngineBridge(self)
        self.projects = ProjectsLoader(self)
        self.tray = TrayController(
            lambda: self.window.totals, self, available=options.tray_available
        )
        self.window = MainWindow(
            self.bridge,
            self.settings,
            self.projects,
            tray_available=self.tray.available,
            sandbox=options.sandbox,
        )
        self._connect()

    def _connect(self) -> None:
        w = self.window
        w.settingsRequested.connect(self.open_settings)
        w.keyRequested.connect(self.open_onboarding)
        w.quitRequested.connect(self.quit)
        w.projectsReloadRequested.connect(self.load_projects)
        self.tray.showRequested.connect(w.bring_to_front)
        self.tray.pauseAllRequested.connect(lambda: self.bridge.call("pause_all"))
        self.tray.resumeAllRequested.connect(lambda: self.bridge.call("resume_all"))
        self.tray.quitRequested.connect(self.quit)
        self.bridge.totalsChanged.connect(self.tray.set_totals)

    # -- start -----------------------------------------------------------------------------

    def start(self) -> None:
        """Show the window now; sandbox, keyring and queue load on a worker."""
        self.window.show()
        run_task(self._boot, self._on_booted, self._on_boot_failed, context=self)

    def _boot(self) -> _Booted:
        """Worker thread: everything that may block before the engine runs."""
        opts = self.options
        sandbox = self.sandbox
        base = self.api_base
        key: str | None = None
        problem: str | None = None
        if opts.sandbox:
            if sandbox is None:
                from .sandbox_process import SandboxProcess

                sandbox = SandboxProcess(SANDBOX_KEY).start()
            base, key = sandbox.base_url, sandbox.api_key
            self.store = CredentialStore(MemoryKeyring())
            self.store.save(key)
        else:
            try:
                key, _source = resolve_api_key(
                    self.store, opts.env if opts.env is not None else os.environ
                )
            except CredentialError as exc:
                problem = str(exc)
                log.warning("no stored key: %s", exc)
        config = EngineConfig(
            home=opts.home,
            api_base=base,
            concurrency=self.settings.concurrency,
            rate_limit_bps=self.settings.rate_limit_bps,
        )
        engine_class = UploadEngine if opts.engine_in_process else RemoteEngine
        engine = engine_class(config, key)
        engine.start()
        return _Booted(engine, key, base, sandbox, problem)

    def _on_booted(self, booted: _Booted) -> None:
        if self._stopping:  # quit while starting: stop what the worker built
            booted.engine.shutdown()
            return
        self.engine, self.sandbox = booted.engine, booted.sandbox
        self.api_key, self.api_base = booted.key, booted.base
        self.bridge.attach(booted.engine)
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

    def _on_boot_failed(self, exc: BaseException) -> None:
        log.error("start-up failed: %r", exc)
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
        box.setDetailedText(f"{type(exc).__name__}: {exc}")
        box.finished.connect(self.quit)
        box.open()

    def add_paths(self, paths: list[Path]) -> None:
        """Files from the command line or a second launch."""
        if self.engine is None:
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
            parent=self.window,
        )
        dialog.applied.connect(self._apply_settings)
        dialog.apiBaseChanged.connect(self._switch_api_base)
        dialog.changeKeyRequested.connect(self.open_onboarding)
        dialog.removeKeyRequested.connect(self.remove_key)
        dialog.finished.connect(lambda _r: setattr(self, "settings_dialog", None))
        self.settings_dialog = dialog
        dialog.open()

    def _apply_settings(self) -> None:
        self.bridge.call("set_concurrency", self.settings.concurrency)
        self.bridge.call("set_rate_limit", self.settings.rate_limit_bps)

    def _switch_api_base(self, base: str) -> None:
        """A new API address applies at once, without restarting the app: the engine stops
        (saving the queue) and starts again on the new address, off the GUI thread."""
        self.api_base = base
        old, self.engine = self.engine, None
        self.bridge.wait_for_commands()
        self.bridge.detach()

        def reboot() -> _Booted:
            if old is not None:
                old.shutdown()
            return self._boot()

        run_task(reboot, self._on_booted, self._on_boot_failed, context=self)

    # -- quitting --------------------------------------------------------------------------

    def quit(self) -> None:
        """Save and stop everything; the queue resumes on the next start."""
        if self._stopping:
            return
        self._stopping = True
        self.window.allow_close()
        self.window.close()
        self.tray.hide()
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        """Stop the engine (it saves the queue) and the sandbox; safe to call twice."""
        self.bridge.wait_for_commands()
        self.bridge.detach()
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.shutdown()
        if self.sandbox is not None and self.options.sandbox_instance is None:
            self.sandbox.stop()
            self.sandbox = None
