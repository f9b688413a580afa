"""The engine behind the protocol: the same behaviour directly, in a thread and in a child.

Tests in this module run three times (see ``both_engines`` in conftest); the last ones are about
the child process itself (its command line, its death, its start-up failure).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from scripe_desktop.engine import EngineConfig, ItemState, Target
from scripe_desktop.engine import protocol as p
from scripe_desktop.engine.events import (
    Condition,
    ConditionKind,
    ConditionsChanged,
    ItemAdded,
    ItemChanged,
    ItemSnapshot,
    Totals,
    TotalsChanged,
)
from scripe_desktop.engine.remote import EngineProcessError, RemoteEngine
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write, write_samples

from .conftest import KNOWLEDGE, wait_for

pytestmark = pytest.mark.both_engines


def test_a_batch_runs_to_done_with_its_events(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    files = write_samples(tmp_path / "drop")
    engine, rec = make_engine()
    batch = engine.add_paths([tmp_path / "drop"], Target(KNOWLEDGE))
    wait_for(
        lambda: (
            len(engine.batch_items(batch)) == len(files)
            and all(i.state is ItemState.DONE for i in engine.batch_items(batch))
        ),
        what="batch done",
    )
    assert all(i.result_id for i in engine.batch_items(batch))
    wait_for(lambda: len(rec.of(ItemAdded)) == len(files), what="every ItemAdded delivered")
    assert rec.of(ItemChanged)
    wait_for(lambda: engine.totals().files_left == 0, what="totals")
    assert len(sandbox.records()["knowledge"]) == len(files)


def test_commands_run_in_the_order_sent(tmp_path: Path, sandbox: Sandbox, make_engine) -> None:
    f = write(tmp_path, "long.txt", text_bytes(120_000))
    engine, _ = make_engine()
    engine.set_rate_limit(512 * 1024)
    assert engine.rate_limit() == 512 * 1024
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    wait_for(lambda: any(i.bytes_sent > 0 for i in engine.batch_items(batch)), what="PUT")
    [item] = engine.batch_items(batch)
    engine.pause(i for i in [item.id])  # generators cross as lists
    wait_for(lambda: engine.item(item.id).state is ItemState.PAUSED, what="paused")
    engine.set_rate_limit(None)
    engine.resume([item.id])
    wait_for(lambda: engine.item(item.id).state is ItemState.DONE, what="done")


def test_events_arrive_in_the_order_they_happened(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    """One sender: an item's recorded states never go backwards in the event stream."""
    write_samples(tmp_path / "drop")
    engine, rec = make_engine()
    batch = engine.add_paths([tmp_path / "drop"], Target(KNOWLEDGE))
    wait_for(
        lambda: (
            bool(engine.batch_items(batch))
            and all(i.state.finished for i in engine.batch_items(batch))
        ),
        what="batch finished",
    )
    order = list(ItemState)
    seen: dict[int, list[float]] = {}
    for event in rec.of(ItemChanged):
        seen.setdefault(event.item.id, []).append(event.item.updated_at)
    assert seen and all(times == sorted(times) for times in seen.values())
    for item in engine.batch_items(batch):
        last = [e.item for e in rec.of(ItemChanged) if e.item.id == item.id][-1]
        assert order.index(last.state) == order.index(item.state)  # the last event is the truth


