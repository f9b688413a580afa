"""Two threads changing one file: subscribers hear the changes in the order they were made.

The window, the CLI and the folder syncer all take the last event about a file as its state.
If a worker's "processing" could be announced after a later "done", the window would show
"Processing" for a finished file and the CLI would wait for it forever. Each test lets a second
thread try to change the file while the first change is still being announced, and only goes on
once that thread is known to be waiting (no sleeps): the second change must wait its turn.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from scripe_desktop.engine.conditions import Conditions, offline
from scripe_desktop.engine.events import (
    AttachKind,
    ConditionKind,
    ConditionsChanged,
    Event,
    ItemChanged,
    ItemState,
    Target,
)
from scripe_desktop.engine.queue import Bus, QueueState
from scripe_desktop.engine.store import QueueStore

WAIT = 10.0  # only reached when the code under test is wrong


class WatchedLock:
    """A re-entrant lock that tells when another thread has to wait for it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.contended = threading.Event()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(blocking=False):
            return True
        self.contended.set()
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> WatchedLock:
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


def _second_thread(fn: Any) -> threading.Thread:
    t = threading.Thread(target=fn, daemon=True)
    t.start()
    return t


def test_a_later_change_of_a_file_is_never_announced_first(tmp_path: Path) -> None:
    q = QueueState(QueueStore(tmp_path / "q.sqlite3"), Bus())
    q.lock = WatchedLock()  # type: ignore[assignment]
    batch = q.add_batch(Target(AttachKind.KNOWLEDGE), force=False, held=False)
    (row,) = q.insert(
        [{"batch_id": batch, "path": "/a", "name": "a", "size": 5, "state": "waiting"}]
    )
    heard: list[ItemState] = []
    others: list[threading.Thread] = []

    def subscriber(event: Event) -> None:
        if not isinstance(event, ItemChanged):
            return
        if event.item.state is ItemState.UPLOADING and not others:
            # while "uploading" is being announced, another thread pauses the file
            others.append(_second_thread(lambda: q.update(row.id, state=ItemState.PAUSED.value)))
            assert q.lock.contended.wait(WAIT), "the pause did not wait for the announcement"  # type: ignore[attr-defined]
        heard.append(event.item.state)

    q.bus.subscribe(subscriber)
    q.update(row.id, state=ItemState.UPLOADING.value)
    others[0].join(WAIT)
    assert heard == [ItemState.UPLOADING, ItemState.PAUSED]
    assert heard[-1].value == q.get(row.id).state  # type: ignore[union-attr]


def test_the_batch_summary_is_announced_with_the_last_change(tmp_path: Path) -> None:
    """Whoever sees the batch finished can already have heard its summary."""
    q = QueueState(QueueStore(tmp_path / "q.sqlite3"), Bus())
    batch = q.add_batch(Target(AttachKind.KNOWLEDGE), force=False, held=False)
    (row,) = q.insert(
        [{"batch_id": batch, "path": "/a", "name": "a", "size": 5, "state": "waiting"}]
    )
    heard: list[str] = []
    q.bus.subscribe(lambda e: heard.append(type(e).__name__))
    q.update(row.id, state=ItemState.UPLOADING.value)
    q.update(row.id, state=ItemState.DONE.value)
    assert heard == ["ItemChanged", "ItemChanged", "BatchSummary"]


@pytest.mark.parametrize("second", ["clear", "set"])
def test_conditions_are_announced_in_the_order_they_changed(second: str) -> None:
    """One file's answer says "offline", another's says Scripe answers: the last snapshot
    anyone hears is the set in force."""
    bus = Bus()
    conds = Conditions(bus.emit, clock=lambda: 0.0)
    conds._lock = WatchedLock()  # type: ignore[assignment]
    heard: list[tuple[ConditionKind, ...]] = []
    others: list[threading.Thread] = []
    if second == "set":
        conds.set(offline("first"))

    def change() -> None:
        if second == "clear":
            conds.clear(ConditionKind.OFFLINE)
        else:
            conds.set(offline("second"))

    def subscriber(event: Event) -> None:
        assert isinstance(event, ConditionsChanged)
        if not others:
            others.append(_second_thread(change))
            assert conds._lock.contended.wait(WAIT), "the change did not wait its turn"  # type: ignore[attr-defined]
        heard.append(tuple(c.kind for c in event.conditions))

    bus.subscribe(subscriber)
    if second == "clear":
        conds.set(offline("down"))
    else:
        conds.clear(ConditionKind.OFFLINE)
    others[0].join(WAIT)
    in_force = tuple(c.kind for c in conds.active())
    assert in_force == ((ConditionKind.OFFLINE,) if second == "set" else ())
    assert heard == [() if second == "set" else (ConditionKind.OFFLINE,), in_force]
