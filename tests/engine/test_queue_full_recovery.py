"""Issue 11: nothing dropped is lost while the queue file can't be written. The disk under the
state folder fills up under a running engine (a real 16 MB tmpfs filled by "another program"):
drops made meanwhile are held, the file is tried again by itself, and once space is freed every
file arrives exactly once (the sandbox's records). A file replaced meanwhile stays fatal."""

from __future__ import annotations

import itertools
import os
from collections import Counter
from pathlib import Path

import pytest

from scripe_desktop.engine.events import ConditionKind, Target
from scripe_desktop.engine.held_drops import RETRY_SECONDS
from scripe_desktop.engine.store_safety import QueueReplacedError
from scripe_desktop.sandbox import Sandbox
from tests.samples import fill_disk, text_bytes, write

from .conftest import KNOWLEDGE, attached_uploads, sha256, wait_for

pytestmark = pytest.mark.both_engines


def unwritable(engine) -> dict | None:
    for c in engine.conditions_now():
        if c.kind is ConditionKind.QUEUE_UNWRITABLE:
            return dict(c.data or {})
    return None


def drop_until_unwritable(engine, tmp_path: Path, dropped: list[Path]) -> None:
    """Each drop writes to the queue; keep dropping until one write fails (SQLite may still
    find a free page for the first ones)."""
    for i in range(60):
        f = write(tmp_path / "first", f"early{i}.txt", text_bytes(30, tag=f"early{i}"))
        dropped.append(f)
        engine.add_paths([f], Target(KNOWLEDGE))
        if unwritable(engine) is not None:
            return
    raise AssertionError("the full disk never failed a write")


def test_drops_while_the_disk_is_full_are_added_once_space_is_freed(
    tmp_path: Path, sandbox: Sandbox, make_engine, small_disk: Path
) -> None:
    engine, _ = make_engine(home=small_disk / "home")
    before = write(tmp_path, "before.txt", text_bytes(20, tag="before"))
    engine.add_paths([before], Target(KNOWLEDGE))
    wait_for(lambda: len(sandbox.records()["knowledge"]) == 1, what="the first file attached")
    filler = fill_disk(small_disk)
    dropped = [before]
    drop_until_unwritable(engine, tmp_path, dropped)
    data = unwritable(engine)
    assert data is not None and data["problem"] == "disk_full" and data["retrying"] is True
    held_before = data["waiting"]
    [message] = [
        c.message for c in engine.conditions_now() if c.kind is ConditionKind.QUEUE_UNWRITABLE
    ]
    assert message.startswith(f"Not enough disk space for the upload queue at {small_disk}")
    assert "Free some space: uploads continue by themselves" in message  # no "run resume"
    # three more drops while the disk is full: two files, a folder of three, one more file
    folder = tmp_path / "folder"
    inside = [write(folder, f"in{i}.txt", text_bytes(30, tag=f"in{i}")) for i in range(3)]
    late = [write(tmp_path / "late", f"late{i}.txt", text_bytes(30, tag=f"l{i}")) for i in (1, 2)]
    batches = [
        engine.add_paths(late, Target(KNOWLEDGE)),
        engine.add_paths([folder], Target(KNOWLEDGE)),
    ]
    last = write(tmp_path / "late", "last.txt", text_bytes(30, tag="last"))
    batches.append(engine.add_paths([last], Target(KNOWLEDGE)))
    dropped += [*late, *inside, last]
    assert len(set(batches)) == 3  # each drop has its own batch, named at once
    wait_for(lambda: (unwritable(engine) or {}).get("waiting") == held_before + 4,
             what="the held drops counted in the condition")  # fmt: skip
    assert engine.fatal() is not None
    filler.unlink()  # space freed: no restart, no click
    wait_for(lambda: unwritable(engine) is None, timeout=30, what="the condition to clear")
    assert engine.fatal() is None
    want = Counter(sha256(f) for f in dropped)
    wait_for(
        lambda: Counter(u["sha256"] for u in attached_uploads(sandbox)) == want,
        timeout=60,
        what="every dropped file attached",
    )
    assert Counter(u["sha256"] for u in attached_uploads(sandbox)) == want  # each exactly once
    by_batch = {b: {i.name for i in engine.batch_items(b)} for b in batches}
    assert by_batch == {
        batches[0]: {"late1.txt", "late2.txt"},
        batches[1]: {"in0.txt", "in1.txt", "in2.txt"},
        batches[2]: {"last.txt"},
    }  # in the batches the drops were given


@pytest.mark.direct_engine_only  # the engine's own record of its tries; the protocol adds nothing
def test_a_full_queue_is_tried_again_every_few_seconds_not_in_a_loop(
    tmp_path: Path, sandbox: Sandbox, make_engine, small_disk: Path
) -> None:
    engine, _ = make_engine(home=small_disk / "home")
    filler = fill_disk(small_disk)
    drop_until_unwritable(engine, tmp_path, [])
    wait_for(lambda: len(engine.held.tries) >= 3, timeout=20, what="three tries")
    tries = list(engine.held.tries)
    gaps = [b - a for a, b in itertools.pairwise(tries)]
    assert all(g >= RETRY_SECONDS * 0.95 for g in gaps), gaps  # paced, never a busy loop
    assert engine.fatal() is not None  # still full: every try failed, nothing half-written
    filler.unlink()
    wait_for(lambda: engine.fatal() is None, timeout=RETRY_SECONDS * 3, what="the next try")


def test_a_queue_file_replaced_while_the_disk_is_full_stays_fatal(
    tmp_path: Path, sandbox: Sandbox, make_engine, small_disk: Path
) -> None:
    home = small_disk / "home"
    engine, _ = make_engine(home=home)
    db = home / "queue.sqlite3"
    stranger = small_disk / "restored.sqlite3"
    stranger.write_bytes(db.read_bytes())  # on the same disk, so it can be renamed over ours
    filler = fill_disk(small_disk)
    dropped: list[Path] = []
    drop_until_unwritable(engine, tmp_path, dropped)
    os.replace(stranger, db)  # a restore put another file under our name meanwhile
    filler.unlink()
    wait_for(
        lambda: (unwritable(engine) or {}).get("problem") == "replaced",
        timeout=30,
        what="the retry to find the file replaced",
    )
    data = unwritable(engine)
    assert data is not None and "retrying" not in data and data["waiting"] >= 1
    with pytest.raises(QueueReplacedError):
        engine.add_paths([write(tmp_path, "after.txt", text_bytes(tag="after"))], Target(KNOWLEDGE))
    assert engine.fatal() is not None
    received = {u["sha256"] for u in sandbox.records()["uploads"] if u["received"]}
    assert not received & {sha256(f) for f in dropped[-1:]}  # the held drop was never sent
