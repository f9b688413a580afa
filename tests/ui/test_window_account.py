"""Not connected is a state of its own; closing counts only what really uploads; Settings as a
person uses it (Enter, Escape, plain bandwidth choices, a new API address at once); Add files…
offers what Scripe accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from scripe_desktop.engine.events import AttachKind, ConditionKind, ItemState
from scripe_desktop.sandbox import Sandbox
from scripe_desktop.ui.app_settings import AppSettings, DestinationChoice

from .helpers import make_files, simulate_drop, text_bytes
from .test_window_flow import states, wait_states
from .ui_helpers import press

pytestmark = pytest.mark.gui


def key_row(app):
    return app.window.banner.row_for(ConditionKind.KEY_NEEDED)


def test_never_connected_is_its_own_state_until_a_key_works(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    app = make_app(key=None)
    dialog = app.onboarding
    assert dialog is not None and dialog.windowTitle() == "Connect Scripe Desktop"
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Escape)  # "not now"
    qtbot.waitUntil(lambda: app.onboarding is None, timeout=3000)
    row = key_row(app)
    assert row is not None and "Connect your Scripe account" in row.label.text()
    assert row.button.text() == "Connect…"
    assert "All done" not in app.window.status.summary.text()
    files = make_files(tmp_path / "n", {"early.txt": text_bytes(500)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(lambda: app.window.proxy.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(
        lambda: "waiting for a working API key" in app.window.status.summary.text(), timeout=10_000
    )
    row = key_row(app)  # still worded for someone who never had a key
    assert "no longer" not in row.label.text() and "Connect your Scripe account" in row.label.text()
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    dialog = app.onboarding
    assert dialog is not None and dialog.windowTitle() == "Connect Scripe Desktop"
    qtbot.keyClicks(dialog.key_edit, sandbox.api_key)
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
    wait_states(qtbot, app, {"early.txt": ItemState.DONE})
    assert [k["name"] for k in sandbox.records()["knowledge"]] == ["early.txt"]
    qtbot.waitUntil(lambda: key_row(app) is None, timeout=5000)


def test_close_counts_only_files_really_uploading(
    qtbot, make_app, sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    app = make_app()
    sandbox.faults.delay("PUT storage", 8, count=1)  # the sandbox holds this one upload
    files = make_files(tmp_path / "up", {"going.txt": text_bytes(3000)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"going.txt": ItemState.UPLOADING})
    app_settings.destination = DestinationChoice(AttachKind.SOURCE, None)  # no project: held
    held = make_files(tmp_path / "held", {"h1.txt": text_bytes(300), "h2.txt": text_bytes(301)})
    assert simulate_drop(app.window.drop_zone, held)
    # their bytes go at once, then they wait, persisted, for a destination
    wait_states(
        qtbot, app, {"h1.txt": ItemState.NEEDS_DESTINATION, "h2.txt": ItemState.NEEDS_DESTINATION}
    )
    assert states(app)["going.txt"] is ItemState.UPLOADING
    window = app.window
    assert not window.close()
    dialog = window.close_dialog
    assert dialog.text() == "3 files left to upload."  # as the status bar and the tray say
    assert "1 uploading now, 2 waiting; they stay in the queue." in dialog.informativeText()
    press(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.close_dialog is None, timeout=3000)
    assert window.isVisible()


def test_close_says_which_files_wait_their_turn(
    qtbot, make_app, sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    """Files waiting for a free upload slot are not "uploading now" (a big folder showed
    thousands of them as uploading)."""
    app_settings.concurrency = 2
    app = make_app()
    sandbox.faults.delay("PUT storage", 8, count=2)  # the sandbox holds the first two uploads
    names = [f"q{i}.txt" for i in range(6)]
    files = make_files(tmp_path / "q", {n: text_bytes(2000 + i) for i, n in enumerate(names)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(
        lambda: (
            sorted(states(app).values()).count(ItemState.UPLOADING) == 2 and len(states(app)) == 6
        ),
        timeout=10_000,
    )
    assert sorted(states(app).values()).count(ItemState.WAITING) == 4
    window = app.window
    assert not window.close()
    dialog = window.close_dialog
    assert dialog.windowTitle() == "Files are still uploading"
    assert dialog.text() == "6 files left to upload."
    assert "2 uploading now, 4 waiting their turn; they stay in the queue." in (
        dialog.informativeText()
    )
    press(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.close_dialog is None, timeout=3000)


def test_settings_words_enter_escape_and_bandwidth(
    qtbot, make_app, app_settings: AppSettings, sandbox
) -> None:
    app = make_app(key=None)
    qtbot.keyClick(app.onboarding.key_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: app.onboarding is None, timeout=3000)
    app.window.settings_action.trigger()
    dialog = app.settings_dialog
    assert dialog.change_key_button.text() == "Add &key…"  # there is no key to change
    assert dialog.kind_combo.findText("Upload only") == -1
    base_label = next(
        lbl
        for lbl in dialog.findChildren(type(dialog.workspace_label))
        if lbl.buddy() is dialog.base_edit
    )
    assert base_label.text() == "API &address:"  # a mnemonic: drawn underlined, not "&"
    choices = [dialog.limit_combo.itemText(i) for i in range(dialog.limit_combo.count())]
    assert choices[0] == "No limit" and "Limit to 2 MB/s" in choices
    dialog.limit_combo.setCurrentIndex(choices.index("Limit to 2 MB/s"))
    press(qtbot, dialog, Qt.Key.Key_Escape)  # Escape discards
    qtbot.waitUntil(lambda: app.settings_dialog is None, timeout=3000)
    assert app_settings.rate_limit_kbps == 0
    app.window.settings_action.trigger()
    dialog = app.settings_dialog
    dialog.limit_combo.setCurrentIndex(choices.index("Limit to 2 MB/s"))
    dialog.limit_combo.setFocus()
    qtbot.keyClick(dialog.limit_combo, Qt.Key.Key_Return)  # Enter is OK
    qtbot.waitUntil(lambda: app.settings_dialog is None, timeout=3000)
    assert app_settings.rate_limit_kbps == 2048
    app.bridge.wait_for_commands()
    assert app.engine.rate_limit() == 2 * 1024 * 1024


def test_new_api_address_applies_without_restart(
    qtbot, make_app, app_settings: AppSettings, sandbox, tmp_path: Path
) -> None:
    other = Sandbox(job_duration=0.2).start()
    try:
        app = make_app()
        app.window.settings_action.trigger()
        dialog = app.settings_dialog
        dialog.tabs.setCurrentIndex(2)
        dialog.base_edit.selectAll()
        qtbot.keyClicks(dialog.base_edit, other.base_url)
        with qtbot.waitSignal(app.ready, timeout=15_000):  # the engine restarts on it
            qtbot.keyClick(dialog.base_edit, Qt.Key.Key_Return)
        assert app.api_base == other.base_url and app_settings.api_base == other.base_url
        files = make_files(tmp_path / "o", {"there.txt": text_bytes(600)})
        assert simulate_drop(app.window.drop_zone, files)
        # The old key means nothing to the new server: it says so, and "Change key…" checks
        # a new key against the new address.
        qtbot.waitUntil(lambda: key_row(app) is not None, timeout=20_000)
        app.window.settings_action.trigger()
        qtbot.mouseClick(app.settings_dialog.change_key_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.onboarding is not None, timeout=3000)
        qtbot.keyClicks(app.onboarding.key_edit, other.api_key)
        qtbot.keyClick(app.onboarding.key_edit, Qt.Key.Key_Return)
        wait_states(qtbot, app, {"there.txt": ItemState.DONE})
        assert [k["name"] for k in other.records()["knowledge"]] == ["there.txt"]
        assert sandbox.records()["knowledge"] == []
    finally:
        app.quit()
        other.stop()


def test_add_files_offers_what_scripe_accepts(
    qtbot, make_app, sandbox, tmp_path: Path, monkeypatch
) -> None:
    app = make_app()
    files = make_files(tmp_path / "pick", {"picked.txt": text_bytes(700)})
    asked: list[str] = []

    def system_dialog(_parent, _title, _folder, filters):  # the OS dialog, answered
        asked.append(filters)
        return [str(files[0])], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", system_dialog)
    app.window.add_files_action.trigger()
    first, *_, last = asked[0].split(";;")
    for pattern in ("*.mp3", "*.mp4", "*.png", "*.pdf", "*.docx", "*.txt"):
        assert pattern in first
    assert last == "All files (*)"
    wait_states(qtbot, app, {"picked.txt": ItemState.DONE})
    assert [k["name"] for k in sandbox.records()["knowledge"]] == ["picked.txt"]


def test_sandbox_settings_show_the_local_address_and_keep_the_users_own(
    qtbot, make_app, app_settings: AppSettings, sandbox, tmp_path: Path
) -> None:
    app_settings.api_base = "https://eu.api.scripe.io"  # the person's own address, kept
    app = make_app(sandbox_mode=True)
    app.window.settings_action.trigger()
    dialog = app.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())  # Advanced
    assert dialog.tabs.currentIndex() == 2
    assert dialog.base_edit.text() == sandbox.base_url  # what the app really talks to
    assert sandbox.base_url.startswith("http://127.0.0.1:")
    assert not dialog.base_edit.isEnabled()
    assert dialog.base_hint.isVisible() and "local stand-in" in dialog.base_hint.text()
    dialog.limit_combo.setCurrentIndex(dialog.limit_combo.findText("Limit to 5 MB/s"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.settings_dialog is None, timeout=3000)
    assert app_settings.rate_limit_kbps == 5 * 1024  # the rest of the dialog was saved
    assert app_settings.api_base == "https://eu.api.scripe.io"
    assert "127.0.0.1" not in (tmp_path / "settings.ini").read_text()
