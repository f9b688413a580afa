"""Whole-queue figures (files per state, bytes left, system files per batch) kept in O(1).

Why: the status line, the tray and the close dialog ask for them after every change; counting
50,000 rows each time would stall the window. Every row added is counted in, every row
removed or replaced is counted out. Plain Python, no Qt.
"""

from __future__ import annotations

from collections import Counter

from scripe_desktop.engine.events import ItemState

from .queue_cells import bytes_to_send, is_system_file


class QueueTally:
    __slots__ = ("bytes_left", "states", "system")

    def __init__(self) -> None:
        self.states: Counter[ItemState] = Counter()
        self.bytes_left = 0
        self.system: Counter[int] = Counter()  # batch -> rows an OS wrote by itself

    def count(
        self, state: ItemState, size: int, sent: int, batch: int, name: str, n: int = 1
    ) -> None:
        """Count a row in (``n=1``) or out (``n=-1``)."""
        self.states[state] += n
        self.bytes_left += n * bytes_to_send(state, size, sent)
        if is_system_file(name):
            self.system[batch] += n

    def resend(self, state: ItemState, size: int, old_sent: int, sent: int) -> None:
        """A row's bytes sent moved (either way: a restarted upload starts from 0)."""
        self.bytes_left += bytes_to_send(state, size, sent) - bytes_to_send(state, size, old_sent)
