"""Keyboard and mouse as a person uses them: Ctrl+Shift+P every time, Tab out of the table,
Delete asks first for unfinished files, pausing mid-upload says it restarts, "Pause all" lets
nearly-done files finish, new rows come into view, an empty "failed only" filter says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from scripe_desktop.engine.events import ItemState
from scripe_desktop.ui.app_settings import AppSettings
from scripe_desktop.ui.queue_facts import nearly_done

from .helpers import make_files, simulate_drop, text_bytes
from .test_window_flow import row_of, select, states, wait_states
from .ui_helpers import click_button, press

pytestmark = pytest.mark.gui
MIB = 1024 * 1024


def focus_table(app) -> None:
    app.window.activateWindow()
    app.window.view.setFocus()
    QApplication.processEvents()


def test_ctrl_shift_p_toggles_every_time(
    qtbot, make_app, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = 8
    app = make_app()
    files = make_files(tmp_path / "p", {"long.txt": text_bytes(400_000)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"long.txt": ItemState.UPLOADING})
    status = app.window.status
    for want_paused in (True, False, True, False):
        qtbot.keyClick(
            app.window,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda w=want_paused: status.paused is w, timeout=10_000)
        assert status.pause_button.text() == ("Resume all" if want_paused else "Pause all")


def test_tab_leaves_the_table_and_new_rows_scroll_into_view(
    qtbot, make_app, tmp_path: Path
) -> None:
    app = make_app()
    window = app.window
    files = make_files(tmp_path / "many", {f"f{i:02}.txt": text_bytes(200 + i) for i in range(60)})
    assert simulate_drop(window.drop_zone, [tmp_path / "many"])
    qtbot.waitUntil(lambda: window.model.rowCount() == len(files), timeout=20_000)
    view = window.view
    last = window.proxy.index(window.proxy.rowCount() - 1, 0)
    qtbot.waitUntil(lambda: view.viewport().rect().intersects(view.visualRect(last)), timeout=5000)
    focus_table(app)
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view  # out of the table, not to the next cell


def test_delete_on_unfinished_files_asks_first(
    qtbot, make_app, sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = 8
    app = make_app()
    files = make_files(tmp_path / "d", {"keep.txt": text_bytes(300_000)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"keep.txt": ItemState.UPLOADING})
    view = app.window.view
    focus_table(app)
    select(app, "keep.txt")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = view.confirm_box
    assert box is not None and "unfinished" in box.text()
    press(qtbot, box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    assert "keep.txt" in states(app)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = view.confirm_box
    press(qtbot, box, Qt.Key.Key_Return)  # the default is to keep the file
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    app.bridge.wait_for_commands()
    assert "keep.txt" in states(app)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    click_button(qtbot, view.confirm_box, "Remove")
    qtbot.waitUntil(lambda: "keep.txt" not in states(app), timeout=10_000)
    assert sandbox.records()["knowledge"] == []  # nothing was added


def test_pausing_an_uploading_file_says_it_restarts(
    qtbot, make_app, sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = 512  # progress comes per 1 MiB chunk: one every 2 s
    app = make_app()
    files = make_files(tmp_path / "s", {"slow.txt": text_bytes(4 * MIB)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(lambda: any(i.bytes_sent > 0 for i in app.window.model.items()), timeout=10_000)
    view = app.window.view
    focus_table(app)
    select(app, "slow.txt")
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    box = view.confirm_box
    assert "from the beginning" in box.informativeText()
    press(qtbot, box, Qt.Key.Key_Escape)  # keep uploading
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    app.bridge.wait_for_commands()
    assert states(app)["slow.txt"] is ItemState.UPLOADING
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, view.confirm_box, Qt.Key.Key_Return)  # "Pause"
    wait_states(qtbot, app, {"slow.txt": ItemState.PAUSED})
    select(app, "slow.txt")
    assert "from the beginning" in app.window.details.note.text()


def test_pause_all_lets_nearly_done_files_finish(
    qtbot, make_app, sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = 1024  # shared: about 0.5 MiB/s each
    app_settings.concurrency = 2
    app = make_app()
    files = make_files(
        tmp_path / "n", {"near.txt": text_bytes(5 * MIB), "far.txt": text_bytes(16 * MIB)}
    )
    assert simulate_drop(app.window.drop_zone, files)
    model = app.window.model
    qtbot.waitUntil(lambda: [i.name for i in nearly_done(model)] == ["near.txt"], timeout=30_000)
    qtbot.mouseClick(app.window.status.pause_button, Qt.MouseButton.LeftButton)
    box = app.window.confirm_box
    assert "nearly uploaded" in box.text()
    press(qtbot, box, Qt.Key.Key_Return)  # "Let them finish"
    wait_states(
        qtbot, app, {"near.txt": ItemState.DONE, "far.txt": ItemState.PAUSED}, timeout=30_000
    )
    qtbot.waitUntil(lambda: app.window.status.paused, timeout=10_000)
    assert [k["name"] for k in sandbox.records()["knowledge"]] == ["near.txt"]


def test_empty_failed_filter_says_no_failed_files(qtbot, make_app, tmp_path: Path) -> None:
    app = make_app()
    files = make_files(tmp_path / "ok", {"ok.txt": text_bytes(400)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"ok.txt": ItemState.DONE})
    status = app.window.status
    qtbot.mouseClick(status.failed_filter, Qt.MouseButton.LeftButton)
    assert app.window.proxy.rowCount() == 0
    assert app.window.view.empty_text == "No failed files"
    qtbot.mouseClick(status.failed_filter, Qt.MouseButton.LeftButton)
    assert app.window.view.empty_text is None
    assert row_of(app, "ok.txt") == 0


def test_honest_words_when_paused_and_after_cancelling_the_last_file(
    qtbot, make_app, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = 512
    app = make_app()
    summary = app.window.status.summary
    assert summary.text() == "Drop files or folders to upload them."  # first start
    files = make_files(tmp_path / "w", {"only.txt": text_bytes(16 * MIB)})  # not nearly done
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(lambda: "/s" in summary.text(), timeout=15_000)  # really sending
    qtbot.keyClick(
        app.window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: "paused" in summary.text(), timeout=10_000)
    assert "/s" not in summary.text() and "time" not in summary.text()
    focus_table(app)
    select(app, "only.txt")
    app.window.view.cancel_action.trigger()
    wait_states(qtbot, app, {"only.txt": ItemState.CANCELLED})
    qtbot.waitUntil(lambda: summary.text().startswith("Nothing left to upload"), timeout=10_000)
    assert "All done" not in summary.text()
