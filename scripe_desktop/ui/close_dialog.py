"""Closing the window while files are still uploading: keep going in the background, or quit.

Why a class with ``choose()``: the dialog is shown with ``open()`` (never a blocking
``exec()``), so tests can drive it by calling :meth:`choose` or clicking its buttons.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from .texts import plural


class CloseChoice(enum.Enum):
    BACKGROUND = "background"
    QUIT = "quit"
    CANCEL = "cancel"


class CloseWithWorkDialog(QMessageBox):
    """Emits ``chosen(CloseChoice)`` once."""

    chosen = Signal(object)

    def __init__(
        self,
        files_left: int,
        *,
        tray_available: bool,
        waiting: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        """``files_left`` are really being uploaded or processed; ``waiting`` wait for
        something else (a destination, the daily limit, a connection, a key)."""
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        if files_left:
            self.setWindowTitle(self.tr("Files are still uploading"))
            self.setText(plural(self.tr("%n file(s) still uploading.", "", files_left), files_left))
        else:
            self.setWindowTitle(self.tr("Files are waiting"))
            self.setText(plural(self.tr("%n file(s) waiting to upload.", "", waiting), waiting))
        waiting_text = ""
        if files_left and waiting:
            waiting_text = (
                plural(
                    self.tr("%n more file(s) waiting; they stay in the queue.", "", waiting),
                    waiting,
                )
                + "\n\n"
            )
        where = (
            self.tr("Scripe Desktop keeps working from the icon in the system tray.")
            if tray_available
            else self.tr("Scripe Desktop keeps working, minimised to the taskbar.")
        )
        self.setInformativeText(
            waiting_text
            + self.tr(
                "Keep uploading in the background, or quit now? Nothing is lost if you "
                "quit: the remaining files continue the next time you open the app."
            )
            + "\n\n"
            + where
        )
        self.background_button = self.addButton(
            self.tr("Keep uploading in the &background"), QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.addButton(self.tr("&Quit"), QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.background_button)
        self.setEscapeButton(self.cancel_button)
        self._done = False
        self.buttonClicked.connect(self._on_clicked)
        self.rejected.connect(lambda: self.choose(CloseChoice.CANCEL))

    def _on_clicked(self, button: object) -> None:
        if button is self.background_button:
            self.choose(CloseChoice.BACKGROUND)
        elif button is self.quit_button:
            self.choose(CloseChoice.QUIT)
        else:
            self.choose(CloseChoice.CANCEL)

    def choose(self, choice: CloseChoice) -> None:
        """Emit the choice once and close."""
        if self._done:
            return
        self._done = True
        self.chosen.emit(choice)
        self.hide()
        self.deleteLater()
