"""Pause, resume, cancel, retry, remove; concurrency and the shared bandwidth limit."""

from __future__ import annotations

from pathlib import Path

from scripe_desktop.engine import ItemState, Target
from scripe_desktop.engine.events import ItemRemoved, TotalsChanged
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import KNOWLEDGE, SOURCE, wait_for, workers_idle


def _slow_file(tmp_path: Path, name: str = "long.txt") -> Path:
    return write(tmp_path, name, text_bytes(120_000, tag=name))  # ~4 MB


def _start_slow_upload(engine, f: Path, project_id: str) -> int:
    """Add one file and return its item id once its PUT is under way."""
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    engine.wait_scanned(10)
    wait_for(lambda: engine.batch_items(batch)[0].bytes_sent > 0, what="PUT started")
    return engine.batch_items(batch)[0].id


def test_pause_and_resume_one_item(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = _slow_file(tmp_path)
    engine, _ = make_engine(rate_limit_bps=1024 * 1024)
    item_id = _start_slow_upload(engine, f, project_id)
    engine.pause([item_id])
    wait_for(lambda: engine.item(item_id).state is ItemState.PAUSED, what="paused")
    wait_for(lambda: workers_idle(engine, item_id), what="the worker to stop")
    assert engine.item(item_id).state is ItemState.PAUSED  # no worker overwrote it
    assert engine.totals().files_left == 1
    engine.set_rate_limit(None)
    engine.resume([item_id])
    wait_for(lambda: engine.item(item_id).state is ItemState.DONE, what="done after resume")
    assert len(sandbox.records()["sources"]) == 1


def test_cancel_then_retry(tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine) -> None:
    f = _slow_file(tmp_path)
    engine, _ = make_engine(rate_limit_bps=1024 * 1024)
    item_id = _start_slow_upload(engine, f, project_id)
    engine.cancel([item_id])
    wait_for(lambda: engine.item(item_id).state is ItemState.CANCELLED, what="cancelled")
    wait_for(lambda: workers_idle(engine, item_id), what="the worker to stop")
    assert sandbox.records()["sources"] == []
    engine.set_rate_limit(None)
    engine.retry([item_id])
    wait_for(lambda: engine.item(item_id).state is ItemState.DONE, what="done after retry")
    assert len(sandbox.records()["sources"]) == 1


def test_pause_all_resume_all_and_clear_finished(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    files = [write(tmp_path, f"f{i}.txt", text_bytes(tag=str(i))) for i in range(5)]
    engine, rec = make_engine(start=False)
    batch = engine.add_paths(files, Target(SOURCE, project_id))
    engine.start()
    engine.wait_scanned(10)
    engine.pause_all()
    assert engine.totals().paused
    wait_for(lambda: workers_idle(engine), what="every worker to stop")
    states = [(i.name, i.state.value, i.job_id) for i in engine.batch_items(batch)]
    allowed = (ItemState.PAUSED, ItemState.PROCESSING, ItemState.DONE)
    assert all(i.state in allowed for i in engine.batch_items(batch)), states
    engine.resume_all()
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.batch_items(batch)))
    assert any(isinstance(e, TotalsChanged) and e.totals.paused for e in rec.events)
    engine.clear_finished()
    assert engine.items() == []
    assert len(rec.of(ItemRemoved)) == 5


def test_held_batch_waits_and_its_destination_can_change(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    engine, _ = make_engine()
    batch = engine.add_paths([f], Target(SOURCE, project_id), hold=True)
    later = engine.add_paths([write(tmp_path, "b.txt", text_bytes(tag="b"))], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    # the scheduler takes the oldest first: once the later batch is done, the held one was
    # passed over on purpose
    wait_for(lambda: engine.batch_items(later)[0].state is ItemState.DONE, what="later batch")
    assert engine.batch_items(batch)[0].state is ItemState.WAITING
    assert len(sandbox.records()["uploads"]) == 1
    engine.set_batch_target(batch, Target(KNOWLEDGE))
    engine.start_batch(batch)
    wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.DONE)
    assert len(sandbox.records()["knowledge"]) == 2 and sandbox.records()["sources"] == []


def test_concurrency_bounds_parallel_puts(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    """The sandbox counts the PUTs it serves at once: 1 at concurrency 1 over a whole batch
    (each PUT lasts ~0.25 s, so a second slot would overlap); raised to 4, four are held at
    once by the sandbox (a condition, not a sampling loop)."""
    files = [write(tmp_path, f"f{i}.txt", text_bytes(30_000, tag=f"c{i}")) for i in range(3)]
    engine, _ = make_engine(concurrency=1, rate_limit_bps=4 * 1024 * 1024)
    batch = engine.add_paths(files, Target(SOURCE, project_id))
    engine.wait_scanned(10)
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.batch_items(batch)))
    assert len(sandbox.records()["sources"]) == 3
    assert sandbox.storage_peak == 1
    hold = sandbox.faults.hold("PUT storage", count=4)
    engine.set_concurrency(4)
    engine.set_rate_limit(None)
    more = [write(tmp_path, f"g{i}.txt", text_bytes(2_000, tag=f"g{i}")) for i in range(4)]
    later = engine.add_paths(more, Target(SOURCE, project_id))
    engine.wait_scanned(10)
    assert hold.wait_held(4), "four PUTs in flight at once after set_concurrency(4)"
    hold.release()
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.batch_items(later)))
    assert len(sandbox.records()["sources"]) == 7


def test_restart_resumes_the_queue(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = _slow_file(tmp_path)
    home = tmp_path / "home"
    engine, _ = make_engine(home=home, rate_limit_bps=1024 * 1024)
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    engine.wait_scanned(10)
    wait_for(lambda: engine.batch_items(batch)[0].bytes_sent > 0, what="PUT started")
    engine.shutdown()
    again, _ = make_engine(home=home)
    [item] = again.items()
    wait_for(lambda: again.item(item.id).state is ItemState.DONE, what="resumed")
    assert len(sandbox.records()["sources"]) == 1
