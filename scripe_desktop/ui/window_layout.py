"""The window's size and the table's columns: restored as the user left them, and always on
screen.

Why its own module: the first window must fit the screen's *available* geometry (at a 1.5
scale factor a 1280×800 screen is 853×533 logical pixels, and a 1000×640 window would put
Settings and the status-bar buttons off-screen), and the saved geometry may come from a larger
screen than today's.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

DEFAULT_SIZE = QSize(1000, 640)
FRAME_ALLOWANCE = QSize(16, 48)  # title bar and borders the window manager adds


def available_geometry(window: QMainWindow) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


def fit_on_screen(window: QMainWindow) -> None:
    """Shrink and move the window so that all of it (frame included) is on the screen."""
    avail = available_geometry(window)
    max_w = max(320, avail.width() - FRAME_ALLOWANCE.width())
    max_h = max(240, avail.height() - FRAME_ALLOWANCE.height())
    size = window.size().boundedTo(QSize(max_w, max_h))
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), avail.x()), avail.right() - frame.width() + 1)
    y = min(max(frame.y(), avail.y()), avail.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(avail.x(), x), max(avail.y(), y))


def restore_window(window: QMainWindow, geometry: object) -> bool:
    """The saved geometry if there is one, else the default size centred; then fit it."""
    restored = bool(geometry) and window.restoreGeometry(geometry)  # type: ignore[arg-type]
    if not restored:
        window.resize(DEFAULT_SIZE)
        avail = available_geometry(window)
        fit_on_screen(window)
        window.move(
            avail.x() + max(0, (avail.width() - window.width()) // 2),
            avail.y() + max(0, (avail.height() - window.height() - FRAME_ALLOWANCE.height()) // 2),
        )
    fit_on_screen(window)
    return restored
