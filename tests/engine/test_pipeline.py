"""The pipeline end to end against the sandbox: every family, every destination."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripe_desktop.engine import ItemState, Target
from scripe_desktop.engine.events import BatchSummary, ItemProgress
from scripe_desktop.sandbox import Sandbox
from tests.samples import EXPECTED_TYPES, text_bytes, write, write_samples

from .conftest import KNOWLEDGE, NONE, SOURCE, attached_uploads, run_batch, sha256, wait_for

pytestmark = pytest.mark.both_engines  # the UploadEngine and the protocol, in-process and child


@pytest.mark.parametrize("kind", [SOURCE, KNOWLEDGE])
def test_every_family_is_attached_with_its_bytes(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine, kind
) -> None:
    files = write_samples(tmp_path / "drop")
    engine, rec = make_engine()
    target = Target(kind, project_id if kind is SOURCE else None)
    items = run_batch(engine, list(files.values()), target)
    assert [i.state for i in items] == [ItemState.DONE] * len(files)
    prefix = "src_" if kind is SOURCE else "kb_"
    assert all(i.result_id and i.result_id.startswith(prefix) for i in items)
    assert {i.name: i.content_type for i in items} == EXPECTED_TYPES
    # from the sandbox's own records: each file attached once, stored bytes equal the file
    stored = sorted(u["sha256"] for u in attached_uploads(sandbox))
    assert stored == sorted(sha256(p) for p in files.values())
    rec_all = sandbox.records()
    attached = rec_all["sources"] if kind is SOURCE else rec_all["knowledge"]
    assert len(attached) == len(files)
    if kind is SOURCE:
        assert {a["projectId"] for a in attached} == {project_id}
    # the summary follows the last file's change (emitted by the worker that finished it)
    wait_for(lambda: bool(rec.of(BatchSummary)), 10, "the batch summary")
    assert rec.of(BatchSummary)[-1].counts == {"done": len(files)}


def test_upload_only_never_attaches(tmp_path: Path, sandbox: Sandbox, make_engine) -> None:
    files = write_samples(tmp_path / "drop")
    engine, _ = make_engine()
    items = run_batch(engine, list(files.values()), Target(NONE))
    assert all(i.state is ItemState.DONE and i.upload_id for i in items)
    rec = sandbox.records()
    assert rec["sources"] == [] and rec["knowledge"] == []
    assert sorted(u["sha256"] for u in rec["uploads"]) == sorted(sha256(p) for p in files.values())


def test_workspace_wide_and_project_knowledge(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    a = write(tmp_path, "a.txt", text_bytes(tag="a"))
    b = write(tmp_path, "b.txt", text_bytes(tag="b"))
    engine, _ = make_engine()
    run_batch(engine, [a], Target(KNOWLEDGE))
    run_batch(engine, [b], Target(KNOWLEDGE, project_id))
    projects = sorted((k["name"], k["projectId"]) for k in sandbox.records()["knowledge"])
    assert projects == [("a.txt", None), ("b.txt", project_id)]


def test_progress_is_reported_and_reaches_the_size(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    big = write(tmp_path, "long.txt", text_bytes(100_000))  # ~3.5 MB, several 1 MiB chunks
    # paced (~1 s) so reports are apart in time: the process sender merges an item's progress
    # reports that queue up together, and on loopback an unpaced PUT ends within one message
    engine, rec = make_engine(rate_limit_bps=4 * 1024 * 1024)
    [item] = run_batch(engine, [big], Target(SOURCE, project_id))
    progress = [e for e in rec.of(ItemProgress) if e.item_id == item.id]
    assert progress[-1].bytes_sent == progress[-1].total == big.stat().st_size
    assert len(progress) >= 2


def test_skipped_files_are_items_with_reasons(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    drop = tmp_path / "drop"
    write(drop, "ok.txt", text_bytes())
    write(drop, "empty.txt", b"")
    write(drop, "data.json", b'{"a": [1, 2]}\n')
    write(drop, ".DS_Store", b"junk")
    engine, _ = make_engine()
    items = {i.name: i for i in run_batch(engine, [drop], Target(SOURCE, project_id))}
    assert items["ok.txt"].state is ItemState.DONE
    for name in ("empty.txt", "data.json", ".DS_Store"):
        assert items[name].state is ItemState.SKIPPED
        assert items[name].reason and name in items[name].reason
    assert len(sandbox.records()["uploads"]) == 1


def test_duplicates_are_skipped_unless_forced(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    a = write(tmp_path, "a.txt", text_bytes(tag="same"))
    twin = write(tmp_path, "copy of a.txt", text_bytes(tag="same"))
    engine, _ = make_engine()
    target = Target(SOURCE, project_id)
    first = run_batch(engine, [a, twin], target)
    states = sorted(i.state.value for i in first)
    assert states == ["done", "duplicate"]
    again = run_batch(engine, [a], target)  # found again: its earlier row, not a new one
    assert [i.id for i in again] == [i.id for i in first if i.path == again[0].path]
    assert again[0].reason_code in ("duplicate", "already_attached")  # whichever went first
    assert "already" in (again[0].reason or "")
    # another destination is not a duplicate
    assert run_batch(engine, [a], Target(KNOWLEDGE))[0].state is ItemState.DONE
    forced = run_batch(engine, [a], target, force=True)
    assert forced[0].state is ItemState.DONE
    assert len(sandbox.records()["sources"]) == 2


def test_concurrency_and_many_files(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    drop = tmp_path / "many"
    for i in range(40):
        write(drop, f"n{i:02}.txt", text_bytes(3, tag=str(i)))
    engine, _ = make_engine(concurrency=6)
    items = run_batch(engine, [drop], Target(SOURCE, project_id), timeout=60)
    assert len(items) == 40 and all(i.state is ItemState.DONE for i in items)
    assert len(sandbox.records()["sources"]) == 40
