"""Folding a run of engine events into what the window needs to show (plain Python, no Qt).

Why new rows are paced and changes are not: inserting rows into the model costs the same few
milliseconds whether it is 50 rows or 2,000 (the proxy and the view re-map every row; measured
7–9 ms at 20,000 rows), so a folder that arrives as hundreds of small inserts would keep the GUI
thread busy for nothing. New rows therefore wait until a few times the last insert's cost has
passed (``pace``); changes to rows already shown, byte counts, totals and conditions go out
with the very next delivery.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from scripe_desktop.engine.events import (
    BatchSummary,
    Condition,
    ConditionsChanged,
    Event,
    ItemAdded,
    ItemChanged,
    ItemProgress,
    ItemRemoved,
    ItemSnapshot,
    RetargetReport,
    ScanProgress,
    Totals,
    TotalsChanged,
)

MIN_GAP = 0.016  # seconds between inserts of new rows, at the least
MAX_GAP = 0.25
COST_FACTOR = 4.0  # the GUI spends at most about a fifth of its time inserting rows


@dataclass
class Delivery:
    removed: list[int] = field(default_factory=list)
    upserts: dict[int, ItemSnapshot] = field(default_factory=dict)  # arrival order of latest
    progress: dict[int, tuple[int, int]] = field(default_factory=dict)
    scans: dict[int, ScanProgress] = field(default_factory=dict)
    summaries: list[BatchSummary] = field(default_factory=list)
    reports: list[RetargetReport] = field(default_factory=list)  # after a destination change
    conditions: tuple[Condition, ...] | None = None
    totals: Totals | None = None


class Coalescer:
    """Holds new rows between paced inserts; everything else passes through folded."""

    def __init__(self) -> None:
        self.adds: dict[int, ItemSnapshot] = {}  # new rows not yet handed to the window
        self._next_insert = 0.0
        self.gap = MIN_GAP

    def fold(self, events: list[Event], now: float, *, flush_adds: bool = False) -> Delivery:
        out = Delivery()
        adds = self.adds
        for ev in events:
            if isinstance(ev, ItemAdded | ItemChanged):
                item = ev.item
                out.progress.pop(item.id, None)  # the snapshot carries its own byte count
                if item.id in out.removed:
                    out.removed.remove(item.id)
                if isinstance(ev, ItemAdded) or item.id in adds:
                    adds.pop(item.id, None)
                    adds[item.id] = item
                else:
                    out.upserts.pop(item.id, None)  # re-insert keeps arrival order of latest
                    out.upserts[item.id] = item
            elif isinstance(ev, ItemProgress):
                if ev.item_id in adds:
                    adds[ev.item_id] = replace(adds[ev.item_id], bytes_sent=ev.bytes_sent)
                else:
                    out.progress[ev.item_id] = (ev.bytes_sent, ev.total)
            elif isinstance(ev, ItemRemoved):
                adds.pop(ev.item_id, None)
                out.upserts.pop(ev.item_id, None)
                out.progress.pop(ev.item_id, None)
                out.removed.append(ev.item_id)
            elif isinstance(ev, ScanProgress):
                out.scans[ev.batch_id] = ev
            elif isinstance(ev, BatchSummary):
                out.summaries.append(ev)
            elif isinstance(ev, RetargetReport):
                out.reports.append(ev)
            elif isinstance(ev, ConditionsChanged):
                out.conditions = ev.conditions
            elif isinstance(ev, TotalsChanged):
                out.totals = ev.totals
        if adds and (flush_adds or now >= self._next_insert):
            out.upserts = {**adds, **out.upserts}  # new rows first, then changes
            self.adds = {}
        return out

    def inserted(self, started: float, finished: float) -> None:
        """Record an insert's cost: the next one waits a few times as long."""
        self.gap = min(MAX_GAP, max(MIN_GAP, COST_FACTOR * (finished - started)))
        self._next_insert = finished + self.gap

    def wait(self, now: float) -> float | None:
        """Seconds until held rows may go out (None: nothing held)."""
        if not self.adds:
            return None
        return max(0.0, self._next_insert - now)
