"""Races and edge cases found in review, each reproduced against the sandbox."""

from __future__ import annotations

from pathlib import Path

from scripe_desktop.engine import ItemState, Target
from scripe_desktop.engine.pacing import backoff
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import SOURCE, attached_uploads, sha256, wait_for, workers_idle


def test_paused_mid_attach_then_resumed_a_day_later_attaches_once(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    engine, _ = make_engine()
    sandbox.faults.delay("POST /v1/sources", 1.5)
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    engine.wait_scanned(10)
    wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.ATTACHING, what="attach")
    [item] = engine.batch_items(batch)
    engine.pause([item.id])
    wait_for(lambda: engine.item(item.id).job_id is not None, what="the attach answer")
    assert engine.item(item.id).state is ItemState.PAUSED
    sandbox.clock.advance(24 * 3600)  # the laptop was closed overnight
    engine.resume([item.id])
    wait_for(lambda: engine.item(item.id).state is ItemState.DONE, what="done")
    assert len(sandbox.records()["sources"]) == 1


def test_cancel_after_the_last_chunk_attaches_nothing(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    engine, _ = make_engine()
    hold = sandbox.faults.hold("PUT storage")  # the bytes are sent, the answer waits
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    assert hold.wait_held(1)
    [item] = engine.batch_items(batch)
    engine.cancel([item.id])
    hold.release()
    wait_for(lambda: len(sandbox.records()["storage_requests"]) == 1, what="the PUT answered")
    wait_for(lambda: workers_idle(engine, item.id), what="the worker to stop")
    assert engine.item(item.id).state is ItemState.CANCELLED
    assert sandbox.records()["sources"] == []
    assert (
        engine.queue.store.find_attached(sha256(f), f.stat().st_size, f"source:{project_id}")
        is None
    )


def test_a_twin_waits_for_its_original_and_goes_if_the_original_fails(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    a = write(tmp_path, "a.txt", text_bytes(tag="same"))
    b = write(tmp_path, "b.txt", text_bytes(tag="same"))
    sandbox.faults.fail_jobs_next(1)  # the first copy's processing fails
    engine, _ = make_engine(concurrency=1)
    batch = engine.add_paths([a, b], Target(SOURCE, project_id))
    engine.wait_scanned(10)
    wait_for(lambda: all(i.state.finished for i in engine.batch_items(batch)), what="settled")
    states = {i.name: i.state for i in engine.batch_items(batch)}
    assert states == {"a.txt": ItemState.FAILED, "b.txt": ItemState.DONE}
    assert [u["sha256"] for u in attached_uploads(sandbox)].count(sha256(a)) == 2


def test_changing_the_destination_after_an_attach_keeps_that_file_where_it_went(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {sandbox.api_key}", "Scripe-Api-Version": "2026-08-01"}
    first, second = (
        p["id"]
        for p in httpx.get(sandbox.base_url + "/v1/projects", headers=headers).json()["data"][:2]
    )
    done = write(tmp_path, "a.txt", text_bytes(tag="a"))
    later = write(tmp_path, "b.txt", text_bytes(tag="b"))
    engine, _ = make_engine(concurrency=1)
    sandbox.faults.delay("POST /v1/sources", 1.0)
    batch = engine.add_paths([done, later], Target(SOURCE, first))
    engine.wait_scanned(10)
    wait_for(lambda: any(i.state is ItemState.ATTACHING for i in engine.items()), what="attach")
    engine.set_batch_target(batch, Target(SOURCE, second))
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.items()), what="done")
    by_name = {i.name: i for i in engine.items()}
    assert by_name["a.txt"].target.project_id == first
    assert by_name["b.txt"].target.project_id == second
    sources = sorted((s["name"], s["projectId"]) for s in sandbox.records()["sources"])
    assert sources == [("a.txt", first), ("b.txt", second)]


def test_backoff_never_overflows() -> None:
    assert 15 <= backoff(5000) <= 30
