"""The one adapter between the engine (plain Python, worker threads) and Qt (the GUI thread).

Why a buffer and a timer rather than one queued signal per event: a 10,000-file drop produces
10,000 ``ItemAdded`` events and every upload reports progress many times a second. Posting each
one to the GUI thread would flood its event queue. The engine's callback (any thread) only
appends to a locked buffer and, when the buffer was empty, wakes the GUI thread with one queued
signal; the GUI thread then drains it after a short delay, coalesced: the latest snapshot per
item, the latest byte count per item, the latest totals and conditions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

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
    Target,
    Totals,
    TotalsChanged,
)

from .workers import run_task

log = logging.getLogger(__name__)

DRAIN_DELAY_MS = 60  # normal latency from an engine event to the screen
BUSY_DRAIN_DELAY_MS = 400  # while events pour in (a big folder), repaint less often
BUSY_EVENTS = 200


class EngineLike(Protocol):
    """The part of ``UploadEngine`` the GUI uses (typing only; the real engine is passed in)."""

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]: ...
    def items(self) -> list[ItemSnapshot]: ...
    def totals(self) -> Totals: ...
    def conditions_now(self) -> tuple[Condition, ...]: ...


class EngineBridge(QObject):
    """Subscribes to an engine; re-emits its events, coalesced, as GUI-thread signals."""

    itemsUpserted = Signal(object)  # list[ItemSnapshot], added or changed, in arrival order
    itemsRemoved = Signal(object)  # list[int]
    progressUpdated = Signal(object)  # {item_id: (bytes_sent, total)}
    scanProgress = Signal(object)  # ScanProgress (latest per batch)
    batchFinished = Signal(object)  # BatchSummary
    conditionsChanged = Signal(object)  # tuple[Condition, ...]
    totalsChanged = Signal(object)  # Totals
    retargetReported = Signal(object)  # RetargetReport (files already attached elsewhere)
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._buffer: list[Event] = []
        self._engine: Any = None
        self._unsubscribe: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAIN_DELAY_MS)
        self._timer.timeout.connect(self.drain)
        # AutoConnection: emitted from an engine thread, the slot runs queued on our thread.
        self._wake.connect(self._on_wake)
        self._commands = QThreadPool(self)
        self._commands.setMaxThreadCount(1)

    @property
    def engine(self) -> Any:
        """The engine being observed (None before :meth:`attach`)."""
        return self._engine

    def attach(self, engine: EngineLike) -> None:
        """Subscribe first, then take the snapshot, so no event falls in between."""
        self.detach()
        self._engine = engine
        self._unsubscribe = engine.subscribe(self.post)
        self.itemsUpserted.emit(list(engine.items()))
        self.conditionsChanged.emit(tuple(engine.conditions_now()))
        self.totalsChanged.emit(engine.totals())

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._engine = None
        with self._lock:
            self._buffer.clear()

    def post(self, event: Event) -> None:
        """The engine's callback: called from any thread, must return at once."""
        with self._lock:
            was_empty = not self._buffer
            self._buffer.append(event)
        if was_empty:
            self._wake.emit()

    @Slot()
    def _on_wake(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def drain(self) -> None:
        """Deliver everything buffered so far, coalesced (also callable directly by tests)."""
        with self._lock:
            events, self._buffer = self._buffer, []
        if not events:
            return
        # Every delivery makes the table repaint, and each repaint calls into Python hundreds
        # of times, each time competing with the engine's threads for the GIL. Under a flood,
        # deliver bigger batches less often; the queue still fills visibly.
        busy = len(events) > BUSY_EVENTS
        self._timer.setInterval(BUSY_DRAIN_DELAY_MS if busy else DRAIN_DELAY_MS)
        upserts: dict[int, ItemSnapshot] = {}
        progress: dict[int, tuple[int, int]] = {}
        removed: list[int] = []
        scans: dict[int, ScanProgress] = {}
        summaries: list[BatchSummary] = []
        reports: list[RetargetReport] = []
        conditions: tuple[Condition, ...] | None = None
        totals: Totals | None = None
        for ev in events:
            if isinstance(ev, ItemAdded | ItemChanged):
                upserts.pop(ev.item.id, None)  # re-insert keeps arrival order of latest
                upserts[ev.item.id] = ev.item
                progress.pop(ev.item.id, None)  # the snapshot carries its own byte count
                if ev.item.id in removed:
                    removed.remove(ev.item.id)
            elif isinstance(ev, ItemProgress):
                progress[ev.item_id] = (ev.bytes_sent, ev.total)
            elif isinstance(ev, ItemRemoved):
                upserts.pop(ev.item_id, None)
                progress.pop(ev.item_id, None)
                removed.append(ev.item_id)
            elif isinstance(ev, ScanProgress):
                scans[ev.batch_id] = ev
            elif isinstance(ev, BatchSummary):
                summaries.append(ev)
            elif isinstance(ev, RetargetReport):
                reports.append(ev)
            elif isinstance(ev, ConditionsChanged):
                conditions = ev.conditions
            elif isinstance(ev, TotalsChanged):
                totals = ev.totals
        if removed:
            self.itemsRemoved.emit(removed)
        if upserts:
            self.itemsUpserted.emit(list(upserts.values()))
        if progress:
            self.progressUpdated.emit(progress)
        for scan in scans.values():
            self.scanProgress.emit(scan)
        for summary in summaries:
            self.batchFinished.emit(summary)
        for report in reports:
            self.retargetReported.emit(report)
        if conditions is not None:
            self.conditionsChanged.emit(conditions)
        if totals is not None:
            self.totalsChanged.emit(totals)

    # -- commands ---------------------------------------------------------------------------
    # The engine's commands write to its SQLite queue on the calling thread. To keep SQLite off
    # the GUI thread they run on a one-thread pool: in the order given, never concurrently.

    def add_paths(
        self,
        paths: list[Path],
        target: Target | None,
        *,
        hold: bool = False,
        problem: str | None = None,
        on_added: Callable[[int], None] | None = None,
    ) -> None:
        """Queue a drop; ``on_added(batch_id)`` is called on the GUI thread once it exists.
        ``target`` None: no usable destination yet (``problem`` is the reason code)."""
        paths = list(paths)
        self._submit(lambda e: e.add_paths(paths, target, hold=hold, problem=problem), on_added)

    def call(self, method: str, *args: Any) -> None:
        """Invoke an engine command by name (pause, resume, cancel, retry, remove, ...)."""
        self._submit(lambda e: getattr(e, method)(*args), None)

    def _submit(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None) -> None:
        engine = self._engine
        if engine is None:
            log.warning("engine command dropped: no engine yet")
            return
        run_task(
            lambda: fn(engine),
            on_done or (lambda _r: None),
            lambda exc: log.error("engine command failed: %r", exc),
            context=self,
            pool=self._commands,
        )

    def wait_for_commands(self, msecs: int = 10_000) -> bool:
        """Block until queued commands ran (shutdown and tests)."""
        return bool(self._commands.waitForDone(msecs))
