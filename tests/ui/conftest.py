"""Fixtures for the GUI tests: real widgets, a real sandbox over loopback, a real engine.

Offscreen by default (also set by tests/conftest.py; repeated here so this directory can run
alone). QSettings live in tmp_path, the keyring is a MemoryKeyring, and every fixture waits for
its threads in teardown.
"""

from __future__ import annotations

import os

if os.environ.get("SCRIPE_TEST_DISPLAY") != "1":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from scripe_desktop.credentials import CredentialStore, MemoryKeyring
from scripe_desktop.engine.events import AttachKind
from scripe_desktop.sandbox import Sandbox
from scripe_desktop.ui import workers
from scripe_desktop.ui.app_settings import AppSettings, DestinationChoice
from scripe_desktop.ui.controller import DesktopApp, LaunchOptions

pytestmark = pytest.mark.gui


@pytest.fixture
def app_settings(tmp_path: Path) -> AppSettings:
    """Settings in an ini file under tmp_path: never the user's real preferences. A returning
    user who chose Knowledge before (a first start removes ``destination/kind``)."""
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.destination = DestinationChoice(AttachKind.KNOWLEDGE)
    return settings


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(job_duration=0.2).start()
    yield sb
    sb.stop()


@pytest.fixture
def memory_store() -> CredentialStore:
    return CredentialStore(MemoryKeyring())


@pytest.fixture
def closed_port_url() -> str:
    """An address nothing listens on: 'offline' without touching the real network."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def make_app(
    qtbot, tmp_path: Path, app_settings: AppSettings, sandbox: Sandbox
) -> Iterator[Callable[..., DesktopApp]]:
    """Build and start a DesktopApp against the sandbox; all of them are shut down after."""
    apps: list[DesktopApp] = []

    def build(
        *,
        key: str | None = "sandbox",
        home: Path | None = None,
        api_base: str | None = None,
        store: CredentialStore | None = None,
        sandbox_mode: bool = False,
        wait_ready: bool = True,
    ) -> DesktopApp:
        store = store or CredentialStore(MemoryKeyring())
        if key == "sandbox":
            key = sandbox.api_key
        if key:
            store.save(key)
        options = LaunchOptions(
            home=home or tmp_path / "home",
            settings=app_settings,
            store=store,
            sandbox=sandbox_mode,
            sandbox_instance=sandbox,
            api_base=api_base or sandbox.base_url,
            tray_available=False,
            env={},
        )
        app = DesktopApp(options)
        qtbot.addWidget(app.window)
        apps.append(app)
        if wait_ready:
            with qtbot.waitSignal(app.ready, timeout=15_000):
                app.start()
        else:
            app.start()
        return app

    yield build
    for app in apps:
        app.shutdown()  # blocking here on purpose: the engine must be gone before tmp_path
    workers.wait_idle(10)
