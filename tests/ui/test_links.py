"""Links the app opens: the sandbox's own pages in sandbox mode, and a plain message with the
address to copy when no browser can be opened.

Walk-through: with no browser, "Open in Scripe" failed without a word (the log had "Unable to
detect a web browser"), and in sandbox mode the tray's "Open Scripe" went to the real site.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication

from scripe_desktop.credentials import CredentialStore
from scripe_desktop.engine.events import ItemState
from scripe_desktop.ui import links
from scripe_desktop.ui.key_check import KEYS_URL
from scripe_desktop.ui.onboarding import OnboardingDialog

from .helpers import make_files, simulate_drop, text_bytes
from .test_window_flow import select, wait_states

pytestmark = pytest.mark.gui


@contextmanager
def no_browser() -> Iterator[None]:
    """``openUrl`` fails as on a desktop with no browser: the registered handler has no such
    method, so Qt answers False (what it does when it finds no program to open a link)."""
    refuser = QObject()
    for scheme in ("http", "https", "file"):
        QDesktopServices.setUrlHandler(scheme, refuser, "noBrowserHere")
    try:
        yield
    finally:
        for scheme in ("http", "https", "file"):
            QDesktopServices.unsetUrlHandler(scheme)


def the_message(qtbot) -> links.LinkFailedBox:
    qtbot.waitUntil(lambda: any(b.isVisible() for b in links.failure_boxes()), timeout=3000)
    return next(b for b in links.failure_boxes() if b.isVisible())


def copy_and_check(qtbot, box: links.LinkFailedBox, address: str) -> None:
    assert address in box.informativeText()
    assert box.windowTitle() == "Couldn't open your web browser"
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == address
    qtbot.waitUntil(lambda: box not in links.failure_boxes(), timeout=3000)


def test_open_in_scripe_without_a_browser_says_so_and_copies_the_address(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    app = make_app()
    qtbot.waitUntil(lambda: bool(app.projects.projects), timeout=10_000)
    files = make_files(tmp_path / "k", {"notes.txt": text_bytes(400)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"notes.txt": ItemState.DONE})
    select(app, "notes.txt")
    with no_browser():
        app.window.view.open_in_scripe_action.trigger()
    box = the_message(qtbot)
    address = f"{sandbox.base_url}/app/"  # the sandbox's page, not app.scripe.io
    copy_and_check(qtbot, box, address)
    assert "notes.txt" in httpx.get(address).text  # the page it would have opened shows it


def test_tray_open_scripe_goes_to_the_sandbox_and_says_so_without_a_browser(
    qtbot, make_app, sandbox
) -> None:
    app = make_app(key=None, sandbox_mode=True)
    qtbot.waitUntil(lambda: app.window.workspace_label.text() != "", timeout=10_000)
    app.tray.rebuild_menu()
    with no_browser():
        app.tray.actions["open_scripe"].trigger()
    box = the_message(qtbot)
    home = links.web_app_home(app.api_base)
    assert home.startswith("http://127.0.0.1:") and home.endswith("/app/")
    copy_and_check(qtbot, box, home)
    page = httpx.get(home)
    assert page.status_code == 200 and "not Scripe" in page.text
    assert "Sandbox workspace" in page.text


def test_the_api_keys_link_without_a_browser(qtbot, memory_store: CredentialStore, sandbox) -> None:
    dialog = OnboardingDialog(sandbox.base_url, memory_store)
    qtbot.addWidget(dialog)
    dialog.show()
    with no_browser():
        dialog.keys_link.linkActivated.emit(links.api_keys_page(sandbox.base_url))
    box = the_message(qtbot)
    copy_and_check(qtbot, box, f"{sandbox.base_url}/app/settings/developer/api-keys")
    page = httpx.get(f"{sandbox.base_url}/app/settings/developer/api-keys")
    assert page.status_code == 200 and "/_sandbox/keys" in page.text
    assert links.api_keys_page("https://api.scripe.io") == KEYS_URL  # Scripe's, for Scripe


def test_a_notifications_open_without_a_browser(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    app = make_app()
    qtbot.waitUntil(lambda: bool(app.projects.projects), timeout=10_000)
    files = make_files(tmp_path / "n", {"memo.txt": text_bytes(300)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"memo.txt": ItemState.DONE})
    notifier = app.notifier()
    qtbot.waitUntil(lambda: bool(notifier.tray.sent), timeout=15_000)
    assert notifier.tray.sent[-1].button == "Open"
    with no_browser():
        notifier.tray.clicked()  # the person clicks the notification
    copy_and_check(qtbot, the_message(qtbot), f"{sandbox.base_url}/app/")


def test_show_in_folder_without_a_file_manager(qtbot, make_app, tmp_path: Path) -> None:
    app = make_app()
    files = make_files(tmp_path / "where", {"here.txt": text_bytes(300)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"here.txt": ItemState.DONE})
    select(app, "here.txt")
    with no_browser():
        app.window.view.open_location_action.trigger()
    box = the_message(qtbot)
    assert box.windowTitle() == "Couldn't open the folder"
    assert str(tmp_path / "where") in box.informativeText()
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(tmp_path / "where")
