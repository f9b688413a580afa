"""Banners for whole-queue conditions, the close-with-work dialog, onboarding from the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication

from scripe_desktop.engine.events import ConditionKind, ItemState
from scripe_desktop.ui.app_settings import AppSettings
from scripe_desktop.ui.banner import UPDATE_URL
from scripe_desktop.ui.close_dialog import CloseChoice

from .helpers import make_files, simulate_drop, text_bytes
from .test_links import no_browser, the_message

pytestmark = pytest.mark.gui


def drop_one(app, tmp_path: Path, name: str = "doc.txt", size: int = 1000) -> None:
    files = make_files(tmp_path / name.replace(".", "_"), {name: text_bytes(size)})
    assert simulate_drop(app.window.drop_zone, files)


def wait_banner(qtbot, app, kind: ConditionKind, timeout: int = 20_000):
    qtbot.waitUntil(lambda: app.window.banner.row_for(kind) is not None, timeout=timeout)
    assert app.window.banner.isVisible()
    return app.window.banner.row_for(kind)


def state_of(app, name: str) -> ItemState | None:
    return next((i.state for i in app.window.model.items() if i.name == name), None)


def test_revoked_key_mid_queue_asks_for_a_new_key(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    app = make_app()
    sandbox.revoke_key(sandbox.api_key)
    drop_one(app, tmp_path)
    row = wait_banner(qtbot, app, ConditionKind.KEY_NEEDED)
    assert row.button is not None and row.button.text() == "Enter a new key…"
    assert "no longer accepts your API key" in row.label.text()
    assert "nothing is added to Scripe until you enter a new key" in row.label.text()
    assert row.tone.value == "error"
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert app.onboarding is not None and app.onboarding.isVisible()
    assert app.onboarding.windowTitle() == "Enter a new Scripe key"  # its own title
    app.onboarding.key_edit.setText(sandbox.issue_key())
    app.onboarding.connect_button.click()
    qtbot.waitUntil(lambda: state_of(app, "doc.txt") is ItemState.DONE, timeout=20_000)
    assert app.window.banner.row_for(ConditionKind.KEY_NEEDED) is None
    assert app.store.load() == app.api_key  # the new key went to the (memory) keyring


def test_spend_cap_banner_says_when_it_resumes(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    app = make_app()
    sandbox.set_spend(cap_cents=100, spent_cents=100)  # the cap is already reached
    drop_one(app, tmp_path)
    row = wait_banner(qtbot, app, ConditionKind.SPEND_CAP)
    assert "daily limit" in row.label.text()
    # the sentence says until when; "Try now" checks at once (a raised limit, issue 7)
    assert row.button is not None and row.button.text() == "Try now"
    assert state_of(app, "doc.txt") is not ItemState.FAILED


def test_deprecation_banner_can_be_dismissed(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    sandbox.set_deprecation("2026-08-01; sunset=2027-03-01; replacement=2027-01-15")
    app = make_app()
    drop_one(app, tmp_path)
    row = wait_banner(qtbot, app, ConditionKind.DEPRECATION)
    date = QLocale().toString(QDate(2027, 3, 1), QLocale.FormatType.LongFormat)
    assert f"on {date}." in row.label.text() and "2027-03-01" not in row.label.text()
    assert f'href="{UPDATE_URL}"' in row.label.text()
    with no_browser():  # "Get the update" with no browser: said, with the address to copy
        row.label.linkActivated.emit(UPDATE_URL)
    box = the_message(qtbot)
    assert UPDATE_URL in box.informativeText()
    box.close_button.click()
    assert row.tone.value == "notice"
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert app.window.banner.row_for(ConditionKind.DEPRECATION) is None
    qtbot.waitUntil(lambda: state_of(app, "doc.txt") is ItemState.DONE, timeout=20_000)
    app.quit()
    again = make_app(home=tmp_path / "again")  # same settings: the notice stays dismissed
    drop_one(again, tmp_path, "more.txt")
    qtbot.waitUntil(lambda: state_of(again, "more.txt") is ItemState.DONE, timeout=20_000)
    assert again.engine.conditions_now()  # the engine still reports it...
    assert again.window.banner.row_for(ConditionKind.DEPRECATION) is None  # ...not shown


def test_offline_banner(qtbot, make_app, closed_port_url: str, tmp_path: Path) -> None:
    app = make_app(api_base=closed_port_url)
    drop_one(app, tmp_path)
    row = wait_banner(qtbot, app, ConditionKind.OFFLINE, timeout=30_000)
    assert row.label.text().startswith("Waiting for a connection…")
    assert row.tone.value == "wait"
    assert state_of(app, "doc.txt") is not ItemState.FAILED  # queued files are never lost


def test_no_key_opens_onboarding_and_then_uploads(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    app = make_app(key=None)
    assert app.onboarding is not None and app.onboarding.isVisible()
    drop_one(app, tmp_path, "early.txt")
    app.onboarding.key_edit.setText(sandbox.api_key)
    app.onboarding.connect_button.click()
    qtbot.waitUntil(lambda: state_of(app, "early.txt") is ItemState.DONE, timeout=20_000)
    assert app.window.workspace_label.text() == "Sandbox workspace"


def test_sandbox_mode_shows_badge(qtbot, make_app) -> None:
    app = make_app(key=None, sandbox_mode=True)
    assert app.window.sandbox_badge.isVisible()
    assert app.onboarding is None  # the sandbox's test key is used
    qtbot.waitUntil(lambda: app.window.workspace_label.text() != "", timeout=10_000)


def test_close_with_work_asks_and_keeps_the_app_reachable(
    qtbot, make_app, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = 8
    app = make_app()
    drop_one(app, tmp_path, "long.txt", 300_000)
    # uploading, not just added: a file still waiting for its slot is "left to upload"
    qtbot.waitUntil(lambda: state_of(app, "long.txt") is ItemState.UPLOADING, timeout=10_000)
    window = app.window
    assert window.work_remaining() > 0
    assert not window.close()  # refused: the dialog is open instead (non-blocking)
    dialog = window.close_dialog
    assert dialog is not None and dialog.isVisible() and window.isVisible()
    assert dialog.text() == "1 file still uploading."
    dialog.choose(CloseChoice.CANCEL)
    assert window.isVisible() and not window.isMinimized()

    window.close()
    window.close_dialog.background_button.click()
    # No tray on this desktop: the window is minimised, never hidden into nothing.
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    assert window.isVisible() and app.engine is not None

    window.close()
    with qtbot.waitSignal(app.finished, timeout=15_000):
        window.close_dialog.quit_button.click()
    assert app.engine is None and not window.isVisible()
    QApplication.processEvents()


def test_close_without_work_quits_directly(qtbot, make_app) -> None:
    app = make_app()
    with qtbot.waitSignal(app.finished, timeout=15_000):
        assert app.window.close()
    assert app.window.close_dialog is None
