"""What became of the files a person asked to try again (plain Python, no Qt).

Why: "Retry all failed" on files that fail again at once looked like a dead button: the rows
went back to "Failed" within a second and the summary still said "3 files failed". The window
says, once every retried file has ended, how many went through and how many failed again.
"""

from __future__ import annotations

from collections.abc import Iterable

from scripe_desktop.engine.events import ItemSnapshot, ItemState


class RetryWatch:
    """Follows one retry at a time; ``update`` returns (uploaded, failed again) once all ended.

    A file counts only after it was seen moving again: a snapshot still saying "Failed" from
    before the retry reached the engine is not an outcome."""

    def __init__(self) -> None:
        self._waiting: set[int] = set()
        self._moving: set[int] = set()
        self._done = self._failed = 0

    def start(self, item_ids: Iterable[int]) -> None:
        self._waiting = set(item_ids)
        self._moving = set()
        self._done = self._failed = 0

    @property
    def active(self) -> bool:
        return bool(self._waiting)

    def update(self, items: Iterable[ItemSnapshot]) -> tuple[int, int] | None:
        if not self._waiting:
            return None
        for item in items:
            if item.id not in self._waiting:
                continue
            if not item.state.finished:
                self._moving.add(item.id)
            elif item.id in self._moving:
                self._waiting.discard(item.id)
                if item.state is ItemState.FAILED:
                    self._failed += 1
                else:
                    self._done += 1
        return self._outcome()

    def removed(self, item_ids: Iterable[int]) -> tuple[int, int] | None:
        """Rows removed from the list are no longer waited for."""
        if not self._waiting:
            return None
        self._waiting.difference_update(item_ids)
        return self._outcome()

    def _outcome(self) -> tuple[int, int] | None:
        if self._waiting or not (self._done or self._failed):
            return None
        return self._done, self._failed