def test_a_restart_resumes_from_the_same_queue(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    f = write(tmp_path, "long.txt", text_bytes(120_000))
    home = tmp_path / "home"
    engine, _ = make_engine(home=home, rate_limit_bps=512 * 1024)
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    wait_for(lambda: any(i.bytes_sent > 0 for i in engine.batch_items(batch)), what="PUT")
    engine.shutdown()
    again, _ = make_engine(home=home, start=False)
    [item] = again.items()
    assert item.state is ItemState.WAITING
    again.start()
    wait_for(lambda: again.item(item.id).state is ItemState.DONE, what="resumed")
    assert len(sandbox.records()["knowledge"]) == 1


def test_client_chosen_batch_ids_never_collide_with_the_engines_own(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    a, b = write(tmp_path, "a.txt", text_bytes()), write(tmp_path, "b.txt", text_bytes())
    engine, _ = make_engine()
    first, last = engine.reserve_batch_ids(10)
    mine = engine.add_paths([a], Target(KNOWLEDGE), batch_id=first)
    theirs = engine.add_paths([b], Target(KNOWLEDGE))  # numbered by someone else
    assert mine == first and not first <= theirs < last
    with pytest.raises(ValueError, match="exists already"):  # rebuilt from code + message
        engine.add_paths([b], Target(KNOWLEDGE), batch_id=first)


def test_the_codec_round_trips_every_event_and_refuses_strangers() -> None:
    snap = ItemSnapshot(1, 2, "/a", "a", 3, None, Target(KNOWLEDGE), ItemState.DONE)
    message = p.Events(
        [
            ItemAdded(snap),
            ConditionsChanged((Condition(ConditionKind.OFFLINE, "x", until=5.0),)),
            TotalsChanged(Totals(1, 2, 3.0, None, True)),
        ]
    )
    assert p.loads(p.dumps(message)) == message
    assert p.loads(p.dumps(p.Call(7, p.make_command("retry", {3, 4})))).command.item_ids == [3, 4]
    with pytest.raises(p.ProtocolError):
        p.dumps(p.Reply(1, object()))
    with pytest.raises(p.ProtocolError):
        p.loads(b"not marshal")
    failure = p.failure_of(3, RuntimeError("disk full"))
    assert (failure.code, failure.message) == ("engine_error", "disk full")
    rebuilt = p.rebuild(p.loads(p.dumps(failure)))
    assert isinstance(rebuilt, p.CommandFailed) and rebuilt.data["type"] == "RuntimeError"


# -- the child process itself ---------------------------------------------------------------------


def _remote(sandbox: Sandbox, home: Path) -> RemoteEngine:
    return RemoteEngine(EngineConfig(home=home, api_base=sandbox.base_url), sandbox.api_key)


def test_the_key_is_not_in_the_child_command_line_or_environment(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    engine = _remote(sandbox, tmp_path / "home")
    try:
        pid = engine._proc.pid
        for name in ("cmdline", "environ"):
            assert sandbox.api_key.encode() not in Path(f"/proc/{pid}/{name}").read_bytes()
    finally:
        engine.shutdown()


def test_a_dead_engine_process_is_reported_not_waited_for(tmp_path: Path, sandbox: Sandbox) -> None:
    engine = _remote(sandbox, tmp_path / "home")
    events: list[object] = []
    engine.subscribe(events.append)
    engine.start()
    os.kill(engine._proc.pid, signal.SIGKILL)
    wait_for(
        lambda: ConditionKind.ENGINE_STOPPED in {c.kind for c in engine.conditions_now()},
        what="engine stopped condition",
    )
    assert any(isinstance(e, ConditionsChanged) for e in events)
    with pytest.raises(EngineProcessError):
        engine.add_paths([tmp_path], Target(KNOWLEDGE))
    engine.shutdown()


def test_a_broken_type_database_fails_the_start(
    tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.mgc"
    empty.write_text("0 string NOTHING_MATCHES nothing\n")
    monkeypatch.setenv("MAGIC", str(empty))  # the child inherits it, as a frozen app would
    with pytest.raises(EngineProcessError, match="can't recognise file types"):
        _remote(sandbox, tmp_path / "home")


def test_removing_a_huge_queue_does_not_hold_up_the_next_command(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    """50,000 rows go in chunks; a command sent just after the remove runs before the last
    chunk (between two chunks), and the remove still completes."""
    config = EngineConfig(home=tmp_path / "home", api_base=sandbox.base_url)
    engine = RemoteEngine(config, sandbox.api_key, in_process=True)
    try:
        queue = engine.engine.queue
        batch = queue.add_batch(Target(KNOWLEDGE), force=False, held=True)
        rows = queue.insert(
            {"batch_id": batch, "path": f"/nowhere/f{i}.txt", "name": f"f{i}.txt",
             "state": ItemState.SKIPPED.value, "reason": "test"}
            for i in range(50_000)
        )  # fmt: skip
        engine._call("remove", [r.id for r in rows], wait=False)  # as the window sends it
        # The next command runs between two chunks: the last row (removed in the last chunk)
        # is still there when it runs. (Its answer may queue behind the removal's events.)
        last = engine.item(rows[-1].id)
        assert last is not None, "the remove ran to its end before the next command"
        wait_for(lambda: not queue.rows, what="all removed")
        assert queue.store.items() == []
        engine.pause_all()  # the host still answers in order afterwards
        assert engine.totals().paused
    finally:
        engine.shutdown()


def test_the_engine_process_runs_below_the_windows_priority(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    """Scanning and hashing a huge folder must not take the CPU from the window's event loop."""
    from scripe_desktop.engine.priority import BACKGROUND_NICE

    engine = _remote(sandbox, tmp_path / "home")
    try:
        engine.start()
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        child = os.getpriority(os.PRIO_PROCESS, engine._proc.pid)
        assert child == min(19, mine + BACKGROUND_NICE)
    finally:
        engine.shutdown()
