"""Follows ingestion jobs to their end, one thread for all of them.

Polling runs apart from the upload workers so that slow processing in Scripe never holds an
upload slot. Each job is polled with its own backoff, seeded from ``estimatedCompletionMs``.
"""

from __future__ import annotations

import heapq
import logging
import threading
from collections import deque
from collections.abc import Callable

from scripe_desktop.api import ApiError, Cancelled, Job, ScripeClient, ScripeError

from .conditions import Conditions
from .events import ConditionKind, ItemChanged, ItemState, Reason
from .failures import ErrorPolicy, NoKeyError, Outcome, Verdict, classify
from .pacing import backoff
from .queue import QueueState
from .store import new_idempotency_key
from .store_safety import QueueStoreError

log = logging.getLogger(__name__)

MIN_INTERVAL = 0.2
MAX_INTERVAL = 30.0
POLLS_PER_SECOND = 10.0  # for all jobs together, with few jobs in flight
MAX_POLLS_PER_SECOND = 100.0  # with many (halved on each 429, so it settles under the limit)
JOBS_PER_POLL_SECOND = 1  # each job asked about once a second at most: 100 in flight, 100/s
FIRST_POLL = 1.0  # seconds after the attach: a job is rarely over sooner
TICK = 0.1


def poll_budget(in_flight: int, ceiling: float = MAX_POLLS_PER_SECOND) -> float:
    """Polls per second for all jobs: grows with the jobs in flight, within ``ceiling`` (halved
    on every 429, so the budget settles inside the API's rate limit)."""
    return max(min(POLLS_PER_SECOND, ceiling), min(ceiling, in_flight / JOBS_PER_POLL_SECOND))


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
        self._heap: list[tuple[float, int]] = []  # (when due, item id); stale entries skipped
        self._incoming: deque[tuple[int, float]] = deque()  # (item, in seconds), any thread
        self._ceiling = MAX_POLLS_PER_SECOND
        self._credit = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="scripe-jobs", daemon=True)

    def start(self) -> None:
        self.queue.bus.subscribe(self._on_event)
        for row in self.queue.in_state(ItemState.PROCESSING):
            if row.job_id:
                self._incoming.append((row.id, 0.0))
        self._thread.start()

    def _on_event(self, event: object) -> None:
        """New jobs come from events: no tick ever walks all items in processing."""
        if isinstance(event, ItemChanged):
            item = event.item
            if item.state is ItemState.PROCESSING and item.job_id and item.id not in self._next:
                self._incoming.append((item.id, FIRST_POLL))  # taken over by the tracker thread
                self._wake.set()

    def _track(self, item_id: int, when: float) -> None:
        self._next[item_id] = when
        heapq.heappush(self._heap, (when, item_id))

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def poke(self) -> None:
        self._wake.set()

    def request_cancel(self, item_id: int) -> None:
        self._cancel.add(item_id)
        self._incoming.append((item_id, 0.0))
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                wait = self._tick()
            except QueueStoreError:  # the queue file can't be written: told once, by the store
                wait = 5.0
            except Exception:  # a bad answer must not stop every job from being followed
                log.exception("job tracking pass failed")
                wait = 5.0
            self._wake.wait(wait)

    def _tick(self) -> float:
        """Poll the jobs that are due, most overdue first, within a shared budget.

        The API has no batch job endpoint: with hundreds of files processing, polling each on
        its own schedule would hammer the service (and its rate limit) and this process's CPU.
        The budget grows with the jobs in flight; a tick costs what it polls, not the queue.
        """
        if self.conditions.blocked() or self.conditions.has(ConditionKind.RATE_LIMITED):
            return 1.0
        now = self.clock()
        while self._incoming:
            item_id, after = self._incoming.popleft()
            self._track(item_id, now + after)
        in_flight = len(self._next)
        rate = poll_budget(in_flight, self._ceiling)
        self._credit = min(self._credit + rate * TICK, max(1.0, rate * TICK))
        while self._heap and self._credit >= 1.0 and not self._stop.is_set():
            when, item_id = self._heap[0]
            if self._next.get(item_id) != when:  # rescheduled or forgotten
                heapq.heappop(self._heap)
                continue
            if when > now:
                break
            heapq.heappop(self._heap)
            row = self.queue.get(item_id)
            if row is None or row.state != ItemState.PROCESSING.value or not row.job_id:
                self._forget(item_id)
                continue
            self._credit -= 1.0
            self._next[item_id] = float("inf")  # in hand; _schedule or _forget settles it
            try:
                outcome = self._poll(item_id, row.job_id, in_flight=in_flight)
                if outcome is not None:
                    self._on_outcome(item_id, outcome)
            except NoKeyError:
                self._track(item_id, now + 1.0)
                return 1.0
            except Exception:  # a bad answer must not stop this job from being followed
                log.exception("polling the job of item %s failed", item_id)
                self._track(item_id, now + 5.0)
            if self._next.get(item_id) == float("inf"):
                self._track(item_id, now + MIN_INTERVAL)
        self._ceiling = min(MAX_POLLS_PER_SECOND, self._ceiling + 0.5)
        soonest = self._heap[0][0] - now if self._heap else 1.0
        return min(1.0, max(TICK, soonest))

    def _poll(self, item_id: int, job_id: str, in_flight: int = 1) -> Outcome | None:
        """One request for the job; what it met, as the one classifier's outcome."""
        client = self.client()
        try:
            if item_id in self._cancel:
                self._cancel.discard(item_id)
                job = self._cancel_job(client, item_id, job_id)
            else:
                job = client.get_job(job_id)
        except Cancelled:
            raise
        except ScripeError as exc:
            row = self.queue.get(item_id)
            name = row.name if row is not None else ""
            return classify(exc, name, 3, self.clock(), self.conditions)
        self.conditions.clear(ConditionKind.OFFLINE)
        self._apply(item_id, job, in_flight)
        return None

    def _cancel_job(self, client: ScripeClient, item_id: int, job_id: str) -> Job:
        try:
            return client.cancel_job(job_id, new_idempotency_key("cancel"))
        except ApiError as err:
            if err.code != "not_cancellable":
                raise
        self.queue.update(
            item_id,
            reason="Scripe is already processing this file; it can't be stopped.",
            reason_code=Reason.NOT_CANCELLABLE.value,
        )
        return client.get_job(job_id)

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
            row = self.queue.update(item_id, job_status=job.status) or row  # before it settles
            self.policy.fail(
                row,
                f"Scripe couldn't process “{row.name}”: {message}",
                f"job {job.id} {job.error_code}",
                Reason.JOB_FAILED,
                {"message": message, "code": job.error_code},
            )
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
        """Next poll: when Scripe expects the job to end (estimatedCompletionMs), else a
        backoff of its own that grows by half each time."""
        previous = self._interval.get(item_id)
        interval = 1.0 if previous is None else min(previous * 1.5, MAX_INTERVAL)
        if job.estimated_completion_ms:
            interval = max(interval, min(job.estimated_completion_ms / 1000, MAX_INTERVAL))
        interval = max(interval, MIN_INTERVAL)
        # many jobs share the poll budget: none is asked for more often than its share allows
        interval = max(interval, in_flight / poll_budget(in_flight, self._ceiling))
        self._interval[item_id] = interval
        self._track(item_id, self.clock() + interval)

    def _on_outcome(self, item_id: int, outcome: Outcome) -> None:
        """The pipeline's classifier decided; a poll only differs in what "retry" means."""
        row = self.queue.get(item_id)
        if row is None:
            self._forget(item_id)
            return
        now = self.clock()
        if outcome.condition is not None:  # a 429: the whole queue waits (rate_limited)
            self.conditions.set(outcome.condition)
        if outcome.verdict in (Verdict.RETRY, Verdict.WAIT):
            delay = outcome.delay if outcome.delay is not None else backoff(3, cap=10)
            if outcome.code is Reason.RATE_LIMITED:
                self._ceiling = max(1.0, self._ceiling / 2)  # settle under the rate limit
            self._track(item_id, now + delay)
            return
        log.warning("job poll for item %s failed: %s", item_id, outcome.detail)
        self.policy.fail(
            row,
            f"Scripe lost track of “{row.name}” while processing it.",
            outcome.detail,
            Reason.JOB_LOST,
        )
        self._forget(item_id)

    def _forget(self, item_id: int) -> None:
        self._next.pop(item_id, None)
        self._interval.pop(item_id, None)
        self._cancel.discard(item_id)
