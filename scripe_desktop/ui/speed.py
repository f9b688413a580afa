"""Upload speed from the bytes sent in the last few seconds, per file.

Why not the engine's running average: a person reads "3.1 MB/s" as "right now". A file that
sent nothing for a few seconds (stalled, offline, the server slow to answer) has no speed at
all, and a restarted PUT starts a new measurement.
"""

from __future__ import annotations

from collections import deque

WINDOW_S = 5.0  # speed = bytes sent over the last few seconds
STALL_S = 3.0  # nothing sent for this long: no speed shown
MIN_SPAN_S = 0.5  # too short a span gives silly figures
# Progress arrives once per chunk sent (1 MiB): on a slow line that is every few seconds, so
# "stalled" and the measuring window stretch to a few of this upload's own intervals.
CADENCE_FACTOR = 2.5


class SpeedMeter:
    """(time, bytes) samples of one upload; cheap to feed many times a second."""

    __slots__ = ("_interval", "_last_increase", "_samples")

    def __init__(self) -> None:
        # a deque only once bytes move: an empty one is ~600 bytes, 30 MB for 50,000 rows
        self._samples: deque[tuple[float, int]] | tuple[()] = ()
        self._last_increase: float | None = None
        self._interval = 0.0  # typical time between two progress reports

    def reset(self) -> None:
        self._samples = ()
        self._last_increase = None
        self._interval = 0.0

    def _stall_after(self) -> float:
        return max(STALL_S, CADENCE_FACTOR * self._interval)

    def _window(self) -> float:
        return max(WINDOW_S, 2 * CADENCE_FACTOR * self._interval)

    def add(self, now: float, sent: int) -> None:
        if self._samples:
            last_t, last_b = self._samples[-1]
            if sent < last_b or now < last_t:  # the PUT restarted (or a new clock)
                self.reset()
            elif sent == last_b:
                return
        if self._samples or sent > 0:
            if self._last_increase is not None:
                gap = now - self._last_increase
                self._interval = gap if not self._interval else 0.7 * self._interval + 0.3 * gap
            self._last_increase = now
        if not isinstance(self._samples, deque):
            self._samples = deque()
        self._samples.append((now, sent))
        # keep one sample older than the window as the base of the measurement
        while len(self._samples) > 2 and self._samples[1][0] < now - self._window():
            self._samples.popleft()

    def speed(self, now: float) -> float:
        """Bytes per second over the last few seconds; 0 when stalled or unknown."""
        if self._last_increase is None or now - self._last_increase > self._stall_after():
            return 0.0
        if len(self._samples) < 2:
            return 0.0
        base_t, base_b = self._samples[0]
        span = now - base_t
        if span < MIN_SPAN_S:
            return 0.0
        return max(0.0, (self._samples[-1][1] - base_b) / span)

    def stalled(self, now: float) -> bool:
        """Bytes moved before, but none for a while (False before the first report)."""
        return self._last_increase is not None and now - self._last_increase > self._stall_after()
