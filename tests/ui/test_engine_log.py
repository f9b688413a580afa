"""The engine process's log reaches disk beside the window's log, and "Copy diagnostics": the
window's logging set up as ``run_gui`` does, the real engine child, a real fault (a file
deleted while the queue is paused), the real About dialog. The key never lands in a log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from scripe_desktop.engine.events import ItemState
from scripe_desktop.logfile import ENGINE_LOG_FILE, LOG_FILE, app_log_file
from scripe_desktop.sandbox import Sandbox
from scripe_desktop.ui.app import _setup_logging
from tests.test_about import open_about

from .helpers import make_files, simulate_drop, text_bytes
from .test_window_flow import wait_states

pytestmark = pytest.mark.gui


@pytest.fixture
def window_log(tmp_path: Path) -> Iterator[Path]:
    """The window's log file in the app's home, as ``run_gui`` sets it up; undone after."""
    home = tmp_path / "home"
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    httpx_level = logging.getLogger("httpx").level
    _setup_logging(home)
    assert app_log_file() == home / LOG_FILE
    yield home / LOG_FILE
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(httpx_level)


def _text(path: Path) -> str:
    return path.read_text("utf-8", "replace") if path.exists() else ""


def test_engine_warnings_reach_the_log_folder_and_diagnostics_without_the_key(
    qtbot, make_app, sandbox: Sandbox, tmp_path: Path, window_log: Path
) -> None:
    key = sandbox.api_key
    app = make_app(home=window_log.parent)
    assert app.engine_host.pid is not None  # a real child process, started as the window does
    status = app.window.status
    qtbot.mouseClick(status.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.paused, timeout=5000)
    name = f"{key}.txt"  # the engine logs the file's name: the key must be cut out of it
    [path] = make_files(tmp_path / "drop", {name: text_bytes(600)})
    assert simulate_drop(app.window.drop_zone, [path])
    wait_states(qtbot, app, {name: ItemState.PAUSED})
    path.unlink()  # gone before it was uploaded
    qtbot.mouseClick(status.pause_button, Qt.MouseButton.LeftButton)  # Resume all
    wait_states(qtbot, app, {name: ItemState.FAILED})

    engine_log = window_log.with_name(ENGINE_LOG_FILE)
    qtbot.waitUntil(lambda: "file_gone" in _text(engine_log), timeout=10_000)
    [line] = [ln for ln in _text(engine_log).splitlines() if "file_gone" in ln]
    assert " WARNING scripe_desktop.engine.failures: item " in line
    assert "file_gone ([REDACTED].txt)" in line
    assert "file_gone" not in _text(window_log)  # the engine's file, not the window's

    dialog = open_about(app.window)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Copied" in dialog.status_label.text(), timeout=5000)
    report = QGuiApplication.clipboard().text()
    [problem] = [ln for ln in report.splitlines() if "file_gone" in ln]
    assert problem.strip() == f"[engine] {line}"

    app.shutdown()  # the engine saves and stops: its last lines are written too
    logs = sorted(window_log.parent.glob("*.log*"))
    assert [p.name for p in logs] == [ENGINE_LOG_FILE, LOG_FILE]
    for log_path in logs:
        assert key not in log_path.read_text("utf-8", "replace"), log_path
