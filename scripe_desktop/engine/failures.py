"""What a failure means for an item and for the whole queue.

Decided by the error's kind, never by its message: retry later, stop everything and ask for a
key, pause attaching until the spend cap resets, or fail this one file with a plain sentence.
Nothing here ever deletes a queued file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from scripe_desktop.api import (
    ApiError,
    ErrorKind,
    NetworkError,
    ProtocolError,
    ScripeError,
    StorageError,
)
from scripe_desktop.api.client import MalformedKeyError

from . import conditions as cond
from .events import ItemState
from .pacing import backoff
from .queue import QueueState
from .store import ItemRow

log = logging.getLogger(__name__)

MAX_SERVER_ERRORS = 6  # 500s are retried a bounded number of times; 503/429/offline forever
MAX_BAD_ANSWERS = 6  # a 2xx we can't understand: also bounded, then a plain failure


class NoKeyError(Exception):
    """No API key is configured: the queue waits for one."""


class ErrorPolicy:
    def __init__(
        self, queue: QueueState, conditions: cond.Conditions, clock: Callable[[], float]
    ) -> None:
        self.queue = queue
        self.conditions = conditions
        self.clock = clock
        # One budget per kind and item: earlier 503s or network errors must not use up the
        # 500s' budget (in memory: a restart, a person's retry, start it anew).
        self._budgets: dict[tuple[int, str], int] = {}

    def handle(
        self, row: ItemRow, exc: BaseException, *, stopped: Callable[[], bool] = lambda: False
    ) -> None:
        from .pipeline import ItemGone, SpendCapWait, TwinPending  # pipeline imports us

        name = row.name
        if isinstance(exc, SpendCapWait):
            until = self.conditions.wait_until(cond.ConditionKind.SPEND_CAP)
            self._wait(row, until=until, stopped=stopped)
            return
        if isinstance(exc, TwinPending):
            self._wait(row, until=self.clock() + 2.0, stopped=stopped)
            return
        if isinstance(exc, ItemGone):
            self.fail(row, str(exc), None)
            return
        if isinstance(exc, NoKeyError | MalformedKeyError):
            self.conditions.set(
                cond.Condition(cond.ConditionKind.KEY_NEEDED, "Enter your Scripe API key to start.")
            )
            self._wait(row, stopped=stopped)
            return
        if isinstance(exc, PermissionError | FileNotFoundError | IsADirectoryError):
            self.fail(row, f"“{name}” can't be read anymore.", repr(exc))
            return
        if not isinstance(exc, ScripeError):
            log.exception("unexpected failure on item %s", row.id, exc_info=exc)
            self.fail(row, f"Something went wrong with “{name}”.", repr(exc))
            return

        kind = exc.kind
        log.warning("item %s (%s): %s", row.id, kind.value, exc)
        if kind is ErrorKind.AUTH and isinstance(exc, ApiError):
            self.conditions.set(cond.key_needed(exc))
            self._wait(row, stopped=stopped)
        elif kind is ErrorKind.PERMISSION and isinstance(exc, ApiError):
            self.conditions.set(cond.permission(exc))
            self._wait(row, stopped=stopped)
        elif kind is ErrorKind.SPEND_CAP and isinstance(exc, ApiError):
            condition = cond.spend_cap(exc, self.clock())
            self.conditions.set(condition)
            self._wait(row, until=condition.until, stopped=stopped)
        elif kind is ErrorKind.RETRY or kind is ErrorKind.EXPIRED:
            self._retry(row, exc, stopped)
        elif kind is ErrorKind.CLIENT_BUG:
            log.error("request refused as malformed (a bug in this app): %s", exc)
            self.fail(row, f"Scripe refused “{name}” because of a problem in this app.", str(exc))
        else:
            self.fail(row, item_reason(name, exc), str(exc))

    def _retry(self, row: ItemRow, exc: ScripeError, stopped: Callable[[], bool]) -> None:
        attempts = row.attempts + 1
        status = getattr(exc, "status", None)
        server = isinstance(exc, ApiError) and status is not None and 500 <= status != 503
        if server and self._spend(row.id, "server") > MAX_SERVER_ERRORS:
            self.fail(row, f"Scripe kept failing while handling “{row.name}”.", str(exc))
            return
        if isinstance(exc, ProtocolError) and self._spend(row.id, "answer") > MAX_BAD_ANSWERS:
            self.fail(
                row,
                f"Scripe kept sending answers this app doesn't understand for “{row.name}”. "
                "Retry later, or update Scripe Desktop.",
                str(exc),
            )
            return
        delay = exc.retry_after if exc.retry_after is not None else backoff(attempts)
        now = self.clock()
        if isinstance(exc, NetworkError):
            self.conditions.set(cond.offline(str(exc)))
            reason = "Waiting for a connection…"
        elif status == 429:
            self.conditions.set(cond.rate_limited(now + delay))
            reason = "Scripe asked us to slow down; retrying shortly."
        else:
            reason = "Scripe is busy; retrying shortly."
        self.queue.update(
            row.id,
            unless=lambda _: stopped(),
            state=ItemState.WAITING.value,
            attempts=attempts,
            next_attempt_at=now + delay,
            reason=reason,
            detail=str(exc),
        )

    def _spend(self, item_id: int, kind: str) -> int:
        key = (item_id, kind)
        self._budgets[key] = self._budgets.get(key, 0) + 1
        return self._budgets[key]

    def _wait(
        self,
        row: ItemRow,
        until: float | None = None,
        *,
        stopped: Callable[[], bool] = lambda: False,
    ) -> None:
        """Back to the queue without counting an attempt (the condition, not the file, failed)."""
        self.queue.update(
            row.id,
            unless=lambda _: stopped(),
            state=ItemState.WAITING.value,
            next_attempt_at=until or 0.0,
        )

    def fail(self, row: ItemRow, reason: str, detail: str | None) -> None:
        for kind in ("server", "answer"):
            self._budgets.pop((row.id, kind), None)
        self.queue.store.forget_attached(row.id)
        self.queue.update(row.id, state=ItemState.FAILED.value, reason=reason, detail=detail)


def item_reason(name: str, exc: ScripeError) -> str:
    """One plain sentence for an item-level failure."""
    if isinstance(exc, StorageError):
        return f"The storage service refused “{name}” ({exc.s3_code})."
    if isinstance(exc, ApiError):
        lost = exc.details.get("reason") in ("upload_not_found", "upload_expired")
        if exc.status == 404 and lost:
            return f"Scripe no longer has the upload of “{name}”; it will be sent again."
        if exc.status == 404:
            return f"Scripe couldn't find the destination for “{name}”; choose another one."
        if exc.status == 413:
            return f"“{name}” is too large for Scripe."
        return f"Scripe refused “{name}”: {exc.message}"
    return f"“{name}” couldn't be uploaded."
