"""What a failure means: one classifier for the pipeline and the job tracker alike.

``classify`` turns any exception into an :class:`Outcome` (retry later, wait for a condition,
choose another destination, or fail this one file), decided by the error's type and kind, never
by its message. ``ErrorPolicy`` applies an outcome to an item. Before there was one table, a
malformed reply was "offline" to the pipeline and "busy" to the job tracker, and a 429 while
polling never raised "rate limited". Nothing here ever deletes a queued file.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scripe_desktop.api import (
    ApiError,
    ErrorKind,
    NetworkError,
    ProtocolError,
    ScripeError,
    StorageError,
    StorageStalled,
    StorageUnreachable,
)
from scripe_desktop.api.client import MalformedKeyError

from . import conditions as cond
from .events import AttachKind, ItemState, Reason, Target
from .pacing import backoff
from .queue import QueueState
from .store import ItemRow

log = logging.getLogger(__name__)

MAX_SERVER_ERRORS = 6  # 500s are retried a bounded number of times; 503/429/offline forever
MAX_BAD_ANSWERS = 6  # a 2xx we can't understand: also bounded, then a plain failure
TWIN_WAIT = 2.0


class NoKeyError(Exception):
    """No API key is configured: the queue waits for one."""


class ItemGone(Exception):
    """The file vanished before it was uploaded."""


class KeepsChanging(ItemGone):
    """Rewritten during every attempt: sending it again and again would never end well."""


class TwinPending(Exception):
    """The same content is being attached by another item right now; try again shortly."""


# What a step may meet in ordinary use: it returns ``ErrorPolicy.judge``'s outcome for these.
# Anything else is a bug, raised to the worker, and classified there as "unexpected".
EXPECTED: tuple[type[BaseException], ...] = (
    ApiError, NetworkError, ProtocolError, StorageError, NoKeyError, MalformedKeyError, ItemGone,
)  # fmt: skip


class Verdict(enum.StrEnum):
    RETRY = "retry"  # counts an attempt, waits ``delay``
    WAIT = "wait"  # a condition, not the file, failed: no attempt counted
    NEEDS_DESTINATION = "needs_destination"  # the batch's destination is gone
    FAIL = "fail"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    code: Reason
    data: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None  # English fallback for front ends that do not know ``code``
    detail: str | None = None
    delay: float | None = None  # seconds; None: until the condition clears
    condition: cond.Condition | None = None  # to set on the whole queue


def classify(
    exc: BaseException, name: str, attempts: int, now: float, conditions: cond.Conditions
) -> Outcome:
    """The one table from errors to outcomes. ``attempts`` counts this failure already."""
    if isinstance(exc, TwinPending):
        return Outcome(Verdict.WAIT, Reason.TWIN_PENDING, delay=TWIN_WAIT)
    if isinstance(exc, KeepsChanging):
        return Outcome(
            Verdict.FAIL, Reason.KEEPS_CHANGING, detail=repr(exc),
            reason=f"“{name}” keeps changing while it is being sent. Retry it once it has "
            "stopped changing (for example when the program writing it is done).",
        )  # fmt: skip
    if isinstance(exc, ItemGone):
        return Outcome(
            Verdict.FAIL,
            Reason.FILE_GONE,
            reason=f"“{name}” was moved or deleted before it was uploaded.",
        )
    if isinstance(exc, NoKeyError | MalformedKeyError):
        c = cond.Condition(cond.ConditionKind.KEY_NEEDED, "Enter your Scripe API key to start.")
        return Outcome(Verdict.WAIT, Reason.KEY_NEEDED, condition=c)
    if isinstance(exc, PermissionError | FileNotFoundError | IsADirectoryError):
        return Outcome(
            Verdict.FAIL,
            Reason.UNREADABLE,
            reason=f"“{name}” can't be read anymore.",
            detail=repr(exc),
        )
    if not isinstance(exc, ScripeError):
        log.error("unexpected failure on %s", name, exc_info=exc)
        return Outcome(
            Verdict.FAIL, Reason.UNEXPECTED, reason=f"Something went wrong with “{name}”.",
            detail=repr(exc),
        )  # fmt: skip
    detail = str(exc)
    kind = exc.kind
    if isinstance(exc, ApiError) and kind is ErrorKind.AUTH:
        return Outcome(
            Verdict.WAIT, Reason.KEY_NEEDED, detail=detail, condition=cond.key_needed(exc)
        )
    if isinstance(exc, ApiError) and kind is ErrorKind.PERMISSION:
        data = {"required": list(exc.details.get("required") or []), "code": exc.code}
        return Outcome(
            Verdict.WAIT, Reason.PERMISSION, data, detail=detail, condition=cond.permission(exc)
        )
    if isinstance(exc, ApiError) and kind is ErrorKind.SPEND_CAP:
        c = cond.spend_cap(exc, now)
        return _spend_cap_outcome(c, detail)
    if kind in (ErrorKind.RETRY, ErrorKind.EXPIRED):
        return _retry(exc, name, attempts, now)
    if kind is ErrorKind.CLIENT_BUG:
        log.error("request refused as malformed (a bug in this app): %s", exc)
        return Outcome(
            Verdict.FAIL, Reason.CLIENT_BUG, detail=detail,
            reason=f"Scripe refused “{name}” because of a problem in this app.",
        )  # fmt: skip
    if isinstance(exc, ApiError) and exc.details.get("reason") == "project_not_found":
        data = {"project_id": exc.details.get("projectId")}
        return Outcome(
            Verdict.NEEDS_DESTINATION, Reason.PROJECT_GONE, data, detail=detail,
            reason="The project was deleted in Scripe; choose where to send these.",
        )  # fmt: skip
    return _item_failure(exc, name)


def held(kind: cond.ConditionKind, conditions: cond.Conditions, now: float) -> Outcome:
    """A whole-queue condition holds an item before its next request (no request sent)."""
    found = next((c for c in conditions.active() if c.kind is kind), None)
    if kind is cond.ConditionKind.SPEND_CAP and found is not None:
        return _spend_cap_outcome(found, found.detail)
    code = {
        cond.ConditionKind.KEY_NEEDED: Reason.KEY_NEEDED,
        cond.ConditionKind.PERMISSION: Reason.PERMISSION,
        cond.ConditionKind.RATE_LIMITED: Reason.RATE_LIMITED,
    }.get(kind, Reason.BUSY)
    until = found.retry_at or found.until if found else None
    return Outcome(
        Verdict.WAIT, code, {"retry_at": until} if until else {}, delay=_left(until, now)
    )


def _left(until: float | None, now: float) -> float | None:
    return None if until is None else max(0.0, until - now)


def _spend_cap_outcome(c: cond.Condition, detail: str | None) -> Outcome:
    data = {"until": c.until, "retry_at": c.retry_at}
    return Outcome(Verdict.WAIT, Reason.SPEND_CAP, data, detail=detail, condition=c)


def _retry(exc: ScripeError, name: str, attempts: int, now: float) -> Outcome:
    status = getattr(exc, "status", None)
    detail = str(exc)
    if status is not None and status >= 500 and status != 503 and attempts > MAX_SERVER_ERRORS:
        return Outcome(
            Verdict.FAIL, Reason.SERVER_FAILED, detail=detail,
            reason=f"Scripe kept failing while handling “{name}”.",
        )  # fmt: skip
    delay = exc.retry_after if exc.retry_after is not None else backoff(attempts)
    data = {"retry_at": now + delay}
    if isinstance(exc, StorageStalled) and exc.api_answers:
        # Scripe answers, only the storage stopped taking bytes: slow storage, not "offline"
        text = "Uploading stalled (the storage service is slow); retrying shortly."
        return Outcome(Verdict.RETRY, Reason.STORAGE_STALLED, data, text, detail, delay)
    if isinstance(exc, StorageUnreachable) and exc.api_answers:
        # Scripe answers, the storage address can't be reached: not "offline", a new URL
        text = "The storage service could not be reached; retrying shortly."
        return Outcome(Verdict.RETRY, Reason.STORAGE_UNREACHABLE, data, text, detail, delay)
    if isinstance(exc, NetworkError):
        c = cond.offline(detail)
        return Outcome(
            Verdict.RETRY, Reason.OFFLINE, data, "Waiting for a connection…", detail, delay, c
        )
    if status == 429:
        c = cond.rate_limited(now + delay)
        text = "Scripe asked us to slow down; retrying shortly."
        return Outcome(Verdict.RETRY, Reason.RATE_LIMITED, data, text, detail, delay, c)
    # 5xx, storage hiccups, and a 2xx answer we could not read (ProtocolError): Scripe is
    # reachable, so this is "busy", never "offline".
    text = "Scripe is busy; retrying shortly."
    return Outcome(Verdict.RETRY, Reason.BUSY, data, text, detail, delay)


def _item_failure(exc: ScripeError, name: str) -> Outcome:
    detail = str(exc)
    if isinstance(exc, StorageError):
        return Outcome(
            Verdict.FAIL, Reason.STORAGE_REFUSED, {"code": exc.s3_code}, detail=detail,
            reason=f"The storage service refused “{name}” ({exc.s3_code}).",
        )  # fmt: skip
    if isinstance(exc, ApiError) and exc.status == 413:
        return Outcome(
            Verdict.FAIL,
            Reason.TOO_LARGE,
            detail=detail,
            reason=f"“{name}” is too large for Scripe.",
        )
    message = exc.message if isinstance(exc, ApiError) else detail
    return Outcome(
        Verdict.FAIL, Reason.REFUSED, {"message": message}, detail=detail,
        reason=f"Scripe refused “{name}”: {message}",
    )  # fmt: skip


class ErrorPolicy:
    """Applies outcomes to items (and conditions to the whole queue)."""

    def __init__(
        self, queue: QueueState, conditions: cond.Conditions, clock: Callable[[], float]
    ) -> None:
        self.queue = queue
        self.conditions = conditions
        self.clock = clock
        # One budget per kind and item (issue 11): earlier 503s or network errors must not use
        # up the 500s' budget. In memory: a restart or a person's retry starts it anew.
        self._budgets: dict[tuple[int, str], int] = {}

    def _spend(self, item_id: int, kind: str) -> int:
        key = (item_id, kind)
        self._budgets[key] = self._budgets.get(key, 0) + 1
        return self._budgets[key]

    def judge(self, row: ItemRow, exc: BaseException) -> Outcome:
        """What a step's failure means for this item (its budgets counted), not yet applied."""
        status = getattr(exc, "status", None)
        counted = row.attempts + 1
        if isinstance(exc, ApiError) and status is not None and 500 <= status != 503:
            counted = self._spend(row.id, "server")  # the 500 budget counts 500s only
        outcome = classify(exc, row.name, counted, self.clock(), self.conditions)
        if isinstance(exc, ProtocolError) and self._spend(row.id, "answer") > MAX_BAD_ANSWERS:
            outcome = Outcome(
                Verdict.FAIL, Reason.SERVER_FAILED, detail=str(exc),
                reason=f"Scripe kept sending answers this app doesn't understand for "
                f"“{row.name}”. Retry later, or update Scripe Desktop.",
            )  # fmt: skip
        log.warning("item %s: %s (%s)", row.id, outcome.code.value, outcome.detail or exc)
        return outcome

    def handle(
        self, row: ItemRow, exc: BaseException, *, stopped: Callable[[], bool] = lambda: False
    ) -> Outcome:
        """An unexpected failure, raised to the worker: judged and applied at once."""
        outcome = self.judge(row, exc)
        self.apply(row, outcome, stopped=stopped)
        return outcome

    def apply(
        self,
        row: ItemRow,
        outcome: Outcome,
        *,
        attempts: int | None = None,
        stopped: Callable[[], bool] = lambda: False,
    ) -> None:
        if outcome.condition is not None:
            self.conditions.set(outcome.condition)
        reason = {"reason_code": outcome.code.value, "reason_data": outcome.data}
        if outcome.verdict is Verdict.FAIL:
            self.fail(row, outcome.reason or "", outcome.detail, outcome.code, outcome.data)
            return
        if outcome.verdict is Verdict.NEEDS_DESTINATION:
            # refused: nothing was attached, so the next attach (elsewhere) gets a new key
            self.queue.duplicates.release(row.id)
            self.queue.update_batch(
                row.batch_id, target=Target(AttachKind.UNSET), target_problem=outcome.code.value
            )
            self.queue.update(
                row.id, unless=lambda _: stopped(), state=ItemState.NEEDS_DESTINATION.value,
                reason=outcome.reason, detail=outcome.detail, attach_key=None, **reason,
            )  # fmt: skip
            return
        until = self.clock() + outcome.delay if outcome.delay is not None else 0.0
        values: dict[str, Any] = {}
        if outcome.verdict is Verdict.RETRY:
            values["attempts"] = attempts if attempts is not None else row.attempts + 1
        if outcome.code is Reason.SPEND_CAP:
            until = outcome.data.get("retry_at") or outcome.data.get("until") or 0.0
        self.queue.update(
            row.id, unless=lambda _: stopped(), state=ItemState.WAITING.value,
            next_attempt_at=until, reason=outcome.reason, detail=outcome.detail, **reason, **values,
        )  # fmt: skip

    def fail(
        self,
        row: ItemRow,
        reason: str,
        detail: str | None,
        code: Reason = Reason.UNEXPECTED,
        data: dict[str, Any] | None = None,
    ) -> None:
        for kind in ("server", "answer"):
            self._budgets.pop((row.id, kind), None)
        self.queue.duplicates.release(row.id)
        self.queue.update(
            row.id, state=ItemState.FAILED.value, reason=reason, detail=detail,
            reason_code=code.value, reason_data=data or {},
        )  # fmt: skip
