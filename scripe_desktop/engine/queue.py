"""The queue as the engine's threads see it: the SQLite store plus an in-memory mirror.

Every change goes through here, so the database, the mirror and the events front ends receive
can never disagree. Reads (``snapshot``, ``items``) come from memory and never touch SQLite, so a
GUI thread may call them.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from .dedup import DuplicateTable
from .events import (
    BatchSummary,
    Event,
    ItemAdded,
    ItemChanged,
    ItemProgress,
    ItemRemoved,
    ItemSnapshot,
    ItemState,
    Reason,
    Target,
)
from .lifecycle import can_move
from .store import BatchRow, ItemRow, QueueStore

log = logging.getLogger(__name__)

Subscriber = Callable[[Event], None]
PROGRESS_INTERVAL = 0.1  # seconds between progress events for one item


class Bus:
    """Delivers events to subscribers; a failing subscriber never breaks the engine."""

    def __init__(self) -> None:
        self._subs: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subs.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._subs:
                    self._subs.remove(fn)

        return unsubscribe

    def emit(self, event: Event) -> None:
        with self._lock:
            subs = list(self._subs)
        for fn in subs:
            try:
                fn(event)
            except Exception:
                log.exception("event subscriber failed on %s", type(event).__name__)


class QueueState:
    """Items and batches, persisted and mirrored, with change events.

    Every item event is emitted while the lock is held, so subscribers receive them in the
    order the changes were made: an older snapshot never overtakes a newer one (the window, the
    CLI and the folder syncer all take the last event about a file as its state). Subscribers
    only hand events on (a queue, a deque), so holding the lock for them costs little.
    """

    def __init__(self, store: QueueStore, bus: Bus) -> None:
        self.store = store
        self.bus = bus
        self.lock = threading.RLock()
        self.rows: dict[int, ItemRow] = {r.id: r for r in store.items()}
        self.batches: dict[int, BatchRow] = store.batches()
        self._last_progress: dict[int, float] = {}
        self._summarised: set[int] = set()
        self.scanning: set[int] = set()  # batches still being scanned: not complete yet
        self.removing: set[int] = set()  # rows a remove will reach in a later chunk
        self._reserved: tuple[int, int] | None = None
        self.index = QueueIndex()
        for row in self.rows.values():
            self.index.add(row)
        self.duplicates = DuplicateTable(self)
        # "Pause all" in force: new and retried files enter as paused (see engine.pause_all)
        self.hold_new = False

    # -- reads ----------------------------------------------------------------------------

    def target_of(self, row: ItemRow) -> Target:
        return self.batches[row.batch_id].target

    def snapshot(self, item_id: int) -> ItemSnapshot | None:
        with self.lock:
            row = self.rows.get(item_id)
            return None if row is None else row.snapshot(self.target_of(row))

    def items(self) -> list[ItemSnapshot]:
        with self.lock:
            return [r.snapshot(self.target_of(r)) for r in self.rows.values()]

    def get(self, item_id: int) -> ItemRow | None:
        with self.lock:
            return self.rows.get(item_id)

    def select(self, pred: Callable[[ItemRow], bool]) -> list[ItemRow]:
        with self.lock:
            return [r for r in self.rows.values() if pred(r)]

    def in_state(self, state: ItemState) -> list[ItemRow]:
        """Rows in one state, from the index: cost follows their number, not the queue's."""
        with self.lock:
            return [self.rows[i] for i in sorted(self.index.by_state.get(state.value, ()))]

    def oldest_waiting(self, limit: int, accept: Callable[[ItemRow], bool]) -> list[ItemRow]:
        """Up to ``limit`` waiting rows, oldest first, that ``accept`` takes. From a heap, so
        the scheduler's pass after every finished file does not sort 20,000 waiting ids."""
        out: list[ItemRow] = []
        with self.lock:
            heap, looked = self.index.waiting_heap, []
            while heap and len(out) < limit:
                item_id = heapq.heappop(heap)
                row = self.rows.get(item_id)
                if row is None or row.state != ItemState.WAITING.value:
                    self.index.in_heap.discard(item_id)  # left "waiting" since it was pushed
                    continue
                looked.append(item_id)
                if item_id not in self.removing and accept(row):  # removing: in a later chunk
                    out.append(row)
            for item_id in looked:  # still waiting: they leave the heap when they change
                heapq.heappush(heap, item_id)
        return out

    def left(self) -> tuple[int, int]:
        """(files not finished, bytes not yet sent) without walking the whole queue."""
        with self.lock:
            sending = sum(self.rows[i].bytes_sent for i in self.index.sending)
            return self.index.unfinished, self.index.pending_bytes - sending

    # -- writes ---------------------------------------------------------------------------

    def add_batch(
        self,
        target: Target,
        *,
        force: bool,
        held: bool,
        batch_id: int | None = None,
        **scan: Any,
    ) -> int:
        """A new batch; ``batch_id`` is one a front end chose from :meth:`reserve_batch_ids`;
        ``scan`` (roots, include_hidden) is saved with it (see scanner.py)."""
        with self.lock:
            if batch_id is None and self._reserved is not None:
                batch_id = max(self._reserved[1], max(self.batches, default=0) + 1)
            elif batch_id is not None and batch_id in self.batches:
                raise ValueError(f"batch {batch_id} exists already")
            batch_id = self.store.add_batch(
                target, force=force, held=held, batch_id=batch_id, **scan
            )
            self.batches = self.store.batches()
        return batch_id

    def next_batch_id(self, taken: set[int]) -> int:
        """An id for a batch not saved yet (held for a full disk), after ``taken``."""
        with self.lock:
            first = self._reserved[1] if self._reserved else 1
            return max(first, max(self.batches, default=0) + 1, max(taken, default=0) + 1)

    def reserve_batch_ids(self, count: int) -> tuple[int, int]:
        """Ids ``[first, last)`` only a front end will use, so that it names a new batch
        itself and never waits for an answer to learn its id; the engine's own new batches
        are numbered after them."""
        with self.lock:
            first = max(
                max(self.batches, default=0), self._reserved[1] - 1 if self._reserved else 0
            )
            self._reserved = (first + 1, first + 1 + count)
            return self._reserved

    def update_batch(self, batch_id: int, **values: Any) -> None:
        self.store.update_batch(batch_id, **values)
        with self.lock:
            self.batches = self.store.batches()

    def insert(self, values: Iterable[dict[str, Any]]) -> list[ItemRow]:
        if self.hold_new:
            values = [_held(v) for v in values]
        rows = self.store.insert_items(values)
        with self.lock:  # announced under the lock: a row is added before any change to it
            for row in rows:
                self.rows[row.id] = row
                self.index.add(row)
                self._summarised.discard(row.batch_id)
            for row in rows:
                self.bus.emit(ItemAdded(row.snapshot(self.target_of(row))))
        return rows

    def update(
        self,
        item_id: int,
        *,
        unless: Callable[[ItemRow], bool] | None = None,
        **values: Any,
    ) -> ItemRow | None:
        """Persist, mirror and announce a change (state, ids, errors...).

        ``unless(row)`` is checked under the queue lock: when it holds, the new state is dropped
        (the other values are kept). A worker's state change and a person's pause therefore
        land in one order or the other, never half of each.
        """
        with self.lock:
            row = self.rows.get(item_id)
            if row is None:
                return None
            if unless is not None and "state" in values and unless(row):
                values.pop("state")
            if "state" in values and not can_move(row.state, values["state"]):
                log.error("item %s: %s -> %s is not in the lifecycle", item_id, row.state,
                          values["state"])  # fmt: skip
                values.pop("state")
            self.index.remove(row)
            row = self.store.update_item(row, **values)
            self.rows[item_id] = row
            self.index.add(row)
            snap = row.snapshot(self.target_of(row))
            # under the lock: two threads changing one file (a worker, a person's pause)
            # announce in the order they changed it, so the last event is the file's state
            self.bus.emit(ItemChanged(snap))
            if "state" in values and snap.state.finished:
                self._maybe_summarise(row.batch_id)
        return row

    def set_progress(self, item_id: int, sent: int, total: int, *, force: bool = False) -> None:
        """Mirror bytes sent; persisted only with the next real update (cheap on the hot path)."""
        now = time.monotonic()
        with self.lock:
            row = self.rows.get(item_id)
            if row is None:
                return
            went_down = sent < row.bytes_sent
            row.bytes_sent = sent
            self.index.note_progress(row)
            last = self._last_progress.get(item_id, 0.0)
            if not (force or went_down or sent >= total or now - last >= PROGRESS_INTERVAL):
                return
            self._last_progress[item_id] = now
            self.bus.emit(ItemProgress(item_id, sent, total))

    def remove(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        self.store.delete_items(ids)
        with self.lock:
            for i in ids:
                row = self.rows.pop(i, None)
                self.removing.discard(i)
                if row is not None:
                    self.index.remove(row)
            for i in ids:
                self.bus.emit(ItemRemoved(i))

    def scan_finished(self, batch_id: int) -> None:
        self._maybe_summarise(batch_id)

    def _maybe_summarise(self, batch_id: int) -> None:
        with self.lock:
            if batch_id in self._summarised or batch_id in self.scanning:
                return
            if self.index.unfinished_by_batch.get(batch_id, 0) > 0:
                return  # known without walking the queue (this runs for every finished item)
            rows = [r for r in self.rows.values() if r.batch_id == batch_id]
            if not rows or not all(ItemState(r.state).finished for r in rows):
                return
            self._summarised.add(batch_id)
            counts: dict[str, int] = {}
            for r in rows:  # a finished file dropped again was not sent again: not "added"
                again = r.reason_code == Reason.ALREADY_ATTACHED.value
                state = ItemState.DUPLICATE.value if again else r.state
                counts[state] = counts.get(state, 0) + 1
        self.bus.emit(BatchSummary(batch_id, counts))


def _held(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("state") != ItemState.WAITING.value:
        return values
    return {**values, "state": ItemState.PAUSED.value, "reason_code": "paused_all"}


class QueueIndex:
    """Counts and id sets kept up to date on every change, so that the scheduler, the job
    tracker and the totals never walk a 10,000-item queue (they run several times a second,
    and every pass over all rows is time the GUI thread waits for the GIL)."""

    def __init__(self) -> None:
        self.by_state: dict[str, set[int]] = {}
        self.unfinished = 0
        self.pending_bytes = 0  # sizes of unfinished items whose bytes are not all sent
        self.sending: set[int] = set()  # of those, the ones with bytes_sent > 0
        self.unfinished_by_batch: dict[int, int] = {}
        self.waiting_heap: list[int] = []  # ids once waiting, oldest first; stale ones skipped
        self.in_heap: set[int] = set()

    def add(self, row: ItemRow) -> None:
        self.by_state.setdefault(row.state, set()).add(row.id)
        if row.state == ItemState.WAITING.value and row.id not in self.in_heap:
            self.in_heap.add(row.id)
            heapq.heappush(self.waiting_heap, row.id)
        if not ItemState(row.state).finished:
            self.unfinished += 1
            by_batch = self.unfinished_by_batch
            by_batch[row.batch_id] = by_batch.get(row.batch_id, 0) + 1
            if not row.put_done:
                self.pending_bytes += row.size
        self.note_progress(row)

    def remove(self, row: ItemRow) -> None:
        self.by_state.get(row.state, set()).discard(row.id)
        if not ItemState(row.state).finished:
            self.unfinished -= 1
            self.unfinished_by_batch[row.batch_id] -= 1
            if not row.put_done:
                self.pending_bytes -= row.size
        self.sending.discard(row.id)

    def note_progress(self, row: ItemRow) -> None:
        if row.bytes_sent > 0 and not row.put_done and not ItemState(row.state).finished:
            self.sending.add(row.id)
        else:
            self.sending.discard(row.id)
