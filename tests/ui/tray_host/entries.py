"""Run by tests/ui/test_tray_host.py inside a real X session with a tray host (Xvfb + trayer):
``QSystemTrayIcon.isSystemTrayAvailable()`` is really true here, nothing is forced. Every tray
entry is triggered and checked where it lands; the menu is also opened with a real right-click.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QSystemTrayIcon

from scripe_desktop.credentials import CredentialStore, MemoryKeyring
from scripe_desktop.engine.watch import FolderList, WatchedFolder, WatchIndex
from scripe_desktop.ui import workers
from scripe_desktop.ui.controller import DesktopApp, LaunchOptions
from scripe_desktop.ui.tray import TrayController, TrayState
from tests.samples import text_bytes

pytestmark = pytest.mark.gui


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


def _app(qtbot, tmp_path: Path, app_settings, sandbox, *, in_process: bool):
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=15_000)
    store = CredentialStore(MemoryKeyring())
    store.save(sandbox.api_key)
    options = LaunchOptions(
        home=tmp_path / "home",
        settings=app_settings,
        store=store,
        sandbox_instance=sandbox,
        api_base=sandbox.base_url,
        env={},
        engine_in_process=in_process,
        background=True,
    )
    app = DesktopApp(options)
    qtbot.addWidget(app.window)
    with qtbot.waitSignal(app.ready, timeout=30_000):
        app.start()
    return app


@pytest.fixture
def tray_app(qtbot, tmp_path: Path, app_settings, sandbox):
    app = _app(qtbot, tmp_path, app_settings, sandbox, in_process=True)
    yield app
    app.shutdown()
    workers.wait_idle(10)


@pytest.fixture
def syncing_app(qtbot, tmp_path: Path, app_settings, sandbox, monkeypatch):
    """The app as people run it: the engine in its child process, with the folder watcher."""
    monkeypatch.setenv("SCRIPE_SYNC_SETTLE", "0.3")  # the engine process inherits it
    app = _app(qtbot, tmp_path, app_settings, sandbox, in_process=False)
    yield app
    with qtbot.waitSignal(app.finished, timeout=30_000):
        app.quit()
    workers.wait_idle(10)


def _names(sandbox) -> list[str]:
    rec = sandbox.records()
    return [a["name"] for a in rec["knowledge"] + rec["sources"]]


def test_started_at_login_it_is_in_the_tray_with_no_window(qtbot, tray_app) -> None:
    assert tray_app.tray.available and tray_app.tray.icon is not None
    assert tray_app.tray.icon.isVisible()
    assert not tray_app.window.isVisible()
    qtbot.waitUntil(lambda: not tray_app.tray.icon.geometry().isEmpty(), timeout=10_000)


def test_a_right_click_on_the_icon_opens_the_menu_with_its_status_line(qtbot, tray_app) -> None:
    tray = tray_app.tray
    qtbot.waitUntil(lambda: not tray.icon.geometry().isEmpty(), timeout=10_000)
    centre = tray.icon.geometry().center()
    if shutil.which("xdotool"):
        subprocess.run(
            ["xdotool", "mousemove", str(centre.x()), str(centre.y()), "click", "3"],
            check=True, timeout=10,
        )  # fmt: skip
        qtbot.waitUntil(tray.menu.isVisible, timeout=10_000)
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    assert texts[0] == "Up to date"
    assert texts[1:] == [  # no folder is watched: no "Pause syncing" entries (test_tray.py)
        "Add files…", "Open Scripe", "Open the window", "Watched folders…", "Settings…",
        "Quit Scripe Desktop",
    ]  # fmt: skip
    tray.menu.hide()


def test_every_entry_lands_where_it_should(qtbot, tray_app, sandbox, tmp_path, monkeypatch):
    tray, window = tray_app.tray, tray_app.window
    tray.rebuild_menu()
    tray.actions["show"].trigger()
    qtbot.waitUntil(window.isVisible, timeout=5000)
    window.hide()

    f = tmp_path / "from-tray.txt"
    f.write_bytes(text_bytes(20, tag="tray"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f)], ""))
    tray.rebuild_menu()
    tray.actions["add_files"].trigger()
    qtbot.waitUntil(lambda: "from-tray.txt" in _names(sandbox), timeout=20_000)
    assert window.isVisible()

    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("http", catcher, "handle")
    QDesktopServices.setUrlHandler("https", catcher, "handle")
    try:
        tray.rebuild_menu()
        tray.actions["open_scripe"].trigger()
    finally:
        QDesktopServices.unsetUrlHandler("http")
        QDesktopServices.unsetUrlHandler("https")
    # the sandbox's own pages, never the real site (ui/links.py)
    assert [u.toString() for u in catcher.urls] == [f"{sandbox.base_url}/app/"]

    tray.rebuild_menu()
    tray.actions["watched"].trigger()
    qtbot.waitUntil(lambda: tray_app.watched_folders is not None, timeout=5000)
    qtbot.waitUntil(tray_app.watched_folders.isVisible, timeout=5000)
    tray_app.watched_folders.reject()

    tray.rebuild_menu()
    tray.actions["settings"].trigger()
    qtbot.waitUntil(lambda: tray_app.settings_dialog is not None, timeout=5000)
    qtbot.waitUntil(tray_app.settings_dialog.isVisible, timeout=5000)
    tray_app.settings_dialog.reject()

    with qtbot.waitSignal(tray_app.finished, timeout=20_000):
        tray.rebuild_menu()
        tray.actions["quit"].trigger()
    assert not tray.icon.isVisible()


def test_pausing_from_the_tray_pauses_watched_folders_only_survives_a_restart_and_resumes(
    qtbot, syncing_app, sandbox, tmp_path, monkeypatch
) -> None:
    tray_app = syncing_app
    tray, home = tray_app.tray, tray_app.options.home
    watched = tmp_path / "watched"
    watched.mkdir()
    FolderList(home).add(WatchedFolder(str(watched), "knowledge"))
    qtbot.waitUntil(lambda: _scanned(home, watched), timeout=10_000)  # the watcher has it
    tray.rebuild_menu()
    before = time.time()
    tray.actions["pause_hour"].trigger()
    until = FolderList(home).load().paused_until
    assert until is not None and 3590 < until - before < 3610
    assert tray.update_state() is TrayState.PAUSED
    tray.rebuild_menu()
    assert tray.actions["status"].text().startswith("Syncing paused until ")

    (watched / "held.txt").write_bytes(text_bytes(20, tag="held"))
    f = tmp_path / "dropped.txt"
    f.write_bytes(text_bytes(20, tag="dropped"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f)], ""))
    tray.rebuild_menu()
    tray.actions["add_files"].trigger()  # files a person adds keep going while sync pauses
    qtbot.waitUntil(lambda: "dropped.txt" in _names(sandbox), timeout=20_000)
    assert not tray_app.window.totals.paused
    assert "held.txt" not in _names(sandbox)

    again = TrayController(lambda: None, available=True, home=home)  # as after a restart
    again.rebuild_menu()
    assert "resume" in again.actions and again.update_state() is TrayState.PAUSED
    again.hide()

    tray.rebuild_menu()
    tray.actions["resume"].trigger()
    assert FolderList(home).load().paused_until is None
    qtbot.waitUntil(lambda: "held.txt" in _names(sandbox), timeout=20_000)
    assert sorted(_names(sandbox)) == ["dropped.txt", "held.txt"]

    tray.rebuild_menu()
    tray.actions["pause_tomorrow"].trigger()
    until = FolderList(home).load().paused_until
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert dt.datetime.fromtimestamp(until).date() == tomorrow
    assert dt.datetime.fromtimestamp(until).hour == 8
    tray.rebuild_menu()
    tray.actions["resume"].trigger()


def _scanned(home: Path, folder: Path) -> bool:
    index = WatchIndex(home, readonly=True)
    try:
        return index.facts(str(folder.resolve())).last_scan is not None
    finally:
        index.close()


def test_the_session_really_has_a_tray_host() -> None:
    assert os.environ.get("QT_QPA_PLATFORM") == "xcb"
    assert QSystemTrayIcon.isSystemTrayAvailable()
