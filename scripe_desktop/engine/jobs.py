"""Follows ingestion jobs to their end, one thread for all of them.

Polling runs apart from the upload workers so that slow processing in Scripe never holds an
upload slot. Each job is polled with its own backoff, seeded from ``estimatedCompletionMs``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from scripe_desktop.api import ApiError, Job, ScripeClient, ScripeError

from .conditions import Conditions
from .events import ConditionKind, ItemState, Reason
from .failures import ErrorPolicy, NoKeyError, Verdict, classify
from .pacing import backoff
from .queue import QueueState
from .store import new_idempotency_key

log = logging.getLogger(__name__)

MIN_INTERVAL = 0.2
MAX_INTERVAL = 30.0
POLLS_PER_SECOND = 10.0  # for all jobs together
TICK = 0.1


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
            try:
                wait = self._tick()
            except Exception:  # a bad answer must not stop every job from being followed
                log.exception("job tracking pass failed")
                wait = 5.0
            self._wake.wait(wait)

    def _tick(self) -> float:
        """Poll the jobs that are due, most overdue first, at most POLLS_PER_SECOND in all.

        The API has no batch job endpoint: with hundreds of files processing, polling each on
        its own schedule would hammer the service (and its rate limit) and this process's CPU.
        """
        if self.conditions.blocked() or self.conditions.has(ConditionKind.RATE_LIMITED):
            return 1.0
        now = self.clock()
        rows = [r for r in self.queue.in_state(ItemState.PROCESSING) if r.job_id]
        due = sorted((self._next.get(r.id, 0.0), r.id, r.job_id or "") for r in rows)
        budget = max(1, int(POLLS_PER_SECOND * TICK))
        for when, item_id, job_id in due[:budget]:
            if when > now or self._stop.is_set():
                break
            try:
                self._poll(item_id, job_id, in_flight=len(rows))
            except NoKeyError:
                return 1.0
            except ScripeError as exc:
                self._on_error(item_id, exc)
        upcoming = [when for when, _, _ in due[budget : budget + 1]] + [
            self._next.get(i, now) for _, i, _ in due[:budget]
        ]
        soonest = min(upcoming, default=now + 1.0) - now
        return min(1.0, max(TICK, soonest))

    def _poll(self, item_id: int, job_id: str, in_flight: int = 1) -> None:
        client = self.client()
        if item_id in self._cancel:
            self._cancel.discard(item_id)
            try:
                job = client.cancel_job(job_id, new_idempotency_key("cancel"))
            except ApiError as err:
                if err.code != "not_cancellable":
                    raise
                self.queue.update(
                    item_id,
                    reason="Scripe is already processing this file; it can't be stopped.",
                    reason_code=Reason.NOT_CANCELLABLE.value,
                )
                job = client.get_job(job_id)
        else:
            job = client.get_job(job_id)
        self.conditions.clear(ConditionKind.OFFLINE)
        self._apply(item_id, job, in_flight)

    def _apply(self, item_id: int, job: Job, in_flight: int = 1) -> None:
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
                reason_code=None,
                reason_data={},
            )
            if result:
                self.queue.duplicates.confirm(item_id, result)
            self._forget(item_id)
        elif job.status == "FAILED":
            message = job.error_message or "it could not be processed"
            self.policy.fail(
                row,
                f"Scripe couldn't process “{row.name}”: {message}",
                f"job {job.id} {job.error_code}",
                Reason.JOB_FAILED,
                {"message": message, "code": job.error_code},
            )
            self.queue.update(item_id, job_status=job.status)
            self._forget(item_id)
        elif job.status == "CANCELLED":
            self.queue.duplicates.release(item_id)
            self.queue.update(item_id, state=ItemState.CANCELLED.value, job_status=job.status)
            self._forget(item_id)
        else:
            if job.status != row.job_status or job.progress != row.job_progress:
                self.queue.update(item_id, job_status=job.status, job_progress=job.progress)
            self._schedule(item_id, job, in_flight)

    def _schedule(self, item_id: int, job: Job, in_flight: int = 1) -> None:
        previous = self._interval.get(item_id)
        if previous is None:
            seed = (job.estimated_completion_ms or 2000) / 1000 / 4
            interval = min(max(seed, MIN_INTERVAL), 5.0)
        else:
            interval = min(previous * 1.5, MAX_INTERVAL)
        # many jobs share the poll budget: none is asked for more often than its share allows
        interval = max(interval, in_flight / POLLS_PER_SECOND)
        self._interval[item_id] = interval
        self._next[item_id] = self.clock() + interval

    def _on_error(self, item_id: int, exc: ScripeError) -> None:
        """The pipeline's classifier decides; a poll only differs in what "retry" means."""
        row = self.queue.get(item_id)
        if row is None:
            self._forget(item_id)
            return
        now = self.clock()
        outcome = classify(exc, row.name, 3, now, self.conditions)
        if outcome.condition is not None:
            self.conditions.set(outcome.condition)
        if outcome.verdict in (Verdict.RETRY, Verdict.WAIT):
            delay = outcome.delay if outcome.delay is not None else backoff(3, cap=10)
            self._next[item_id] = now + delay
            return
        log.warning("job poll for item %s failed: %s", item_id, exc)
        self.policy.fail(
            row,
            f"Scripe lost track of “{row.name}” while processing it.",
            str(exc),
            Reason.JOB_LOST,
        )
        self._forget(item_id)

    def _forget(self, item_id: int) -> None:
        self._next.pop(item_id, None)
        self._interval.pop(item_id, None)
        self._cancel.discard(item_id)
