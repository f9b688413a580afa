"""Closing the window while files are still uploading: keep going in the background, or quit.

Why a class with ``choose()``: the dialog is shown with ``open()`` (never a blocking
``exec()``), so tests can drive it by calling :meth:`choose` or clicking its buttons.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
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
        queued: int = 0,
        waiting: int = 0,
        paused: int = 0,
        held: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        """``files_left`` are really being uploaded or processed; ``queued`` wait their turn
        (a free upload slot); ``waiting`` wait for something else (a destination, the daily
        limit, a connection, a key, a retry); ``paused`` were paused. Together they are the
        status bar's and the tray's "files left". ``held``: dropped files or folders the engine
        could not add yet (the queue file can't be written, engine/held_drops.py); they can't
        be saved, so quitting loses them."""
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        total = files_left + queued + waiting + paused
        if files_left or queued:
            self.setWindowTitle(self.tr("Files are still uploading"))
        else:
            self.setWindowTitle(self.tr("Files are waiting"))
        if held and not total:
            self.setText(plural(self.tr("%n dropped item(s) not added yet.", "", held), held))
        elif total == files_left:
            self.setText(plural(self.tr("%n file(s) still uploading.", "", total), total))
        else:
            self.setText(plural(self.tr("%n file(s) left to upload.", "", total), total))
        waiting_text = ""
        if total != files_left:
            parts = [
                plural(self.tr("%n uploading now", "", files_left), files_left),
                plural(self.tr("%n waiting their turn", "", queued), queued),
                plural(self.tr("%n waiting", "", waiting), waiting),
                plural(self.tr("%n paused", "", paused), paused),
            ]
            counts = (files_left, queued, waiting, paused)
            listed = ", ".join(p for p, n in zip(parts, counts, strict=True) if n)
            waiting_text = listed + "; " + self.tr("they stay in the queue.") + "\n\n"
        where = (
            self.tr("Scripe Desktop keeps working from the icon in the system tray.")
            if tray_available
            else self.tr("Scripe Desktop keeps working, minimised to the taskbar.")
        )
        if held:  # honest: these exist only in memory (the disk is full)
            waiting_text += plural(
                self.tr(
                    "%n dropped item(s) could not be added to the queue yet (it can't be "
                    "written, the disk may be full) and can't be saved: if you quit now, you "
                    "will need to drop them again.",
                    "",
                    held,
                ),
                held,
            )
            question = self.tr(
                "Keep Scripe Desktop running in the background (they are added as soon as "
                "the queue can be written), or quit now? Files already in the queue continue "
                "the next time you open the app."
            )
        else:
            question = self.tr(
                "Keep uploading in the background, or quit now? Nothing is lost if you "
                "quit: the remaining files continue the next time you open the app."
            )
        if held:
            waiting_text += "\n\n"
        self.setInformativeText(waiting_text + question + "\n\n" + where)
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


class CloseGuard(QObject):
    """What closing the window does: go straight through when nothing is left (or when quitting
    for real), else ask once with :class:`CloseWithWorkDialog` and act on the answer."""

    quitRequested = Signal()

    def __init__(
        self,
        window: QWidget,
        work: Callable[[], tuple[int, int, int, int]],
        tray: bool,
        held: Callable[[], int] = lambda: 0,
    ) -> None:
        """``work`` gives (files really uploading, waiting their turn, waiting for something
        else, paused) at the moment of closing;
        ``held`` the dropped paths the engine holds until its queue can be written."""
        super().__init__(window)
        self._window = window
        self._work = work
        self._held = held
        self.tray_available = tray
        self.allowed = False
        self.dialog: CloseWithWorkDialog | None = None

    def work_remaining(self) -> int:
        uploading, queued, waiting, _paused = self._work()
        return uploading + queued + waiting

    def may_close(self) -> bool:
        """True: close now. False: the dialog is up (or opened now) and decides."""
        uploading, queued, waiting, paused = self._work()
        held = self._held()
        if self.allowed or uploading + queued + waiting + held == 0:
            return True
        self._ask(uploading, queued, waiting, paused, held)
        return False

    def ask_before_quit(self) -> bool:
        """Quit (the menu's or the tray's) while the engine holds drops it could not add: True
        to quit now, False while the dialog says they would be lost and decides."""
        held = self._held()
        if self.allowed or held == 0:
            return True
        self._ask(*self._work(), held)
        return False

    def _ask(self, uploading: int, queued: int, waiting: int, paused: int, held: int) -> None:
        """The dialog, once: a second close or quit while it is up leaves it to decide."""
        if self.dialog is not None:
            return
        self.dialog = CloseWithWorkDialog(
            uploading,
            queued=queued,
            waiting=waiting,
            paused=paused,
            held=held,
            tray_available=self.tray_available,
            parent=self._window,
        )
        self.dialog.chosen.connect(self._on_choice)
        self.dialog.open()

    def _on_choice(self, choice: CloseChoice) -> None:
        self.dialog = None
        if choice is CloseChoice.QUIT:
            self.quitRequested.emit()
        elif choice is CloseChoice.BACKGROUND:
            if self.tray_available:
                self._window.hide()
            else:  # no tray: hiding would leave no way back, so minimise instead
                self._window.showMinimized()
