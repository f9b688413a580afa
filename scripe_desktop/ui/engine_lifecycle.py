"""The engine's lifetime behind the bridge: first start, "Restart uploading", a new API
address, and reaping the engine (and the app's own sandbox) after a quit.

Why apart from the controller: these flows share their flags (restarting, switching) and a
config, and each has a worker step and a GUI-thread step; kept together they read in one go, and
the controller only says when (booted, banner action, settings applied, quit).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from scripe_desktop.engine import EngineConfig, protocol
from scripe_desktop.engine.remote import EngineProcess, EngineThread

from .boot import spawn_engine
from .workers import run_task

if TYPE_CHECKING:
    from .controller import DesktopApp

Handle = EngineProcess | EngineThread


class EngineLifecycle(QObject):
    """Starts the engine on the bridge, restarts it after it died, moves it to a new address."""

    def __init__(self, app: DesktopApp) -> None:
        super().__init__(app)
        self.app = app
        self.bridge = app.bridge
        self.config: EngineConfig | None = None
        self.restarting = False
        self.switching = False  # stopping the engine to start it on a new API address
        self.blocking_stop = False  # the controller's shutdown() stops and reaps it itself

    def spawn(self, config: EngineConfig, key: str | None) -> Handle:
        """Worker thread: a new engine (a child process, or a thread for tests)."""
        return spawn_engine(config, key, in_process=self.app.options.engine_in_process)

    def begin(self, handle: Handle, config: EngineConfig | None = None) -> None:
        """GUI thread: attach a started engine and tell it to run (or stop it, if quitting)."""
        if config is not None:
            self.config = config
        if self.app.stopping:
            # the app quit while this engine was starting: never attach it (its snapshot would
            # reach a window that is gone); ask it to save and stop, on a worker
            run_task(lambda: _stop_late(handle), lambda _r: None, lambda _e: None, context=self)
            return
        self.bridge.attach(handle)
        self.bridge.send(protocol.Start())

    def take_restarted(self) -> bool:
        """On connected: True once if this connection is a restart (no first-start flow)."""
        was, self.restarting = self.restarting, False
        return was

    def restart(self) -> None:
        """After the engine process died: start a new one on the same queue and key."""
        if self.app.stopping or self.restarting or self.config is None:
            return
        if self.bridge.is_connected:
            return
        self.restarting = True
        config, key = self.config, self.app.api_key
        self.app.window.banner.set_conditions(())

        def failed(exc: BaseException) -> None:
            self.restarting = False
            self.app.on_boot_failed(exc)

        run_task(lambda: self.spawn(config, key), self.begin, failed, context=self)

    def switch_api_base(self, base: str) -> None:
        """A new API address applies at once, without restarting the app: the engine saves
        and stops, then starts again on the new address (see ``on_stopped``)."""
        self.app.api_base = base
        if self.app.stopping or self.config is None:
            return
        self.config = replace(self.config, api_base=base)
        self.switching = True
        self.bridge.stop()

    def on_stopped(self) -> None:
        """The engine stopped: for a new API address start it again, after a quit reap it."""
        if self.switching and not self.app.stopping:
            self._start_switched()
        elif self.app.stopping and not self.blocking_stop:
            self._reap()

    def _start_switched(self) -> None:
        handle, config, key = self.bridge.handle, self.config, self.app.api_key
        self.bridge.detach()
        self.switching = False

        def spawn() -> Handle:
            if handle is not None:
                handle.join(5)
            assert config is not None
            return self.spawn(config, key)

        run_task(spawn, self.begin, self.app.on_boot_failed, context=self)

    def _reap(self) -> None:
        """After a quit: wait for the engine and stop our sandbox on a worker; then finished."""
        handle = self.bridge.handle
        self.bridge.detach()
        sandbox = self.take_sandbox()

        def reap() -> None:
            if handle is not None:
                handle.join(5)
            if sandbox is not None:
                sandbox.stop()

        finished = self.app.finished.emit
        run_task(reap, lambda _r: finished(), lambda _e: finished(), context=self)

    def take_sandbox(self) -> Any:
        """The sandbox the app started itself (not a test's), to stop; None otherwise."""
        app = self.app
        if app.sandbox is not None and app.options.sandbox_instance is None:
            sandbox, app.sandbox = app.sandbox, None
            return sandbox
        return None


def _stop_late(handle: Handle) -> None:
    """Worker thread: stop an engine that started after the app quit (join kills it if slow)."""
    with contextlib.suppress(OSError, ValueError):  # already gone
        handle.conn.send_bytes(protocol.dumps(protocol.Shutdown()))
    handle.join(5)
