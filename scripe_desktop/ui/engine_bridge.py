"""The one GUI-side client of the engine: owns the pipe, hands plain data to Qt on the GUI thread.

Why the GUI thread reads the pipe itself: a reader thread that emitted a Qt signal per batch was
a Python thread making Qt calls, against the rule (and where the abort surfaced). A
``QSocketNotifier`` on the pipe wakes the event loop; each wake-up reads whole messages for at
most ``SLICE_SECONDS`` and leaves the rest for the next turn of the loop (the notifier fires
again while data waits), so a flood never holds the window. What was read in one slice is
coalesced (latest snapshot per item, latest byte count, totals, conditions) and delivered as a
few signals. Writing is the one thing done elsewhere: a plain thread sends the encoded commands,
in order, so a large drop never blocks the GUI on a full pipe; it touches no Qt object.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal, Slot

from scripe_desktop.engine import protocol as p
from scripe_desktop.engine.events import (
    Condition,
    ConditionsChanged,
    Event,
    ItemAdded,
    Target,
    TotalsChanged,
)
from scripe_desktop.engine.remote import STOPPED

from . import qt_fixes
from .coalesce import Coalescer

qt_fixes.install()
log = logging.getLogger(__name__)

SLICE_SECONDS = 0.008  # reading per wake-up: well under a frame
STOP_TIMEOUT_MS = 15_000

OnReply = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class EngineBridge(QObject):
    """Talks to one engine at a time over its pipe; re-emits its events as GUI-thread signals."""

    itemsUpserted = Signal(object)  # list[ItemSnapshot], added or changed, in arrival order
    itemsRemoved = Signal(object)  # list[int]
    progressUpdated = Signal(object)  # {item_id: (bytes_sent, total)}
    scanProgress = Signal(object)  # ScanProgress (latest per batch)
    batchFinished = Signal(object)  # BatchSummary
    retargetReported = Signal(object)  # RetargetReport (files already attached elsewhere)
    conditionsChanged = Signal(object)  # tuple[Condition, ...]
    totalsChanged = Signal(object)  # Totals
    connected = Signal()  # the snapshot is in: commands may flow
    startFailed = Signal(object)  # Exception rebuilt from the engine's answer
    engineLost = Signal()  # the engine stopped without being asked
    stopped = Signal()  # the engine stopped after stop() (or was lost while stopping)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handle: Any = None
        self._conn: Any = None
        self._notifier: QSocketNotifier | None = None
        self._outbox: queue.SimpleQueue[bytes | None] | None = None
        self._buffer: list[Event] = []
        self._callbacks: dict[int, tuple[OnReply | None, OnError | None]] = {}
        self._ids = iter(range(1, 1 << 62))
        self._batch_ids = range(0)  # the client's reserved, not yet used batch ids
        self._waiting_drops: list[tuple[list[Path], Target | None, bool, str | None, Any]] = []
        self._conditions: tuple[Condition, ...] = ()
        self._is_ready = False
        self._stopping = False
        self._gc = _LongLived()
        self._coalescer = Coalescer()
        self._adds_timer = QTimer(self)
        self._adds_timer.setSingleShot(True)
        self._adds_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._adds_timer.timeout.connect(self.drain)
        self._stop_timer = QTimer(self)
        self._stop_timer.setSingleShot(True)
        self._stop_timer.timeout.connect(self._stop_overdue)

    # -- connecting ---------------------------------------------------------------------------

    @property
    def is_connected(self) -> bool:
        return self._is_ready and self._conn is not None

    def attach(self, handle: Any) -> None:
        """Start talking to ``handle`` (an EngineProcess or EngineThread): its snapshot follows."""
        self._close_pipe()
        self.handle, self._conn = handle, handle.conn
        self._is_ready, self._stopping = False, False
        self._outbox = queue.SimpleQueue()
        threading.Thread(
            target=_write_loop, args=(self._conn, self._outbox), name="scripe-engine-write",
            daemon=True,
        ).start()  # fmt: skip
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    def detach(self) -> None:
        self._close_pipe()
        self.handle = None
        self._buffer.clear()
        self._coalescer = Coalescer()

    def _close_pipe(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._outbox is not None:
            self._outbox.put(None)
            self._outbox = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._is_ready = False
        self._batch_ids = range(0)
        self._callbacks.clear()

    # -- reading (GUI thread) -----------------------------------------------------------------

    @Slot()
    def _on_readable(self) -> None:
        deadline = time.perf_counter() + SLICE_SECONDS
        conn = self._conn
        try:
            while conn is not None and conn.poll(0):
                self._handle(p.loads(conn.recv_bytes()))
                if time.perf_counter() > deadline or conn is not self._conn:
                    break  # the notifier fires again for what is left
        except (EOFError, OSError):
            self.drain()
            self._on_closed()
            return
        except p.ProtocolError:
            log.exception("unreadable message from the engine")
        self.drain()

    def _handle(self, message: Any) -> None:
        if isinstance(message, p.Events):
            self._buffer.extend(message.events)
        elif isinstance(message, p.Reply | p.Failure):
            self._on_answer(message)
        elif isinstance(message, p.SnapshotPart):
            self._buffer.extend(ItemAdded(i) for i in message.items)
        elif isinstance(message, p.Ready):
            self._buffer.append(ConditionsChanged(message.conditions))
            self._buffer.append(TotalsChanged(message.totals))
            self._batch_ids = range(*message.batch_ids)
            self._is_ready = True
            self.drain(flush_adds=True)
            self.connected.emit()
            drops, self._waiting_drops = self._waiting_drops, []
            for paths, target, hold, problem, on_added in drops:
                self.add_paths(paths, target, hold=hold, problem=problem, on_added=on_added)
        elif isinstance(message, p.Bye):
            self._on_closed()

    def _on_answer(self, answer: p.Reply | p.Failure) -> None:
        if isinstance(answer, p.Failure) and answer.call_id == 0 and not self._is_ready:
            exc = p.rebuild(answer)
            self._close_pipe()
            self.startFailed.emit(exc)
            return
        on_reply, on_error = self._callbacks.pop(answer.call_id, (None, None))
        if isinstance(answer, p.Reply):
            if on_reply is not None:
                on_reply(answer.value)
            return
        exc = p.rebuild(answer)
        if on_error is not None:
            on_error(exc)
        else:
            log.error("engine command failed: %s (%s)", answer.message, answer.code)

    def _on_closed(self) -> None:
        if self._conn is None:
            return
        was_ready, stopping = self._is_ready, self._stopping
        self._close_pipe()
        self._stop_timer.stop()
        if stopping:
            self.stopped.emit()
        elif not was_ready:
            self.startFailed.emit(RuntimeError("the engine process exited while starting"))
        else:
            log.error("the engine process stopped unexpectedly")
            self.conditionsChanged.emit((*self._conditions, STOPPED))
            self.engineLost.emit()

    def post(self, event: Event) -> None:
        """GUI thread: deliver ``event`` with the next drain (tests feed the bridge this way)."""
        self._buffer.append(event)

    @Slot()
    def drain(self, flush_adds: bool = False) -> None:
        """Deliver everything read so far, coalesced; new rows are paced (see coalesce)."""
        events, self._buffer = self._buffer, []
        now = time.monotonic()
        wait = self._coalescer.wait(now)
        if not events and (wait is None or (wait > 0 and not flush_adds)):
            if wait and not self._adds_timer.isActive():  # a coarse timer may fire early
                self._adds_timer.start(int(wait * 1000) + 1)
            return
        held = len(self._coalescer.adds)
        d = self._coalescer.fold(events, now, flush_adds=flush_adds)
        if d.removed:
            self.itemsRemoved.emit(d.removed)
        if d.upserts:
            inserting = held + sum(isinstance(e, ItemAdded) for e in events) > 0
            started = time.monotonic()
            self.itemsUpserted.emit(list(d.upserts.values()))
            if inserting and not self._coalescer.adds:
                self._coalescer.inserted(started, time.monotonic())
            self._gc.grew(len(d.upserts))
        if d.progress:
            self.progressUpdated.emit(d.progress)
        for scan in d.scans.values():
            self.scanProgress.emit(scan)
        for summary in d.summaries:
            self.batchFinished.emit(summary)
        for report in d.reports:
            self.retargetReported.emit(report)
        if d.conditions is not None:
            self._conditions = d.conditions
            self.conditionsChanged.emit(d.conditions)
        if d.totals is not None:
            self.totalsChanged.emit(d.totals)
        wait = self._coalescer.wait(time.monotonic())
        if wait is not None and not self._adds_timer.isActive():
            self._adds_timer.start(int(wait * 1000) + 1)

    # -- commands (never wait) ----------------------------------------------------------------

    def send(
        self, command: p.Command, on_reply: OnReply | None = None, on_error: OnError | None = None
    ) -> int:
        """Queue ``command``; callbacks run on the GUI thread when its answer arrives."""
        if self._outbox is None or self._stopping:
            log.warning("engine command %s dropped: no engine", command.method)
            if on_error is not None:
                on_error(RuntimeError("the engine is not running"))
            return 0
        call_id = next(self._ids) if (on_reply or on_error) else 0
        if call_id:
            self._callbacks[call_id] = (on_reply, on_error)
        self._outbox.put(p.dumps(p.Call(call_id, command)))
        return call_id

    def call(self, method: str, *args: Any, on_reply: OnReply | None = None) -> None:
        """An engine command by name (pause, resume, cancel, retry, remove, ...)."""
        try:
            command = p.make_command(method, *args)
        except (p.ProtocolError, TypeError):
            log.exception("not an engine command: %s", method)  # a bug: say so, never crash
            return
        self.send(command, on_reply)

    def add_paths(
        self,
        paths: list[Path],
        target: Target | None,
        *,
        hold: bool = False,
        problem: str | None = None,
        on_added: Callable[[int], None] | None = None,
    ) -> int | None:
        """Queue a drop; its batch id is chosen here, so ``on_added`` runs at once.
        ``target`` None: no usable destination yet (``problem`` is the reason code)."""
        if not self.is_connected or not self._batch_ids:
            # Starting, restarting or stopped: keep the drop until an engine is connected.
            self._waiting_drops.append((list(paths), target, hold, problem, on_added))
            return None
        batch_id, self._batch_ids = self._batch_ids[0], self._batch_ids[1:]
        self.send(
            p.AddPaths(
                [str(x) for x in paths], target, hold=hold, batch_id=batch_id, problem=problem
            )
        )
        if on_added is not None:
            on_added(batch_id)
        return batch_id

    def request(self, method: str, *args: Any, timeout: float = 10.0) -> Any:
        """Tests and shutdown only: send a command and wait for its answer, reading the pipe."""
        box: dict[str, Any] = {}
        self.send(
            p.make_command(method, *args),
            lambda v: box.setdefault("value", v),
            lambda e: box.setdefault("error", e),
        )
        deadline = time.monotonic() + timeout
        while not box and self._conn is not None and time.monotonic() < deadline:
            if self._conn.poll(0.05):
                self._on_readable()
        if "error" in box:
            raise box["error"]
        if "value" not in box:
            raise TimeoutError(f"no answer to {method}")
        return box["value"]

    def wait_for_commands(self, timeout: float = 10.0) -> bool:
        """Tests: True once every command sent so far has run (a round trip behind them)."""
        try:
            self.request("concurrency", timeout=timeout)
        except (TimeoutError, RuntimeError):
            return False
        return True

    # -- stopping -----------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the engine to save and stop; ``stopped`` follows (never blocks the GUI)."""
        if self._outbox is None:
            self.stopped.emit()
            return
        if self._stopping:
            return
        self._stopping = True
        self._outbox.put(p.dumps(p.Shutdown()))
        self._stop_timer.start(STOP_TIMEOUT_MS)

    def stop_now(self, timeout: float = 10.0) -> None:
        """Blocking stop (application teardown, tests): wait for Bye or the timeout."""
        handle = self.handle
        self.stop()
        deadline = time.monotonic() + timeout
        while self._conn is not None and time.monotonic() < deadline:
            if self._conn.poll(0.05):
                self._on_readable()
        if self._conn is not None:
            self._stop_overdue()
        if handle is not None:
            handle.join(max(0.1, deadline - time.monotonic()))

    @Slot()
    def _stop_overdue(self) -> None:
        log.warning("the engine did not stop in time; ending it")
        if self.handle is not None:
            self.handle.kill()
        if self._conn is not None:
            self._stopping = True
            self._on_closed()


class _LongLived:
    """Keeps the cyclic garbage collector's full passes short as the queue grows.

    Why: a full (generation 2) collection walks every tracked object; with 10,000 rows plus the
    imports of Qt and the app that took 80 ms on the GUI thread, the longest stall measured.
    Queue rows are acyclic and freed by reference counting, so once many have arrived they are
    moved out of the collector's view (``gc.freeze``); later passes walk only newer objects.
    """

    EVERY = 2000  # rows

    def __init__(self) -> None:
        self._since = 0

    def grew(self, count: int) -> None:
        self._since += count
        if self._since >= self.EVERY:
            self._since = 0
            gc.collect(1)  # young cycles first: what is frozen is never collected
            gc.freeze()


def _write_loop(conn: Any, outbox: queue.SimpleQueue[bytes | None]) -> None:
    """A plain thread: write encoded commands in order. Touches no Qt object."""
    while (payload := outbox.get()) is not None:
        try:
            conn.send_bytes(payload)
        except (OSError, ValueError):
            return  # the pipe closed: the GUI thread notices on its side
