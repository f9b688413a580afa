"""The system tray icon, when the desktop has a tray; the menu is built each time it opens.

Why built on demand: its entries ("Pause all" or "Resume all", files left) describe the queue
at that moment, and nothing needs to be kept in sync while the menu is closed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from scripe_desktop.engine.events import Totals

from . import icons, texts


class TrayController(QObject):
    """Owns the tray icon (if any). ``available`` is False on desktops without a tray."""

    showRequested = Signal()
    pauseAllRequested = Signal()
    resumeAllRequested = Signal()
    quitRequested = Signal()

    def __init__(
        self,
        totals: Callable[[], Totals | None],
        parent: QObject | None = None,
        *,
        available: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self._totals = totals
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        if self.available:
            self.icon = QSystemTrayIcon(icons.app_icon(), self)
            self.icon.setToolTip(self.tr("Scripe Desktop"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.show()

    def rebuild_menu(self) -> None:
        self.menu.clear()
        totals = self._totals()
        if totals is not None and totals.files_left:
            info = self.menu.addAction(
                texts.plural(self.tr("%n file(s) left", "", totals.files_left), totals.files_left)
                + f" ({texts.human_bytes(totals.bytes_left)})"
            )
            info.setEnabled(False)
            self.menu.addSeparator()
        self.menu.addAction(self.tr("Show Scripe Desktop"), self.showRequested)
        if totals is not None and totals.paused:
            self.menu.addAction(
                icons.icon("resume"), self.tr("Resume all"), self.resumeAllRequested
            )
        else:
            self.menu.addAction(icons.icon("pause"), self.tr("Pause all"), self.pauseAllRequested)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Quit"), self.quitRequested)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.showRequested.emit()

    def set_totals(self, totals: Totals) -> None:
        if self.icon is not None:
            tip = self.tr("Scripe Desktop")
            if totals.files_left:
                tip += " · " + texts.plural(
                    self.tr("%n file(s) left", "", totals.files_left), totals.files_left
                )
            self.icon.setToolTip(tip)

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
