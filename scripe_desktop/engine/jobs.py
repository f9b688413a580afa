"""Follows ingestion jobs to their end, one thread for all of them.

Polling runs apart from the upload workers so that slow processing in Scripe never holds an
upload slot. Each job is polled with its own backoff, seeded from ``estimatedCompletionMs``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from scripe_desktop.api import ApiError, ErrorKind, Job, ScripeClient, ScripeError

from .conditions import Conditions, key_needed, offline
from .events import ConditionKind, ItemState
from .failures import ErrorPolicy, NoKeyError
from .pacing import backoff
from .queue import QueueState

log = logging.getLogger(__name__)

MIN_INTERVAL = 0.2
MAX_INTERVAL = 30.0


class JobTracker:
    def __init__(
        self,
        queue: QueueState,
        conditions: Conditions,
        policy: ErrorPolicy,
        client: Callable[[], ScripeClient],
        clock: Callable[[], float],
    ) -> None:
        self.queue = queue
        self.conditions = conditions
        self.policy = policy
        self.client = client
        self.clock = clock
        self._next: dict[int, float] = {}
        self._interval: dict[int, float] = {}
        self._cancel: set[int] = set()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="scripe-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def poke(self) -> None:
        self._wake.set()

    def request_cancel(self, item_id: int) -> None:
        self._cancel.add(item_id)
        self._next[item_id] = 0.0
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            wait = self._tick()
            self._wake.wait(wait)

    def _tick(self) -> float:
        """Poll every job that is due; return how long to sleep."""
        if self.conditions.blocked():
            return 1.0
        rows = [r for r in self.queue.in_state(ItemState.PROCESSING) if r.job_id]
        now = self.clock()
        soonest = 1.0
        for row in rows:
            if self._stop.is_set():
                break
            due = self._next.get(row.id, 0.0)
            if due > now:
                soonest = min(soonest, due - now)
                continue
            try:
                self._poll(row.id, row.job_id or "")
            except NoKeyError:
                return 1.0
            except ScripeError as exc:
                self._on_error(row.id, exc)
            soonest = min(soonest, max(MIN_INTERVAL, self._next.get(row.id, now) - now))
        return max(0.05, soonest)

    def _poll(self, item_id: int, job_id: str) -> None:
        client = self.client()
        if item_id in self._cancel:
            self._cancel.discard(item_id)
            try:
                job = client.cancel_job(job_id)
            except ApiError as err:
                if err.code != "not_cancellable":
                    raise
                self.queue.update(
                    item_id, reason="Scripe is already processing this file; it can't be stopped."
                )
                job = client.get_job(job_id)
        else:
            job = client.get_job(job_id)
        self.conditions.clear(ConditionKind.OFFLINE)
        self._apply(item_id, job)

    def _apply(self, item_id: int, job: Job) -> None:
        row = self.queue.get(item_id)
        if row is None:
            return
        if job.status == "DONE":
            result = job.result_id
            self.queue.update(
                item_id,
                state=ItemState.DONE.value,
                job_status=job.status,
                job_progress=1.0,
                result_id=result,
                reason=None,
                detail=None,
            )
            if result:
                self.queue.store.set_attached_result(item_id, result)
            self._forget(item_id)
        elif job.status == "FAILED":
            message = job.error_message or "it could not be processed"
            self.policy.fail(
                row,
                f"Scripe couldn't process “{row.name}”: {message}",
                f"job {job.id} {job.error_code}",
            )
            self.queue.update(item_id, job_status=job.status)
            self._forget(item_id)
        elif job.status == "CANCELLED":
            self.queue.store.forget_attached(item_id)
            self.queue.update(item_id, state=ItemState.CANCELLED.value, job_status=job.status)
            self._forget(item_id)
        else:
            if job.status != row.job_status or job.progress != row.job_progress:
                self.queue.update(item_id, job_status=job.status, job_progress=job.progress)
            self._schedule(item_id, job)

    def _schedule(self, item_id: int, job: Job) -> None:
        previous = self._interval.get(item_id)
        if previous is None:
            seed = (job.estimated_completion_ms or 2000) / 1000 / 4
            interval = min(max(seed, MIN_INTERVAL), 5.0)
        else:
            interval = min(previous * 1.5, MAX_INTERVAL)
        self._interval[item_id] = interval
        self._next[item_id] = self.clock() + interval

    def _on_error(self, item_id: int, exc: ScripeError) -> None:
        now = self.clock()
        if isinstance(exc, ApiError) and exc.kind is ErrorKind.AUTH:
            self.conditions.set(key_needed(exc))
            return
        if exc.kind is ErrorKind.RETRY:
            if exc.kind is ErrorKind.RETRY and not isinstance(exc, ApiError):
                self.conditions.set(offline(str(exc)))
            delay = exc.retry_after if exc.retry_after is not None else backoff(3, cap=10)
            self._next[item_id] = now + delay
            return
        row = self.queue.get(item_id)
        if row is not None:
            log.warning("job poll for item %s failed: %s", item_id, exc)
            self.policy.fail(
                row, f"Scripe lost track of “{row.name}” while processing it.", str(exc)
            )
        self._forget(item_id)

    def _forget(self, item_id: int) -> None:
        self._next.pop(item_id, None)
        self._interval.pop(item_id, None)
        self._cancel.discard(item_id)
