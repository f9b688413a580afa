"""The engine's face: what GUI, tray and CLI call. Every method returns quickly.

Threads: one scheduler (starts a worker thread per item, up to ``concurrency``), one scanner,
one job tracker. Front ends learn everything through events from ``subscribe``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from scripe_desktop.api import Deprecation, ScripeClient, ScripeError, StorageClient
from scripe_desktop.api.client import normalize_key

from . import conditions as cond
from .conditions import Conditions
from .config import EngineConfig
from .events import ConditionKind, Event, ItemSnapshot, ItemState, Target, Totals, TotalsChanged
from .failures import ErrorPolicy, NoKeyError
from .inspect import check_type_database
from .jobs import JobTracker
from .pacing import RateLimiter, SpeedMeter
from .pipeline import Pipeline
from .queue import Bus, QueueState
from .scanner import ScanJob, Scanner
from .store import FRESH_UPLOAD, QueueStore, new_idempotency_key

log = logging.getLogger(__name__)

_ACTIVE = (ItemState.UPLOADING.value, ItemState.ATTACHING.value)
_PAUSABLE = (ItemState.WAITING.value, *_ACTIVE)


class UploadEngine:
    def __init__(self, config: EngineConfig, api_key: str | None = None) -> None:
        check_type_database()
        self.config = config
        self.clock = config.clock
        self._bus = Bus()
        self.queue = QueueState(QueueStore(config.queue_path), self._bus)
        self.conditions = Conditions(self._bus.emit, self.clock)
        self._client: ScripeClient | None = None
        self._client_lock = threading.Lock()
        self._concurrency = max(1, config.concurrency)
        self._paused_all = False
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

    def start(self) -> None:
        self.scanner.start()
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
        target: Target,
        *,
        force: bool = False,
        hold: bool = False,
        include_hidden: bool = False,
        batch_id: int | None = None,
    ) -> int:
        batch_id = self.queue.add_batch(target, force=force, held=hold, batch_id=batch_id)
        self.scanner.submit(ScanJob(batch_id, tuple(Path(p) for p in paths), include_hidden))
        return batch_id

    def reserve_batch_ids(self, count: int) -> tuple[int, int]:
        return self.queue.reserve_batch_ids(count)

    def wait_scanned(self, timeout: float | None = None) -> bool:
        return self.scanner.wait_idle(timeout)

    def start_batch(self, batch_id: int) -> None:
        self.queue.update_batch(batch_id, held=0)
        self._wake_scheduler()

    def set_batch_target(self, batch_id: int, target: Target) -> None:
        """Change where a batch goes. Items whose attach was already sent keep their
        destination (moved to a batch of their own): their stored attach key belongs to the
        old request body and must never be sent with another."""
        with self.queue.lock:
            rows = self.queue.select(lambda r: r.batch_id == batch_id)
            old = self.queue.batches[batch_id]
            started = {r.id for r in rows if r.attach_key or r.job_id or r.state == "done"}
            if started:
                keep = self.queue.add_batch(old.target, force=old.force, held=False)
                for item_id in started:
                    self.queue.update(item_id, batch_id=keep)
            self.queue.update_batch(batch_id, target=target)
            for row in rows:
                if row.id not in started:
                    self.queue.update(row.id)  # re-announce with the new destination

    # -- item commands ----------------------------------------------------------------------------

    def pause(self, item_ids: Iterable[int]) -> None:
        for row in self._rows(item_ids):
            with self.queue.lock:  # the flag and the state together (see QueueState.update)
                current = self.queue.rows.get(row.id)
                if current is not None and current.state in _PAUSABLE:
                    self.pipeline.request_stop(row.id)
                    self.queue.update(row.id, state=ItemState.PAUSED.value)

    def resume(self, item_ids: Iterable[int]) -> None:
        self._paused_all = False
        for row in self._rows(item_ids):
            if row.state == ItemState.PAUSED.value:
                self.queue.update(row.id, state=ItemState.WAITING.value, next_attempt_at=0.0)
        self._wake_scheduler()

    def cancel(self, item_ids: Iterable[int]) -> None:
        for row in self._rows(item_ids):
            if row.state == ItemState.PROCESSING.value:
                self.jobs.request_cancel(row.id)  # only a QUEUED job can be cancelled
            elif not ItemState(row.state).finished:
                with self.queue.lock:
                    self.pipeline.request_stop(row.id)
                    self.queue.update(row.id, state=ItemState.CANCELLED.value, reason=None)
                self.queue.store.forget_attached(row.id)

    def retry(self, item_ids: Iterable[int]) -> None:
        for row in self._rows(item_ids):
            if row.state in (ItemState.FAILED.value, ItemState.CANCELLED.value):
                values: dict[str, object] = {"state": ItemState.WAITING.value, "attempts": 0}
                if row.job_status in ("FAILED", "CANCELLED"):
                    # That upload is spent on the ended job: send the file again, attach anew.
                    values.update(FRESH_UPLOAD, job_id=None, job_status=None, job_progress=None)
                self.queue.update(row.id, reason=None, detail=None, next_attempt_at=0.0, **values)
        self._wake_scheduler()

    def remove(self, item_ids: Iterable[int]) -> None:
        rows = self._rows(item_ids)
        for row in rows:
            self.pipeline.request_stop(row.id)
            if not ItemState(row.state).finished:
                self.queue.store.forget_attached(row.id)
        self.queue.remove(r.id for r in rows)

    def pause_all(self) -> None:
        self._paused_all = True
        self.pause(r.id for st in _PAUSABLE for r in self.queue.in_state(ItemState(st)))
        self._emit_totals(force=True)

    def resume_all(self) -> None:
        self.resume(r.id for r in self.queue.in_state(ItemState.PAUSED))
        self._emit_totals(force=True)

    def try_now(self) -> None:
        """Someone asked explicitly: waiting items stop waiting out their backoff."""
        for row in self.queue.in_state(ItemState.WAITING):
            if row.next_attempt_at:
                self.queue.update(row.id, next_attempt_at=0.0)
        self.conditions.clear(ConditionKind.SPEND_CAP, ConditionKind.RATE_LIMITED)
        self._wake_scheduler()

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

    def _rows(self, item_ids: Iterable[int]) -> list:
        return [r for i in item_ids if (r := self.queue.get(i)) is not None]

    def _wake_scheduler(self) -> None:
        self._wake.set()

    def _schedule_loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
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
        if self.conditions.blocked() or self._stopping.is_set():
            return
        free = self._concurrency - len(self._running)
        if free <= 0:
            return
        now = self.clock()
        held = {b.id for b in self.queue.batches.values() if b.held}
        if self.conditions.has(ConditionKind.RATE_LIMITED):
            return  # the whole key is being throttled: no new requests until it clears
        capped = self.conditions.has(ConditionKind.SPEND_CAP)
        ready = []
        for r in self.queue.in_state(ItemState.WAITING):  # oldest first
            if (
                r.next_attempt_at <= now
                and r.batch_id not in held
                and r.id not in self._running
                and not (capped and r.put_done)
            ):
                ready.append(r)
                if len(ready) == free:
                    break
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
