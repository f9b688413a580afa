"""The GUI-side engine client: a real pipe, messages written by another thread as the engine's
sender would, read on the GUI thread; and the guard against PySide6's emit refcount bug."""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from dataclasses import replace

from PySide6.QtCore import QObject, QThread, Signal

from scripe_desktop.engine import protocol as p
from scripe_desktop.engine.events import (
    AttachKind,
    Condition,
    ConditionKind,
    ConditionsChanged,
    ItemAdded,
    ItemChanged,
    ItemProgress,
    ItemRemoved,
    ItemSnapshot,
    ItemState,
    Target,
    Totals,
    TotalsChanged,
)
from scripe_desktop.ui import qt_fixes
from scripe_desktop.ui.engine_bridge import EngineBridge


def snap(item_id: int, state: ItemState = ItemState.WAITING, **kw: object) -> ItemSnapshot:
    base = ItemSnapshot(
        item_id, 1, f"/tmp/f{item_id}.txt", f"f{item_id}.txt", 1000, "text/plain",
        Target(AttachKind.KNOWLEDGE), state,
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


class _Handle:
    """The front end's end of a pipe, as EngineProcess/EngineThread hand it over."""

    def __init__(self) -> None:
        self.conn, self.engine_end = multiprocessing.Pipe()
        self.engine = None

    def write(self, message: object) -> None:
        self.engine_end.send_bytes(p.dumps(message))

    def kill(self) -> None:
        self.engine_end.close()

    def join(self, timeout: float) -> None:
        pass


def _connected(qtbot, bridge: EngineBridge) -> _Handle:
    handle = _Handle()
    bridge.attach(handle)
    with qtbot.waitSignal(bridge.connected, timeout=3000):
        handle.write(p.SnapshotPart([snap(100)]))
        handle.write(p.Ready(Totals(1, 0, 0.0, None, False), (), (5, 10)))
    return handle


def test_events_written_by_another_thread_arrive_coalesced_on_the_gui_thread(qtbot) -> None:
    bridge = EngineBridge()
    handle = _connected(qtbot, bridge)
    upserts: list[list[ItemSnapshot]] = []
    progress: list[dict[int, tuple[int, int]]] = []
    removed: list[list[int]] = []
    conditions: list[tuple[Condition, ...]] = []
    totals: list[Totals] = []
    threads: set[QThread] = set()
    bridge.itemsUpserted.connect(upserts.append)
    bridge.itemsUpserted.connect(lambda _i: threads.add(QThread.currentThread()))
    bridge.progressUpdated.connect(progress.append)
    bridge.itemsRemoved.connect(removed.append)
    bridge.conditionsChanged.connect(conditions.append)
    bridge.totalsChanged.connect(totals.append)
    events: list[object] = [ItemAdded(snap(i)) for i in range(1, 501)]
    events += [ItemProgress(1, sent, 1000) for sent in range(0, 1001, 10)]
    events += [ItemChanged(snap(2, ItemState.UPLOADING)), ItemProgress(2, 300, 1000)]
    events += [ItemRemoved(3), ConditionsChanged((Condition(ConditionKind.OFFLINE, "x"),))]
    events += [ConditionsChanged(())]
    events += [TotalsChanged(Totals(n, 0, 0.0, None, False)) for n in range(50)]
    sender = threading.Thread(target=lambda: handle.write(p.Events(events)))
    sender.start()
    sender.join()
    qtbot.waitUntil(lambda: bool(totals) and bool(upserts), timeout=3000)  # new rows are paced
    assert threads == {QThread.currentThread()}  # delivered on the GUI thread
    assert len(upserts) == 1 and len(upserts[0]) == 499  # one batch, item 3 dropped
    assert upserts[0][0].id == 1 and upserts[0][-1].id == 2  # latest change last
    # rows not yet shown take their byte counts along; nothing else to repaint
    by_id = {i.id: i for i in upserts[0]}
    assert (by_id[1].bytes_sent, by_id[2].bytes_sent) == (1000, 300) and progress == []
    assert removed == [[3]]
    assert conditions == [()]  # only the latest full set
    assert totals[-1].files_left == 49 and len(totals) == 1
    bridge.detach()


def test_a_snapshot_after_progress_carries_the_newer_byte_count(qtbot) -> None:
    bridge = EngineBridge()
    progress: list[dict[int, tuple[int, int]]] = []
    upserts: list[list[ItemSnapshot]] = []
    bridge.progressUpdated.connect(progress.append)
    bridge.itemsUpserted.connect(upserts.append)
    bridge.post(ItemProgress(1, 100, 1000))
    bridge.post(ItemChanged(replace(snap(1, ItemState.UPLOADING), bytes_sent=200)))
    bridge.drain()
    assert progress == [] and upserts[0][0].bytes_sent == 200


def test_batch_ids_come_from_the_reserved_range_without_a_round_trip(qtbot) -> None:
    bridge = EngineBridge()
    handle = _connected(qtbot, bridge)
    got: list[int] = []
    first = bridge.add_paths([], Target(AttachKind.KNOWLEDGE), on_added=got.append)
    second = bridge.add_paths([], Target(AttachKind.KNOWLEDGE))
    assert (first, second) == (5, 6) and got == [5]  # before the engine read anything
    calls = [p.loads(handle.engine_end.recv_bytes()) for _ in range(2)]
    assert [c.command.batch_id for c in calls] == [5, 6]
    bridge.detach()


def test_a_failed_command_comes_back_as_a_rebuilt_error(qtbot) -> None:
    bridge = EngineBridge()
    handle = _connected(qtbot, bridge)
    errors: list[BaseException] = []
    bridge.send(p.Pause([1]), on_error=errors.append)
    call = p.loads(handle.engine_end.recv_bytes())
    handle.write(p.failure_of(call.call_id, ValueError("no such item")))
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "no such item"
    bridge.detach()


def test_a_closed_pipe_reports_the_engine_lost(qtbot) -> None:
    bridge = EngineBridge()
    handle = _connected(qtbot, bridge)
    conditions: list[tuple[Condition, ...]] = []
    bridge.conditionsChanged.connect(conditions.append)
    with qtbot.waitSignal(bridge.engineLost, timeout=3000):
        handle.kill()
    assert ConditionKind.ENGINE_STOPPED in {c.kind for c in conditions[-1]}
    assert not bridge.is_connected


class _Emitter(QObject):
    ping = Signal(object)


def test_emits_do_not_wear_down_the_reference_count_of_true(qtbot) -> None:
    """PySide6 6.12's emit() returns True without a reference: each emit lowered
    sys.getrefcount(True) by one until CPython aborted. With the guard it stays put. (5,000
    emits: without the guard this fails cleanly instead of aborting the test run.)"""
    assert qt_fixes.install() or qt_fixes.leak_per_emit() == (0.0, 0.0)
    emitter = _Emitter()
    got: list[object] = []
    emitter.ping.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(5000):
        emitter.ping.emit(i)
    assert len(got) == 5000
    assert sys.getrefcount(True) - before > -100  # other code may drop a few, not 100,000


def test_many_deliveries_through_the_bridge_keep_true_alive(qtbot) -> None:
    """The app's hot path: engine messages read from the pipe, delivered as signals."""
    bridge = EngineBridge()
    handle = _connected(qtbot, bridge)
    seen: list[int] = []
    bridge.totalsChanged.connect(lambda t: seen.append(t.files_left))
    before = sys.getrefcount(True)
    for n in range(3000):
        handle.write(p.Events([TotalsChanged(Totals(n, 0, 0.0, None, False))]))
        if n % 100 == 99:
            qtbot.waitUntil(lambda n=n: bool(seen) and seen[-1] == n, timeout=3000)
    assert sys.getrefcount(True) - before > -100
    bridge.detach()


def test_new_rows_are_paced_but_changes_to_shown_rows_are_not(qtbot) -> None:
    bridge = EngineBridge()
    handle = _connected(qtbot, bridge)
    upserts: list[list[int]] = []
    bridge.itemsUpserted.connect(lambda items: upserts.append([i.id for i in items]))
    handle.write(p.Events([ItemAdded(snap(1))]))
    qtbot.waitUntil(lambda: upserts == [[1]], timeout=3000)
    bridge._coalescer.inserted(time.monotonic(), time.monotonic() + 0.05)  # a slow insert
    handle.write(p.Events([ItemAdded(snap(2)), ItemChanged(snap(1, ItemState.UPLOADING))]))
    qtbot.waitUntil(lambda: len(upserts) == 2, timeout=3000)
    assert upserts[1] == [1]  # the change to the shown row went out at once
    qtbot.waitUntil(lambda: len(upserts) == 3, timeout=3000)
    assert upserts[2] == [2]  # the new row followed once the pause was over
    bridge.detach()


def test_a_drop_while_no_engine_is_connected_waits_for_the_next_one(qtbot) -> None:
    bridge = EngineBridge()
    got: list[int] = []
    assert bridge.add_paths([], Target(AttachKind.KNOWLEDGE), on_added=got.append) is None
    handle = _connected(qtbot, bridge)  # e.g. after "Restart uploading"
    assert got == [5]
    call = p.loads(handle.engine_end.recv_bytes())
    assert isinstance(call.command, p.AddPaths) and call.command.batch_id == 5
    bridge.detach()


def test_an_unknown_command_name_is_logged_not_raised(qtbot, caplog) -> None:
    bridge = EngineBridge()
    _connected(qtbot, bridge)
    bridge.call("no_such_command", [1])
    assert "not an engine command: no_such_command" in caplog.text
    bridge.detach()
