"""A movable clock, so tests can jump over URL expiry, the 24 h GC or a job's duration."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta


class Clock:
    """Wall-clock time plus an offset that only ever grows.

    It keeps running on its own (jobs finish when the sandbox is used by hand) and tests move
    it forward with :meth:`advance` instead of sleeping.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds since the epoch, sandbox time."""
        with self._lock:
            return time.time() + self._offset

    def now_dt(self) -> datetime:
        """Sandbox time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now(), tz=UTC)

    def advance(self, seconds: float) -> float:
        """Move the clock forward; returns the new time."""
        if seconds < 0:
            raise ValueError("the sandbox clock only moves forward")
        with self._lock:
            self._offset += seconds
        return self.now()


def iso(ts: float) -> str:
    """ISO-8601 UTC with milliseconds and a ``Z``, as the API writes timestamps."""
    dt = datetime.fromtimestamp(ts, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def next_utc_midnight(ts: float) -> float:
    """The next 00:00 UTC after ``ts`` (when the daily spend cap resets)."""
    dt = datetime.fromtimestamp(ts, tz=UTC)
    midnight = datetime(dt.year, dt.month, dt.day, tzinfo=UTC) + timedelta(days=1)
    return midnight.timestamp()


def utc_day(ts: float) -> str:
    """The UTC calendar day of ``ts`` (the spend cap's accounting period)."""
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%d")
