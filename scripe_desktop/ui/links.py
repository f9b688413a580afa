"""Opening Scripe's web pages (and folders), and saying so plainly when that fails.

Why one place: ``QDesktopServices.openUrl`` returns False when no web browser (or file manager)
can be started, and "Open in Scripe" used to fail without a word. Every link the app opens goes
through :func:`open_link`, which then shows the address with a "Copy address" button.

Which web app: the one that belongs to the API the app talks to. Scripe's own for Scripe's API;
for an API on this computer (the sandbox: the app accepts plain http only on loopback) the
sandbox's own pages under ``/app`` (``scripe_desktop/sandbox/app_pages.py``), never the real
site, where none of those test files exist.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

# [decision] The API contract (shared/scripe-api.md) and the field notes give no address of
# Scripe's web app or of its API keys page. These two constants are our assumption, kept here
# and nowhere else; the keys page is also named in words (key_check.KEYS_LOCATION).
SCRIPE_APP_URL = "https://app.scripe.io"
API_KEYS_PATH = "/settings/developer/api-keys"
DESKTOP_UPDATE_URL = "https://scripe.io/desktop"  # [decision] where "Get the update" goes
LOCAL_APP_PATH = "/app"  # where the sandbox serves its stand-in pages
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def is_local_api(api_base: str | None) -> bool:
    """An API on this computer: the sandbox (never Scripe)."""
    return bool(api_base) and (urlsplit(api_base or "").hostname or "") in _LOOPBACK


def web_app_home(api_base: str | None) -> str:
    """The web app's home for the API at ``api_base`` (ends with "/")."""
    if is_local_api(api_base):
        return (api_base or "").rstrip("/") + LOCAL_APP_PATH + "/"
    return SCRIPE_APP_URL + "/"


def api_keys_page(api_base: str | None) -> str:
    return web_app_home(api_base).rstrip("/") + API_KEYS_PATH


_open_boxes: list[LinkFailedBox] = []


def open_link(url: QUrl | str, parent: QWidget | None = None) -> bool:
    """Open ``url`` in the browser (or a folder in the file manager); on failure say so, with
    the address to copy. Returns whether the desktop took it."""
    qurl = url if isinstance(url, QUrl) else QUrl(url)
    if QDesktopServices.openUrl(qurl):
        return True
    log.warning("could not open %s: the desktop has no program for it", qurl.toString())
    box = LinkFailedBox(qurl, parent)
    _open_boxes.append(box)
    box.finished.connect(lambda _r, b=box: _open_boxes.remove(b) if b in _open_boxes else None)
    box.open()
    return False


def failure_boxes() -> list[LinkFailedBox]:
    """The "couldn't open" messages on screen now (tests and the walk-through look at them)."""
    return list(_open_boxes)


class LinkFailedBox(QMessageBox):
    """ "Couldn't open your web browser" with the address, selectable, and "Copy address"."""

    def __init__(self, url: QUrl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        folder = url.isLocalFile()
        self.address = url.toLocalFile() if folder else url.toString()
        self.setIcon(QMessageBox.Icon.Information)
        if folder:
            self.setWindowTitle(self.tr("Couldn't open the folder"))
            self.setText(self.tr("Scripe Desktop couldn't open a file manager on this computer."))
            how = self.tr("Copy its location and open it yourself:")
        else:
            self.setWindowTitle(self.tr("Couldn't open your web browser"))
            self.setText(self.tr("Scripe Desktop couldn't open a web browser on this computer."))
            how = self.tr("Copy the address and open it in your browser yourself:")
        self.setInformativeText(f"{how}\n\n{self.address}")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label = self.tr("Copy location") if folder else self.tr("Copy address")
        self.copy_button = self.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        self.close_button = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.copy_button)
        self.setEscapeButton(self.close_button)
        self.copy_button.clicked.connect(self.copy_address)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self.address)
