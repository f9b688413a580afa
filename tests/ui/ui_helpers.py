"""More helpers for the GUI tests: catching opened URLs, pressing keys in a message box."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox


class UrlCatcher(QObject):
    """Receives what QDesktopServices would open, instead of launching a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@contextmanager
def catch_urls(*schemes: str) -> Iterator[list[QUrl]]:
    catcher = UrlCatcher()
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, catcher, "handle")
    try:
        yield catcher.urls
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)


def press(qtbot, box: QMessageBox, key: Qt.Key) -> None:
    """Enter or Escape in an open message box, as a person would."""
    qtbot.waitUntil(box.isVisible, timeout=5000)
    target = QApplication.focusWidget() if box.isAncestorOf(QApplication.focusWidget()) else box
    qtbot.keyClick(target, key)


def click_button(qtbot, box: QMessageBox, text: str) -> None:
    qtbot.waitUntil(box.isVisible, timeout=5000)
    button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_table(qtbot, model, width: int, height: int):  # type: ignore[no-untyped-def]
    """The queue table as the window has it (model, filter proxy, view), shown at a size."""
    from scripe_desktop.ui.queue_filter import QueueFilterProxy
    from scripe_desktop.ui.queue_view import QueueView

    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    view = QueueView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view
