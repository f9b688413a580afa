"""The engine's face: what GUI, tray and CLI call. Every method returns quickly.

Threads: one scheduler (starts a worker thread per item, up to ``concurrency``), one scanner,
one job tracker. Front ends learn everything through events from ``subscribe``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from scripe_desktop.api import Deprecation, ScripeClient, ScripeError, StorageClient
from scripe_desktop.api.client import normalize_key

from . import conditions as cond
from .commands import PAUSED_ALL_FLAG, ItemCommands
from .conditions import Conditions
from .config import EngineConfig
from .destinations import Destinations
from .events import (
    AttachKind,
    ConditionKind,
    Event,
    ItemSnapshot,
    ItemState,
    Reason,
    RetargetReport,
    Target,
    Totals,
    TotalsChanged,
)
from .failures import ErrorPolicy, NoKeyError
from .held_drops import HeldDrop, HeldDrops
from .inspect import check_type_database
from .jobs import JobTracker
from .pacing import RateLimiter, SpeedMeter
from .pipeline import Pipeline
from .queue import Bus, QueueState
from .scanner import ScanJob, Scanner
from .store import QueueStore, new_idempotency_key
from .store_safety import QueueStoreError

log = logging.getLogger(__name__)

_ACTIVE = (ItemState.UPLOADING.value, ItemState.ATTACHING.value)


class UploadEngine(ItemCommands):
    def __init__(self, config: EngineConfig, api_key: str | None = None) -> None:
        check_type_database()
        self.config = config
        self.clock = config.clock
        self._bus = Bus()
        self.queue = QueueState(QueueStore(config.queue_path), self._bus)
        self.conditions = Conditions(self._bus.emit, self.clock)
        # the queue file failing mid-run (full disk, read-only, replaced) is a banner, once;
        # a full or read-only one is tried again, drops meanwhile are held (held_drops.py)
        self.held = HeldDrops(
            self.queue.store, self.conditions, self._add_now, self._queue_works_again
        )
        self.queue.store.on_fatal = self.held.on_fatal
        self._client: ScripeClient | None = None
        self._client_lock = threading.Lock()
        self._concurrency = max(1, config.concurrency)
        self._paused_all = self.queue.store.flag(PAUSED_ALL_FLAG) == "1"
        self.queue.hold_new = self._paused_all
        self.storage = StorageClient(stall_timeout=config.stall_timeout)
        self.limiter = RateLimiter(config.rate_limit_bps)
        self.meter = SpeedMeter()
        policy = ErrorPolicy(self.queue, self.conditions, self.clock)
        self.pipeline = Pipeline(
            self.queue,
            self.storage,
            self.limiter,
            self.meter,
            self.conditions,
            policy,
            self._get_client,
            self.clock,
            on_late_attach=self._cancel_late_job,
        )
        self.jobs = JobTracker(self.queue, self.conditions, policy, self._get_client, self.clock)
        self.scanner = Scanner(self.queue, self._wake_scheduler)
        self.destinations = Destinations(self.queue, self._bus.emit, self._wake_scheduler)
        self._running: dict[int, threading.Thread] = {}
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._scheduler = threading.Thread(target=self._schedule_loop, name="scripe-scheduler")
        self._last_totals: Totals | None = None
        self._totals_at = 0.0
        self.set_api_key(api_key)
        self._recover()

    # -- lifecycle ------------------------------------------------------------------------------

    def _recover(self) -> None:
        """After a crash, items caught mid-step go back to waiting; their keys make it a replay."""
        for row in [r for st in _ACTIVE for r in self.queue.in_state(ItemState(st))]:
            self.queue.update(row.id, state=ItemState.WAITING.value, next_attempt_at=0.0)
        # Files waiting out the daily limit say so after a restart, and so does the banner.
        now = self.clock()
        capped = [
            r for r in self.queue.in_state(ItemState.WAITING)
            if r.reason_code == Reason.SPEND_CAP.value and r.next_attempt_at > now
        ]  # fmt: skip
        until = max((r.snapshot(self.queue.target_of(r)).reason_data.get("until") or 0.0
                     for r in capped), default=0.0)  # fmt: skip
        if until > now:
            self.conditions.set(cond.spend_cap_until(until, now))

    def start(self) -> None:
        self.scanner.start()
        self.scanner.resume_unfinished()  # scans a quit, kill or full disk interrupted
        if self.config.follow_jobs:
            self.jobs.start()
        self._scheduler.start()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop every thread; items in flight go back to waiting and resume on the next start."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._wake.set()
        for item_id in list(self._running):
            self.pipeline.request_stop(item_id)
        deadline = time.monotonic() + timeout
        if self._scheduler.is_alive():
            self._scheduler.join(max(0.1, deadline - time.monotonic()))
        for thread in list(self._running.values()):
            thread.join(max(0.1, deadline - time.monotonic()))
        self.scanner.stop(max(0.1, deadline - time.monotonic()))
        self.jobs.stop(max(0.1, deadline - time.monotonic()))
        self.held.forget()  # drops held for a full disk can't be saved (the window said so)
        self._recover()
        self.storage.close()
        with self._client_lock:
            if self._client:
                self._client.close()
        self.queue.store.close()

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        return self._bus.subscribe(callback)

    # -- key --------------------------------------------------------------------------------------

    def set_api_key(self, key: str | None) -> None:
        """A new key clears "key needed" and resumes; None parks all network work."""
        client = None
        if key:
            client = ScripeClient(
                normalize_key(key), self.config.api_base, on_deprecation=self._on_deprecation
            )
        with self._client_lock:
            old, self._client = self._client, client
        if old:
            old.close()
        if client:
            self.conditions.clear(ConditionKind.KEY_NEEDED, ConditionKind.PERMISSION)
        self._wake_scheduler()

    def _get_client(self) -> ScripeClient:
        with self._client_lock:
            if self._client is None:
                raise NoKeyError()
            return self._client

    def _on_deprecation(self, dep: Deprecation) -> None:
        self.conditions.set(cond.deprecation(dep))

    def _cancel_late_job(self, item_id: int) -> None:
        """An item cancelled while its attach was in flight: cancel the job it started."""
        row = self.queue.get(item_id)
        if row is None or not row.job_id:
            return
        try:
            job = self._get_client().cancel_job(row.job_id, new_idempotency_key("cancel"))
            self.queue.update(item_id, job_status=job.status)
        except (ScripeError, NoKeyError) as exc:
            log.info("could not cancel the job of cancelled item %s: %s", item_id, exc)

    # -- adding work ------------------------------------------------------------------------------

    def add_paths(
        self,
        paths: Iterable[str | Path],
        target: Target | None,
        *,
        problem: str | None = None,
        force: bool = False,
        hold: bool = False,
        include_hidden: bool = False,
        batch_id: int | None = None,
    ) -> int:
        """Queue files. ``target`` None: no usable destination yet (``problem`` says why, a
        Reason code); the files upload and then wait as "Choose where to send these".

        While the queue file can't be written for a reason that can pass (full, read-only),
        the drop is held and added once it can (held_drops.py); its batch id is returned
        all the same. A replaced or damaged file raises its QueueStoreError."""
        if target is None or target.kind is AttachKind.UNSET:
            target = Target(AttachKind.UNSET)
            problem = problem or Reason.NO_PROJECT.value
        roots = tuple(Path(p) for p in paths)
        drop = HeldDrop(batch_id or 0, roots, target, problem, force, hold, include_hidden)
        with self.held.lock:  # one order for every drop, held or not
            if not self.held.holding():
                try:
                    return self._add_now(drop)
                except QueueStoreError:
                    if not self.held.holding():
                        raise  # replaced or damaged: nothing can be added until a restart
            if batch_id is None:
                drop = replace(drop, batch_id=self.queue.next_batch_id(self.held.taken_ids()))
            self.held.hold(drop)
            return drop.batch_id

    def _add_now(self, drop: HeldDrop) -> int:
        """The batch with its roots in one write (a QueueStoreError if that fails: nothing was
        added); after it, the scan resumes after a failure like any interrupted scan."""
        batch_id = self.queue.add_batch(
            drop.target or Target(AttachKind.UNSET),
            force=drop.force,
            held=drop.hold,
            batch_id=drop.batch_id or None,
            scan_roots=list(drop.paths),
            include_hidden=drop.include_hidden,
        )
        try:
            if drop.problem:
                self.queue.update_batch(batch_id, target_problem=drop.problem)
        except QueueStoreError as exc:  # the batch is saved: its files ask for a destination
            log.info("batch %s: its destination problem was not recorded: %s", batch_id, exc)
        self.scanner.submit(ScanJob(batch_id, drop.paths, drop.include_hidden))
        return batch_id

    def _queue_works_again(self) -> None:
        """The queue file can be written again (space freed): clear the banner, put items a
        failed write left mid-step back to waiting, resume the interrupted scans, go on."""
        self.conditions.clear(ConditionKind.QUEUE_UNWRITABLE)
        for row in [r for st in _ACTIVE for r in self.queue.in_state(ItemState(st))]:
            thread = self._running.get(row.id)
            if thread is None or not thread.is_alive():
                self.queue.update(row.id, state=ItemState.WAITING.value, next_attempt_at=0.0)
        self.scanner.resume_unfinished()
        self.jobs.poke()
        self._wake_scheduler()

    def reserve_batch_ids(self, count: int) -> tuple[int, int]:
        return self.queue.reserve_batch_ids(count)

    def wait_scanned(self, timeout: float | None = None) -> bool:
        return self.scanner.wait_idle(timeout)

    def start_batch(self, batch_id: int) -> None:
        self.queue.update_batch(batch_id, held=0)
        self._wake_scheduler()

    def set_batch_target(self, batch_id: int, target: Target) -> RetargetReport:
        """Change where a batch goes (see destinations.py); emits a RetargetReport."""
        return self.destinations.retarget(batch_id, target)

    def send_to(self, item_ids: Iterable[int], target: Target) -> RetargetReport:
        return self.destinations.send_to(item_ids, target)

    def send_copies(self, item_ids: Iterable[int], target: Target) -> int:
        return self.destinations.send_copies(item_ids, target)

    def retry_failed(self) -> None:
        self.retry(r.id for r in self.queue.in_state(ItemState.FAILED))

    def clear_finished(self) -> None:
        done = (ItemState.DONE, ItemState.SKIPPED, ItemState.DUPLICATE, ItemState.CANCELLED)
        self.queue.remove(r.id for r in self.queue.select(lambda r: ItemState(r.state) in done))

    def set_concurrency(self, n: int) -> None:
        self._concurrency = max(1, int(n))
        self._wake_scheduler()

    def set_rate_limit(self, bytes_per_second: int | None) -> None:
        self.limiter.set_rate(bytes_per_second)

    def rate_limit(self) -> int | None:
        return self.limiter.rate

    def concurrency(self) -> int:
        return self._concurrency

    # -- reads ----------------------------------------------------------------------------

    def items(self) -> list[ItemSnapshot]:
        return self.queue.items()

    def item(self, item_id: int) -> ItemSnapshot | None:
        return self.queue.snapshot(item_id)

    def batch_items(self, batch_id: int) -> list[ItemSnapshot]:
        return [s for s in self.queue.items() if s.batch_id == batch_id]

    def conditions_now(self) -> tuple[cond.Condition, ...]:
        return self.conditions.active()

    def totals(self) -> Totals:
        files_left, bytes_left = self.queue.left()
        speed = self.meter.rate()
        eta = bytes_left / speed if speed > 0 and bytes_left else None
        return Totals(files_left, max(0, bytes_left), speed, eta, self._paused_all)

    # -- scheduling -----------------------------------------------------------------------

    def _wake_scheduler(self) -> None:
        self._wake.set()

    def _schedule_loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self.held.tick()  # a queue file that failed: tried again every few seconds
                self._dispatch()
                self._emit_totals()
            except Exception:
                log.exception("scheduler pass failed")
            self._wake.wait(0.25)

    def _dispatch(self) -> None:
        for item_id, thread in list(self._running.items()):
            if not thread.is_alive():
                del self._running[item_id]
        self.conditions.expire()
        if self.conditions.blocked() or self._stopping.is_set() or self.queue.store.fatal:
            return
        free = self._concurrency - len(self._running)
        if free <= 0:
            return
        now = self.clock()
        held = {b.id for b in self.queue.batches.values() if b.held}
        if self.conditions.has(ConditionKind.RATE_LIMITED):
            return  # the whole key is being throttled: no new requests until it clears
        capped = self.conditions.holding(ConditionKind.SPEND_CAP)
        # once the limit is lifted, files that waited it out go at once, not at their re-check
        lifted = not self.conditions.has(ConditionKind.SPEND_CAP)
        ready = self.queue.oldest_waiting(  # oldest first; costs what it looks at
            free,
            lambda r: (
                (r.next_attempt_at <= now or (lifted and r.reason_code == Reason.SPEND_CAP))
                and r.batch_id not in held
                and r.id not in self._running
                and not (capped and r.put_done)
            ),
        )
        for row in ready:
            thread = threading.Thread(
                target=self._work, args=(row.id,), name=f"scripe-item-{row.id}", daemon=True
            )
            self._running[row.id] = thread
            self.pipeline.arm(row.id)
            thread.start()

    def _work(self, item_id: int) -> None:
        try:
            self.pipeline.run(item_id)
        finally:
            self.jobs.poke()
            self._wake_scheduler()

    def _emit_totals(self, force: bool = False) -> None:
        """At most four times a second (a status bar needs no more), unless forced."""
        now = time.monotonic()
        if not force and now - self._totals_at < 0.25:
            return
        totals = self.totals()
        if force or totals != self._last_totals:
            self._last_totals, self._totals_at = totals, now
            self._bus.emit(TotalsChanged(totals))
