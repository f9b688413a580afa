"""Whole-queue conditions (key needed, spend cap, offline...) and what they block."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from scripe_desktop.api import ApiError, Deprecation

from .events import Condition, ConditionKind, ConditionsChanged, Event
from .store_safety import PASSING, QueueStoreError

# Conditions that stop every request until a person acts.
BLOCKING = frozenset({ConditionKind.KEY_NEEDED, ConditionKind.PERMISSION})
SPEND_RECHECK = 180.0  # a lifted daily limit is noticed within three minutes, not at 00:00 UTC


class Conditions:
    """The set in force; every change is announced as one ConditionsChanged event.

    Announced under the lock: two threads changing the set (one file's answer raises "offline",
    another's clears it) announce in the order they changed it, so the last snapshot anyone
    receives is the set in force, not an older one overtaking it."""

    def __init__(self, emit: Callable[[Event], None], clock: Callable[[], float]) -> None:
        self._emit = emit
        self._clock = clock
        self._lock = threading.RLock()  # a subscriber may ask (has, active) while told
        self._active: dict[ConditionKind, Condition] = {}
        self._probe: dict[ConditionKind, int] = {}  # who makes the re-check now (an item id)

    def set(self, cond: Condition) -> None:
        with self._lock:
            if self._active.get(cond.kind) == cond:
                return
            self._active[cond.kind] = cond
            self._probe.pop(cond.kind, None)  # a fresh answer: the re-check is over
            self._emit(ConditionsChanged(tuple(self._active.values())))

    def clear(self, *kinds: ConditionKind) -> None:
        with self._lock:
            removed = [k for k in kinds if self._active.pop(k, None) is not None]
            for k in kinds:
                self._probe.pop(k, None)
            if removed:
                self._emit(ConditionsChanged(tuple(self._active.values())))

    def active(self) -> tuple[Condition, ...]:
        self.expire()
        with self._lock:
            return tuple(self._active.values())

    def has(self, kind: ConditionKind) -> bool:
        self.expire()
        with self._lock:
            return kind in self._active

    def blocked(self) -> bool:
        """True while no network work may start (a bad key, a missing scope)."""
        with self._lock:
            return any(k in self._active for k in BLOCKING)

    def holding(self, kind: ConditionKind) -> bool:
        """In force and not yet due for a re-check (``retry_at``): work it blocks stays put."""
        now = self._clock()
        with self._lock:
            c = self._active.get(kind)
            return c is not None and (c.retry_at is None or now < c.retry_at)

    def admit(self, kind: ConditionKind, who: int = 0) -> bool:
        """May ``who`` send a request past ``kind`` now? Yes when it is not in force. When it
        is due for its re-check, yes for the first caller only (and for it again until an
        answer sets or clears ``kind``): the re-check time moves on at once, so a queue waiting
        out a daily limit sends one request per re-check, not one per file."""
        now = self._clock()
        with self._lock:
            c = self._active.get(kind)
            if c is None:
                return True
            if who and self._probe.get(kind) == who:
                return True  # the re-check's own file, sent again (e.g. a fresh upload first)
            if c.retry_at is None or now < c.retry_at:
                return False
            self._probe[kind] = who
            later = now + SPEND_RECHECK
            self._active[kind] = replace(c, retry_at=min(c.until, later) if c.until else later)
            self._emit(ConditionsChanged(tuple(self._active.values())))
        return True

    def recheck_now(self, kind: ConditionKind) -> None:
        """ "Try now": the next request past ``kind`` is its re-check (one, as ``admit`` says)."""
        with self._lock:
            c = self._active.get(kind)
            if c is None or c.retry_at is None:
                return
            self._active[kind] = replace(c, retry_at=self._clock())
            self._emit(ConditionsChanged(tuple(self._active.values())))

    def wait_until(self, kind: ConditionKind) -> float | None:
        with self._lock:
            cond = self._active.get(kind)
            return cond.until if cond else None

    def expire(self) -> None:
        """Drop conditions whose ``until`` has passed (spend cap reset, rate limit over)."""
        now = self._clock()
        with self._lock:
            gone = [k for k, c in self._active.items() if c.until is not None and c.until <= now]
        if gone:
            self.clear(*gone)


def key_needed(err: ApiError) -> Condition:
    messages = {
        "key_revoked": "Your API key was revoked in Scripe.",
        "key_expired": "Your API key has expired.",
    }
    first = messages.get(err.code, "Scripe didn't accept your API key.")
    return Condition(
        ConditionKind.KEY_NEEDED,
        f"{first} Uploads are paused and nothing is lost: enter a new key to continue.",
        str(err),
    )


def permission(err: ApiError) -> Condition:
    if err.code == "plan_not_eligible":
        text = "Your Scripe plan doesn't include API access. Uploads are paused."
    else:
        required = err.details.get("required") or []
        needed = ", ".join(str(s) for s in required) or "a missing permission"
        text = f"Your API key lacks the permission “{needed}”. Create a key with it to continue."
    return Condition(ConditionKind.PERMISSION, text, str(err))


def spend_cap(err: ApiError, now: float) -> Condition:
    until = _reset_time(err.meta, now)
    return spend_cap_until(until, now, str(err))


def spend_cap_until(until: float, now: float, detail: str | None = None) -> Condition:
    when = datetime.fromtimestamp(until, UTC).strftime("%H:%M UTC")
    return Condition(
        ConditionKind.SPEND_CAP,
        f"Today's processing limit in Scripe is reached. Files keep uploading and will be "
        f"processed after {when}.",
        detail,
        until,
        retry_at=min(until, now + SPEND_RECHECK),
    )


def _reset_time(meta: dict[str, Any], now: float) -> float:
    for key in ("resetsAt", "resetAt", "resets_at"):
        value = meta.get(key)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                pass
    today = datetime.fromtimestamp(now, UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (today + timedelta(days=1)).timestamp()


def rate_limited(until: float) -> Condition:
    return Condition(
        ConditionKind.RATE_LIMITED,
        "Scripe asked us to slow down; uploads continue in a moment.",
        None,
        until,
    )


def offline(detail: str) -> Condition:
    return Condition(
        ConditionKind.OFFLINE,
        "Waiting for a connection… Uploads will continue by themselves.",
        detail,
    )


def queue_unwritable(err: QueueStoreError, waiting: int = 0) -> Condition:
    """The queue file failed under a running engine. Replaced or damaged: nothing more is
    done until a restart. Full or read-only (``PASSING``): the file is tried again every few
    seconds and ``data`` also says so (``retrying``) and how many dropped paths are held until
    it works (``waiting``, see held_drops.py)."""
    data = err.data
    message = str(err)
    if isinstance(err, PASSING):
        data = {**data, "retrying": True, "waiting": waiting}
        if data["problem"] == "disk_full":  # not "run resume": this engine goes on by itself
            message = (
                f"Not enough disk space for the upload queue at {err.path}. Free some space: "
                "uploads continue by themselves, and nothing queued is lost."
            )
        else:
            message = f"{message} Uploads continue by themselves once it can be written."
        if waiting:
            message += f" {waiting} dropped item(s) will be added then."
    elif waiting:  # held for a full disk, then the file was replaced: they can't be added
        data = {**data, "waiting": waiting}
    return Condition(
        ConditionKind.QUEUE_UNWRITABLE,
        message,
        f"{type(err).__name__}: {err.path}",
        data=data,
    )


def deprecation(dep: Deprecation) -> Condition:
    when = f" on {dep.sunset}" if dep.sunset else ""
    return Condition(
        ConditionKind.DEPRECATION,
        f"Scripe will stop supporting this version of the app{when}. Please update Scripe Desktop.",
        dep.raw,
    )
