"""The tray's state and words offscreen (no tray host: the code must cope). The entries are
triggered under a real tray host in test_tray_host.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from scripe_desktop.engine.events import Condition, ConditionKind, Totals
from scripe_desktop.engine.watch import FolderList, WatchedFolder
from scripe_desktop.ui.tray import TrayController, TrayState, state_icon

pytestmark = pytest.mark.gui


def test_state_follows_queue_conditions_and_pause(qtbot, tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    FolderList(tmp_path).add(WatchedFolder(str(tmp_path / "inbox"), "knowledge"))
    totals = [Totals(0, 0, 0.0, None, False)]
    tray = TrayController(lambda: totals[0], available=False, home=tmp_path)
    assert tray.icon is None and tray.update_state() is TrayState.IDLE
    tray.rebuild_menu()
    assert tray.actions["status"].text() == "Up to date"
    totals[0] = Totals(3, 12 * 1024 * 1024, 1.0, 5.0, False)
    assert tray.update_state() is TrayState.SYNCING
    tray.rebuild_menu()
    assert tray.actions["status"].text() == "3 files left (12.0 MB)"
    tray.set_conditions((Condition(ConditionKind.OFFLINE, "Waiting for a connection."),))
    assert tray.state is TrayState.ATTENTION
    tray.rebuild_menu()
    assert tray.actions["status"].text() == "Waiting for a connection."
    tray.set_conditions(())
    tray.rebuild_menu()
    tray.actions["pause_hour"].trigger()
    assert tray.state is TrayState.PAUSED
    assert tray.actions["status"].text() != tray.status_line()  # built when it opens
    tray.rebuild_menu()
    assert tray.actions["status"].text().startswith("Syncing paused until ")
    assert [a.text() for a in tray.menu.actions() if a.text()][1] == "Resume syncing"


def test_a_pause_that_ended_while_closed_resumes_at_start(qtbot, tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    FolderList(tmp_path).add(WatchedFolder(str(tmp_path / "inbox"), "knowledge"))
    FolderList(tmp_path).pause_until(time.time() - 5)
    tray = TrayController(lambda: None, available=False, home=tmp_path)
    resumed: list[bool] = []
    tray.syncPauseChanged.connect(lambda: resumed.append(True))
    qtbot.waitUntil(lambda: FolderList(tmp_path).load().paused_until is None, timeout=3000)
    assert resumed == [True]


def test_state_icons_differ_by_state_and_theme(qtbot) -> None:
    images = {}
    for state in TrayState:
        for dark in (False, True):
            img = state_icon(state, dark).pixmap(QSize(32, 32)).toImage()
            images[(state, dark)] = img.pixelColor(32 - 8, 32 - 8).name()
    assert len(set(images.values())) == len(images)


def test_started_at_login_without_a_tray_the_window_opens(
    qtbot, tmp_path: Path, app_settings, sandbox
) -> None:
    """--background hides the window only when a tray can bring it back."""
    from scripe_desktop.credentials import CredentialStore, MemoryKeyring
    from scripe_desktop.ui import workers
    from scripe_desktop.ui.controller import DesktopApp, LaunchOptions

    options = LaunchOptions(
        home=tmp_path / "home", settings=app_settings, store=CredentialStore(MemoryKeyring()),
        sandbox_instance=sandbox, api_base=sandbox.base_url, tray_available=False, env={},
        background=True, engine_in_process=True,
    )  # fmt: skip
    app = DesktopApp(options)
    qtbot.addWidget(app.window)
    app.start()
    assert app.window.isVisible()
    qtbot.waitUntil(lambda: app.bridge.is_connected, timeout=15_000)
    app.shutdown()
    workers.wait_idle(10)


def test_a_failed_file_needs_attention_until_retried_or_removed(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    from scripe_desktop.engine import ItemState
    from scripe_desktop.ui.reasons import item_reason

    from .helpers import make_files, simulate_drop, text_bytes
    from .test_window_flow import select, wait_states
    from .ui_helpers import click_button

    app = make_app()
    tray = app.tray
    sandbox.faults.fail_jobs_next(1)  # Scripe fails to process it: a real failure
    files = make_files(tmp_path / "in", {"call.txt": text_bytes(300)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"call.txt": ItemState.FAILED})
    qtbot.waitUntil(lambda: tray.state is TrayState.ATTENTION, timeout=5000)
    tray.rebuild_menu()
    assert tray.actions["status"].text().startswith("Scripe couldn't process “call.txt”")
    [failed] = [i for i in app.window.model.items() if i.name == "call.txt"]
    assert tray.actions["status"].text() == item_reason(failed)  # the row's words, via tr()

    select(app, "call.txt")
    app.window.view.retry_action.trigger()
    click_button(qtbot, app.window.view.confirm_box, "Try again")  # "the failed copy stays"
    wait_states(qtbot, app, {"call.txt": ItemState.DONE})
    qtbot.waitUntil(lambda: tray.state is not TrayState.ATTENTION, timeout=5000)
    assert [k["name"] for k in sandbox.records()["knowledge"]] == ["call.txt", "call.txt"]

    sandbox.faults.fail_jobs_next(2)
    more = make_files(tmp_path / "more", {"a.txt": text_bytes(310), "b.txt": text_bytes(320)})
    assert simulate_drop(app.window.drop_zone, more)
    wait_states(qtbot, app, {"a.txt": ItemState.FAILED, "b.txt": ItemState.FAILED})
    qtbot.waitUntil(lambda: tray.state is TrayState.ATTENTION, timeout=5000)
    tray.rebuild_menu()
    assert tray.actions["status"].text().startswith("2 files could not be uploaded")
    select(app, "a.txt", "b.txt")
    app.window.view.remove_action.trigger()
    qtbot.waitUntil(lambda: app.window.model.count(ItemState.FAILED) == 0, timeout=5000)
    assert tray.state is not TrayState.ATTENTION

    def up_to_date() -> bool:  # the engine's totals follow the removal a moment later
        tray.rebuild_menu()
        return tray.actions["status"].text().startswith("Up to date")

    qtbot.waitUntil(up_to_date, timeout=5000)


def test_every_folder_paused_is_said_with_their_number(qtbot, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        FolderList(tmp_path).add(WatchedFolder(str(tmp_path / name), "knowledge", paused=True))
    tray = TrayController(lambda: None, available=False, home=tmp_path)
    assert tray.update_state() is TrayState.PAUSED
    tray.rebuild_menu()
    assert tray.actions["status"].text() == "Syncing paused: all 2 watched folders are paused"


def _open_menu(qtbot, tray: TrayController) -> list[str]:
    """Open the tray menu as the tray host does (it is built when it opens); its entries."""
    from PySide6.QtCore import QPoint

    tray.menu.popup(QPoint(0, 0))
    qtbot.waitUntil(tray.menu.isVisible, timeout=3000)
    entries = [a.text() for a in tray.menu.actions() if a.text() and a.isVisible()]
    tray.menu.hide()
    return entries


def test_pause_entries_only_while_a_folder_is_watched_and_all_paused_is_said(
    qtbot, make_app, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtCore import Qt

    from .test_watched_folders import _cell, _choose, _select

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))  # never the real autostart
    app = make_app()
    tray = app.tray
    entries = _open_menu(qtbot, tray)
    assert entries[0] == "Up to date"
    assert not [e for e in entries if "Pause syncing" in e], "nothing is watched: no pause"

    tray.actions["watched"].trigger()  # Watched folders… from the tray
    qtbot.waitUntil(lambda: app.watched_folders is not None, timeout=5000)
    dialog = app.watched_folders
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    qtbot.keyClick(_choose(qtbot, dialog, monkeypatch, inbox), Qt.Key.Key_Return)
    _cell(qtbot, dialog, 2, "Watching")
    entries = _open_menu(qtbot, tray)
    assert "Pause syncing for 1 hour" in entries and "Pause syncing until tomorrow" in entries

    _select(dialog)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)  # its only folder
    qtbot.waitUntil(lambda: tray.state is TrayState.PAUSED, timeout=3000)
    entries = _open_menu(qtbot, tray)
    assert entries[0] == "Syncing paused: the watched folder “inbox” is paused"

    _select(dialog)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)  # resumed
    qtbot.waitUntil(lambda: tray.state is TrayState.IDLE, timeout=3000)
    assert _open_menu(qtbot, tray)[0].startswith("Up to date")
    _select(dialog)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert not [e for e in _open_menu(qtbot, tray) if "Pause syncing" in e]
