"""Timing policies: retry backoff, a shared bandwidth limit, a speed meter."""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable


def backoff(attempt: int, *, base: float = 1.0, cap: float = 30.0) -> float:
    """Full-jitter exponential backoff: attempt 1 waits up to ``base``, doubling to ``cap``."""
    ceiling = min(cap, base * (2 ** min(max(0, attempt - 1), 20)))  # no overflow after days
    return random.uniform(ceiling / 2, ceiling)


class RateLimiter:
    """A token bucket shared by every worker, so the limit applies to the app as a whole.

    ``rate`` is bytes per second; None means unlimited. Changing it takes effect at once.
    """

    def __init__(self, rate: int | None = None, *, sleep: Callable[[float], None] = time.sleep):
        self._lock = threading.Lock()
        self._rate = rate
        self._tokens = 0.0
        self._stamp = time.monotonic()
        self._sleep = sleep

    @property
    def rate(self) -> int | None:
        return self._rate

    def set_rate(self, rate: int | None) -> None:
        with self._lock:
            self._rate = rate if rate and rate > 0 else None
            self._tokens = 0.0
            self._stamp = time.monotonic()

    def acquire(self, n: int, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Book ``n`` bytes and wait off any debt (in slices, so a pause stays responsive)."""
        with self._lock:
            rate = self._rate
            if rate is None:
                return
            now = time.monotonic()
            # Allow a burst of at most one second of traffic.
            self._tokens = min(float(rate), self._tokens + (now - self._stamp) * rate)
            self._stamp = now
            self._tokens -= n
            wait = -self._tokens / rate
        deadline = time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0:
            if should_stop() or self._rate is None:
                return
            self._sleep(min(left, 0.2))


class SpeedMeter:
    """Bytes per second over a sliding window; fed by every worker."""

    def __init__(self, window: float = 3.0) -> None:
        self._window = window
        self._samples: deque[tuple[float, int]] = deque()
        self._lock = threading.Lock()

    def add(self, nbytes: int) -> None:
        if nbytes <= 0:
            return
        now = time.monotonic()
        with self._lock:
            self._samples.append((now, nbytes))
            self._trim(now)

    def rate(self) -> float:
        now = time.monotonic()
        with self._lock:
            self._trim(now)
            if not self._samples:
                return 0.0
            total = sum(n for _, n in self._samples)
            span = max(now - self._samples[0][0], 0.5)
            return total / span

    def _trim(self, now: float) -> None:
        while self._samples and now - self._samples[0][0] > self._window:
            self._samples.popleft()
