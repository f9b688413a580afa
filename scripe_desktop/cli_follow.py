"""How a CLI run follows its files: from engine events, like the window, never by re-reading
the whole queue on a timer (at 20,000 rows that pass took 137 ms and most of the CPU).

Everything a tick needs (files settled, bytes, whether anything is still moving) is kept up to
date as events arrive, so a tick costs the same for 10 files and for 20,000.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from .engine.events import (
    AttachKind,
    Event,
    ItemAdded,
    ItemChanged,
    ItemProgress,
    ItemRemoved,
    ItemSnapshot,
    ItemState,
)


def settled(item: ItemSnapshot, wait: bool) -> bool:
    """Nothing more will happen to it in this run."""
    if item.state.finished or item.state is ItemState.NEEDS_DESTINATION:
        return True  # no destination (a deleted project): reported, kept in the queue
    return not wait and item.state is ItemState.PROCESSING


@dataclass
class Figures:
    done: int
    total: int
    size: int
    sent: int
    moving: int  # uploading, attaching, or (with --wait) processing


class Follower:
    """Subscribed to the engine before any work starts; ``wanted`` picks the run's items."""

    def __init__(
        self,
        wanted: Callable[[ItemSnapshot], bool],
        wait: bool,
        on_settled: Callable[[ItemSnapshot], None],
    ) -> None:
        self.wanted = wanted
        self.wait = wait
        self.on_settled = on_settled
        self.changed = threading.Event()
        self._lock = threading.Lock()
        self._sizes: dict[int, int] = {}  # every followed item
        self._open: dict[int, ItemSnapshot] = {}  # the unsettled ones
        self._settled: set[int] = set()
        self._size = 0
        self._sent_done = 0
        self._in_flight: dict[int, int] = {}
        self._in_flight_sum = 0
        self._moving: set[int] = set()

    def __call__(self, event: Event) -> None:
        if isinstance(event, ItemAdded | ItemChanged):
            self._update(event.item)
        elif isinstance(event, ItemProgress):
            with self._lock:
                if event.item_id in self._open:
                    self._set_in_flight(event.item_id, event.bytes_sent)
        elif isinstance(event, ItemRemoved):
            self._forget(event.item_id)

    def adopt(self, items: list[ItemSnapshot]) -> None:
        """Items the run starts with (``resume``): read once, then followed by events."""
        for item in items:
            self._update(item)

    def _update(self, item: ItemSnapshot) -> None:
        report = False
        with self._lock:
            old = self._sizes.get(item.id)
            if old is None and not self.wanted(item):
                return
            self._size += item.size - (old or 0)
            self._sizes[item.id] = item.size
            done = settled(item, self.wait)
            moving = item.state.active and not done
            (self._moving.add if moving else self._moving.discard)(item.id)
            if done and item.id not in self._settled:
                self._settled.add(item.id)
                self._open.pop(item.id, None)  # memory: only unsettled items keep a snapshot
                self._set_in_flight(item.id, None)
                self._sent_done += item.size
                report = True
            elif not done:
                self._open[item.id] = item
                if item.upload_id and item.bytes_sent >= item.size:
                    self._set_in_flight(item.id, item.size)
        if report:
            self.on_settled(item)
        self.changed.set()

    def _forget(self, item_id: int) -> None:
        with self._lock:
            size = self._sizes.pop(item_id, None)
            if size is None:
                return
            self._size -= size
            self._open.pop(item_id, None)
            if item_id in self._settled:
                self._settled.discard(item_id)
                self._sent_done -= size
            self._set_in_flight(item_id, None)
            self._moving.discard(item_id)
        self.changed.set()

    def _set_in_flight(self, item_id: int, sent: int | None) -> None:
        """Bytes of an unsettled item counted as sent, kept as a running sum (no per-tick walk)."""
        old = self._in_flight.pop(item_id, 0)
        if sent is not None:
            self._in_flight[item_id] = sent
        self._in_flight_sum += (sent or 0) - old

    def figures(self) -> Figures:
        with self._lock:
            sent = self._sent_done + self._in_flight_sum
            return Figures(
                len(self._settled), len(self._sizes), self._size, sent, len(self._moving)
            )

    def unsettled(self) -> list[ItemSnapshot]:
        """Only when the run ends early (a spend cap): what did not get to the end."""
        with self._lock:
            return list(self._open.values())


def not_attached(item: ItemSnapshot) -> bool:
    """Meant to be attached, but only its bytes arrived (the spend cap stopped it)."""
    return item.target.kind is not AttachKind.NONE and not item.job_id and not item.state.finished
