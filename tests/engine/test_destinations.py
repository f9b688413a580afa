"""Destinations belong to the engine: read when attaching, retargets, "Send to…", no destination.

Every case is checked in the sandbox's records: where each upload was attached, how many times.
Requests "in flight" are held by the sandbox (``faults.hold``) rather than timed with sleeps.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scripe_desktop.engine import AttachKind, ItemState, Target
from scripe_desktop.engine.events import Reason, RetargetReport
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import KNOWLEDGE, SOURCE, wait_for

pytestmark = pytest.mark.both_engines  # the UploadEngine and the protocol, in-process and child


def where(sb: Sandbox) -> dict[str, list[tuple[str, str | None]]]:
    """name -> [(kind, project)] for every attach the sandbox accepted."""
    rec = sb.records()
    out: dict[str, list[tuple[str, str | None]]] = {}
    for kind in ("sources", "knowledge"):
        for a in rec[kind]:
            out.setdefault(a["name"], []).append((kind, a["projectId"]))
    return out


def states(engine, batch: int) -> list[ItemState]:
    return [i.state for i in engine.batch_items(batch)]


def attaches_per_upload(sb: Sandbox) -> Counter[str]:
    rec = sb.records()
    return Counter(a["uploadId"] for a in rec["sources"] + rec["knowledge"])


def test_destination_changed_during_the_put_is_where_the_file_goes(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "talk.txt", text_bytes(2000, tag="talk"))
    engine, _ = make_engine()
    hold = sandbox.faults.hold("PUT storage")
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    assert hold.wait_held(1), "the PUT never started"
    engine.set_batch_target(batch, Target(SOURCE, project_id))
    hold.release()
    wait_for(lambda: states(engine, batch) == [ItemState.DONE], what="done")
    assert where(sandbox) == {"talk.txt": [("sources", project_id)]}
    assert engine.batch_items(batch)[0].target == Target(SOURCE, project_id)


def test_retarget_reports_files_already_attached_and_sends_copies_on_request(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    a = write(tmp_path, "a.txt", text_bytes(50, tag="a"))
    b = write(tmp_path, "b.txt", text_bytes(50, tag="b"))
    engine, rec = make_engine(concurrency=1)
    first, second = sandbox.faults.hold("PUT storage"), sandbox.faults.hold("PUT storage")
    batch = engine.add_paths([a, b], Target(KNOWLEDGE))
    assert first.wait_held(1)
    first.release()
    assert second.wait_held(1)  # a's PUT went through; b's is in flight
    by_name = {i.name: i for i in engine.batch_items(batch)}
    wait_for(lambda: engine.item(by_name["a.txt"].id).state is ItemState.DONE, what="a done")
    engine.set_batch_target(batch, Target(SOURCE, project_id))
    second.release()
    wait_for(lambda: engine.item(by_name["b.txt"].id).state is ItemState.DONE, what="b done")
    report = rec.of(RetargetReport)[-1]
    assert report.already == ((Target(KNOWLEDGE), (by_name["a.txt"].id,)),)
    assert report.moved == 1
    assert where(sandbox) == {"a.txt": [("knowledge", None)], "b.txt": [("sources", project_id)]}

    # "Send to…" on a file already attached moves nothing and says where it went
    again = engine.send_to([by_name["a.txt"].id], Target(SOURCE, project_id))
    assert again.already == ((Target(KNOWLEDGE), (by_name["a.txt"].id,)),)
    assert again.moved == 0
    copies = engine.send_copies([by_name["a.txt"].id], Target(SOURCE, project_id))
    wait_for(lambda: [i.state for i in engine.batch_items(copies)] == [ItemState.DONE], what="copy")
    assert sorted(where(sandbox)["a.txt"]) == [("knowledge", None), ("sources", project_id)]
    assert set(attaches_per_upload(sandbox).values()) == {1}  # a new upload for the copy


def test_duplicates_are_checked_again_at_the_new_destination(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    data = text_bytes(40, tag="same")
    one = write(tmp_path / "1", "note.txt", data)
    two = write(tmp_path / "2", "note copy.txt", data)
    engine, _ = make_engine()
    b1 = engine.add_paths([one], Target(KNOWLEDGE))
    wait_for(lambda: states(engine, b1) == [ItemState.DONE], what="first done")
    b2 = engine.add_paths([two], Target(KNOWLEDGE))
    wait_for(lambda: states(engine, b2) == [ItemState.DUPLICATE], what="duplicate")
    engine.set_batch_target(b2, Target(SOURCE, project_id))
    wait_for(lambda: states(engine, b2) == [ItemState.DONE], what="sent to sources")
    assert where(sandbox) == {
        "note.txt": [("knowledge", None)],
        "note copy.txt": [("sources", project_id)],
    }


def test_no_destination_survives_a_restart_and_send_to_attaches_without_resending(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "waiting.txt", text_bytes(30, tag="w"))
    home = tmp_path / "home"
    engine, _ = make_engine(home=home)
    batch = engine.add_paths([f], None)
    wait_for(
        lambda: states(engine, batch) == [ItemState.NEEDS_DESTINATION],
        what="needs destination",
    )
    item = engine.batch_items(batch)[0]
    assert item.reason_code == Reason.NO_PROJECT
    assert item.target.kind is AttachKind.UNSET
    engine.shutdown()

    engine, _ = make_engine(home=home)
    item = engine.item(item.id)
    assert item.state is ItemState.NEEDS_DESTINATION
    assert item.reason_code == Reason.NO_PROJECT
    assert where(sandbox) == {}
    engine.send_to([item.id], Target(SOURCE, project_id))
    wait_for(lambda: engine.item(item.id).state is ItemState.DONE, what="done after send to")
    assert where(sandbox) == {"waiting.txt": [("sources", project_id)]}
    assert len(sandbox.records()["uploads"]) == 1  # the bytes went once


def test_a_deleted_project_asks_for_a_destination_then_send_to_works(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "orphan.txt", text_bytes(30, tag="o"))
    engine, _ = make_engine()
    hold = sandbox.faults.hold("PUT storage")
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    assert hold.wait_held(1)
    sandbox.set_project_count(0)  # the project is deleted while the file uploads
    hold.release()
    wait_for(
        lambda: states(engine, batch) == [ItemState.NEEDS_DESTINATION],
        what="needs destination",
    )
    item = engine.batch_items(batch)[0]
    assert item.reason_code == Reason.PROJECT_GONE
    engine.send_to([item.id], Target(KNOWLEDGE))
    wait_for(lambda: engine.item(item.id).state is ItemState.DONE, what="done")
    assert where(sandbox) == {"orphan.txt": [("knowledge", None)]}
