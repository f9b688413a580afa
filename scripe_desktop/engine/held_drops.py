"""While the queue file can't be written for a reason that can pass (a full disk, a read-only
mount), nothing dropped is lost: drops and watched-folder additions are held here, in memory and
in order (with their batch ids, destination and options), the file is tried again every few
seconds from the scheduler's loop, and once a write works the engine adds what was held, resumes
the interrupted scans and goes on uploading by itself.

Held drops can't be saved anywhere (the disk is full): a quit loses them, and the
``queue_unwritable`` condition's ``waiting`` says how many paths that would be, so the window can
say so before it quits. A file replaced or damaged under the engine stays fatal (a restart).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import conditions as cond
from .conditions import Conditions
from .events import Target
from .store import QueueStore
from .store_safety import PASSING, QueueStoreError

log = logging.getLogger(__name__)

RETRY_SECONDS = 3.0  # how often a queue file that failed is tried again


@dataclass(frozen=True)
class HeldDrop:
    batch_id: int
    paths: tuple[Path, ...]
    target: Target | None
    problem: str | None = None
    force: bool = False
    hold: bool = False
    include_hidden: bool = False


class HeldDrops:
    """The drops waiting for the queue file, and the re-tries of that file."""

    def __init__(
        self,
        store: QueueStore,
        conditions: Conditions,
        add: Callable[[HeldDrop], None],
        recovered: Callable[[], None],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``add`` queues one drop for real (raises a QueueStoreError if the file fails
        again); ``recovered`` runs once the file works again, before the held drops go in."""
        self._store = store
        self._conditions = conditions
        self._add = add
        self._recovered = recovered
        self._monotonic = monotonic
        self.lock = threading.RLock()  # add_paths and the drain: one order for every drop
        self._drops: list[HeldDrop] = []
        self._waiting = 0  # paths held; read without the lock (see on_fatal)
        self._next_try = 0.0
        self.tries: deque[float] = deque(maxlen=8)  # when the file was last tried (monotonic)

    # -- what is held -------------------------------------------------------------------------

    def holding(self) -> bool:
        """Are new drops held now (the file failed and may work again, or earlier drops wait
        their turn)? Not once the file is replaced or damaged: nothing can be added then."""
        fatal = self._store.fatal
        return isinstance(fatal, PASSING) or (fatal is None and bool(self._drops))

    def hold(self, drop: HeldDrop) -> None:
        with self.lock:
            self._drops.append(drop)
            self._waiting += len(drop.paths)
        log.info("queue file unwritable: drop of %d path(s) held", len(drop.paths))
        self._tell()

    def waiting(self) -> int:
        return self._waiting

    def taken_ids(self) -> set[int]:
        with self.lock:
            return {d.batch_id for d in self._drops}

    def on_fatal(self, err: QueueStoreError) -> None:
        """The store's ``on_fatal``. Called with the store's lock held, from any thread: it
        takes no lock of its own (another thread may hold ours while it waits for the store)."""
        self._next_try = self._monotonic() + RETRY_SECONDS
        self._conditions.set(cond.queue_unwritable(err, self._waiting))

    def _tell(self) -> None:
        err = self._store.fatal
        if err is not None:
            self._conditions.set(cond.queue_unwritable(err, self._waiting))

    # -- trying again ---------------------------------------------------------------------------

    def tick(self) -> None:
        """From the scheduler loop: every RETRY_SECONDS while the file fails for a reason that
        can pass, one small write; once it works, recover and add what was held."""
        if self._store.fatal is not None:
            if not isinstance(self._store.fatal, PASSING):
                return
            now = self._monotonic()
            if now < self._next_try:
                return
            self._next_try = now + RETRY_SECONDS
            self.tries.append(now)
            if not self._store.retry():
                return
            try:
                self._recovered()
            except QueueStoreError as exc:  # failed again at once: told again, tried again
                log.info("the queue file failed again while recovering: %s", exc)
                return
        if self._drops:
            self._drain()

    def _drain(self) -> None:
        with self.lock:
            while self._drops:
                drop = self._drops[0]
                try:
                    self._add(drop)
                except QueueStoreError as exc:  # failed again: the rest stays held, in order
                    log.info("adding a held drop failed again: %s", exc)
                    self._tell()
                    return
                except Exception:  # a bug with this one drop must not block those after it
                    log.exception("adding held drop (batch %s) failed", drop.batch_id)
                self._drops.pop(0)
                self._waiting -= len(drop.paths)
        self._tell()

    def forget(self) -> int:
        """At shutdown: what could not be saved (paths), said in the log."""
        with self.lock:
            lost, self._drops, self._waiting = self._waiting, [], 0
        if lost:
            log.warning("quitting with %d dropped path(s) not queued (the queue was full)", lost)
        return lost
