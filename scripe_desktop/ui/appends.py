"""Rows arriving at the bottom of the queue table: what they cost the screen.

Why: a big folder arrives as a few hundred row inserts. Qt lays the table out again after each
one and repaints every visible row, even when the new rows are below what is shown, and the
window then jumped to the newest rows after each insert: a full repaint, several times a
second, for rows nobody can read at that speed. ``QuietAppends`` lets the view skip the
repaint when nothing shown has changed; ``FollowNewest`` keeps new rows in view, at once for a
drop of a few files and at most once a second during a flood, and stops following while the
person has scrolled up to read.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, QTimer, Signal
from PySide6.QtWidgets import QScrollBar

FOLLOW_INTERVAL_MS = 1000


class QuietAppends:
    """Whether the view's next items layout may leave the viewport alone.

    ``None``: no layout pending; ``True``: only rows below the shown ones were added since the
    last layout; ``False``: anything else happened (removals, moves, a reset, rows added where
    they show), and Qt repaints as usual."""

    def __init__(self) -> None:
        self.state: bool | None = None
        self.dirty: list[QRect] = []  # changed cells Qt may skip while a layout is pending

    def appended(self, unseen: bool) -> None:
        if self.state is not False:
            self.state = unseen

    def changed(self, *_args: object) -> None:
        self.state = False

    def cell_changed(self, rect: QRect) -> None:
        if self.state:
            self.dirty.append(rect)

    def take(self) -> tuple[bool, list[QRect]]:
        """At the layout: (quiet, cells to repaint), and start afresh."""
        quiet, dirty = self.state is True, self.dirty
        self.state, self.dirty = None, []
        return quiet, dirty


class FollowNewest(QObject):
    """Scrolls to the newest rows after inserts, paced, unless the person scrolled away.

    Emits ``followed`` after each scroll it makes."""

    followed = Signal()

    def __init__(self, bar: QScrollBar, scroll: Callable[[], None]) -> None:
        super().__init__(bar)
        self._bar = bar
        self._scroll = scroll
        self._scrolling = False
        self._pending = False
        self._soon = False
        self.following = True
        self._timer = QTimer(self, singleShot=True, interval=FOLLOW_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer)
        bar.valueChanged.connect(self._on_value)

    def rows_added(self) -> None:
        if not self.following:
            return
        if self._timer.isActive():  # during a flood: once the interval is over
            self._pending = True
            return
        self._soon = True
        QTimer.singleShot(0, self._follow)  # after the inserts of this turn of the event loop
        self._timer.start()

    @property
    def scheduled(self) -> bool:
        """A scroll is on its way (now or at the end of the interval)."""
        return self._pending or self._soon

    def _on_timer(self) -> None:
        if self._pending:
            self._pending = False
            self._follow()
            self._timer.start()

    def _follow(self) -> None:
        self._soon = False
        if not self.following:
            return
        self._scrolling = True
        try:
            self._scroll()
        finally:
            self._scrolling = False
        self.followed.emit()

    def _on_value(self, value: int) -> None:
        """The person scrolled: follow again only once they are back at the bottom."""
        if not self._scrolling:
            self.following = value >= self._bar.maximum()
            if not self.following:
                self._pending = False
