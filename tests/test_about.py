"""Help → About and "Copy diagnostics": reached from the real window's menu, checked where the
outcome lands (the clipboard, the URL handed to the desktop, the dialog's labels)."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QThreadPool, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

import scripe_desktop
from scripe_desktop.api import install_redaction
from scripe_desktop.engine.events import (
    AttachKind,
    Condition,
    ConditionKind,
    ItemSnapshot,
    ItemState,
    Target,
)
from scripe_desktop.ui.about import AboutDialog
from scripe_desktop.ui.app_settings import AppSettings
from scripe_desktop.ui.engine_bridge import EngineBridge
from scripe_desktop.ui.main_window import MainWindow
from scripe_desktop.ui.projects import ProjectsLoader

pytestmark = pytest.mark.gui
KEY = "scripe_sk_test_" + "Q" * 24  # shaped like a key, so redaction must catch it


def item(n: int, state: ItemState, reason: str | None = None) -> ItemSnapshot:
    return ItemSnapshot(
        id=n, batch_id=1, path=f"/data/file{n}.pdf", name=f"file{n}.pdf", size=10,
        content_type="application/pdf", target=Target(AttachKind.KNOWLEDGE), state=state,
        reason=reason, updated_at=1_700_000_000 + n,
    )  # fmt: skip


@pytest.fixture
def log_to_file(tmp_path: Path) -> Iterator[Path]:
    """A log file on the root logger, as the app sets up, with the redaction filter on it."""
    path = tmp_path / "state" / "scripe-desktop.log"
    path.parent.mkdir()
    handler = RotatingFileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    install_redaction()
    yield path
    root.removeHandler(handler)
    handler.close()


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    bridge = EngineBridge()
    w = MainWindow(bridge, settings, ProjectsLoader(), tray_available=False)
    qtbot.addWidget(w)
    w.show()
    return w


def open_about(window: MainWindow) -> AboutDialog:
    actions = [a for a in window.menuBar().actions() if a.menu() is window.help_menu.menu]
    assert actions, "no Help menu on the menu bar"
    about = [a for a in window.help_menu.menu.actions() if "About" in a.text()]
    assert about == [window.help_menu.about_action]
    about[0].trigger()
    dialog = window.help_menu.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_help_about_shows_version_licence_and_log_folder(window, log_to_file) -> None:
    dialog = open_about(window)
    assert scripe_desktop.__version__ in dialog.version_label.text()
    assert "LGPL" in dialog.licence_label.text()
    assert str(log_to_file.parent) in dialog.log_label.text()
    window.help_menu.about_action.trigger()  # a second time: the same dialog, not a new one
    assert window.help_menu.dialog is dialog


def test_copy_diagnostics_puts_the_report_on_the_clipboard_without_the_key(
    qtbot, window, log_to_file, monkeypatch
) -> None:
    monkeypatch.setenv("SCRIPE_API_KEY", KEY)
    logging.getLogger("scripe_desktop.test").error("upload refused for key %s", KEY)
    window.model.upsert(
        [item(1, ItemState.DONE), item(2, ItemState.FAILED, f"Refused ({KEY})"),
         item(3, ItemState.WAITING), item(4, ItemState.FAILED, "Scripe is unreachable")]
    )  # fmt: skip
    window.banner.set_conditions((Condition(ConditionKind.OFFLINE, "You are offline."),))
    dialog = open_about(window)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Copied" in dialog.status_label.text(), timeout=5000)
    text = QGuiApplication.clipboard().text()
    assert text == dialog.diagnostics_text
    assert f"Scripe Desktop {scripe_desktop.__version__}" in text
    assert "OS: " in text and "Python: " in text
    assert "Qt: 6." in text and "platform offscreen" in text
    assert "Keyring back end: keyring.backends." in text
    assert "Queue: 1 waiting, 1 done, 2 failed (total 4)" in text
    assert "offline: You are offline." in text
    assert "file4.pdf: Scripe is unreachable" in text
    assert "upload refused for key [REDACTED]" in text  # the log's last problems
    assert KEY not in text and "QQQQQQQQ" not in text
    assert dialog.copy_button.isEnabled()


def test_details_expander_shows_the_same_report(qtbot, window, log_to_file) -> None:
    dialog = open_about(window)
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible()
    qtbot.waitUntil(lambda: bool(dialog.details.toPlainText()), timeout=5000)
    assert dialog.details.toPlainText().startswith("Scripe Desktop ")
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert not dialog.details.isVisible()


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_log_folder_hands_the_folder_to_the_desktop(qtbot, window, tmp_path) -> None:
    path = tmp_path / "not-yet" / "scripe-desktop.log"
    handler = logging.FileHandler(path, delay=True)  # delay: the folder does not exist yet
    logging.getLogger().addHandler(handler)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")  # Qt's own hook for file: URLs
    try:
        dialog = open_about(window)
        qtbot.mouseClick(dialog.open_logs_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
        logging.getLogger().removeHandler(handler)
    assert [u.toLocalFile() for u in catcher.urls] == [str(path.parent)]
    assert path.parent.is_dir()  # made, so the file manager has something to show


def test_escape_and_close_button_close_the_dialog(qtbot, window) -> None:
    dialog = open_about(window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    dialog = open_about(window)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    QThreadPool.globalInstance().waitForDone(5000)


def test_version_from_one_place_on_the_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "scripe_desktop", "--version"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == f"scripe-desktop {scripe_desktop.__version__}"
    import importlib.metadata

    assert importlib.metadata.version("scripe-desktop") == scripe_desktop.__version__
