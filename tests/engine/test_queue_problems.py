"""The queue file failing under a running engine, and at its start, as the front ends learn it:
a typed condition (``queue_unwritable``) with the problem and the path, and typed errors that
cross the protocol with the same data. Real SQLite files, replaced or read-only for real."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripe_desktop.engine import EngineConfig
from scripe_desktop.engine.events import ConditionKind, ConditionsChanged, Target
from scripe_desktop.engine.remote import EngineProcessError, RemoteEngine
from scripe_desktop.engine.store_safety import (
    QueueDamagedError,
    QueueReplacedError,
    QueueStoreError,
)
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import KNOWLEDGE, wait_for


def _unwritable(recorder) -> list:
    return [
        c
        for e in recorder.of(ConditionsChanged)
        for c in e.conditions
        if c.kind is ConditionKind.QUEUE_UNWRITABLE
    ]


@pytest.mark.both_engines
def test_a_queue_file_replaced_mid_run_is_one_typed_condition(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    home = tmp_path / "home"
    engine, recorder = make_engine(home=home)
    db = home / "queue.sqlite3"
    stranger = tmp_path / "stranger.sqlite3"
    stranger.write_bytes(db.read_bytes())
    os.replace(stranger, db)  # a sync tool or a restore put another file under our name
    for i in range(3):  # every write now fails, as a typed error; the condition comes once
        with pytest.raises(QueueReplacedError):
            engine.add_paths(
                [write(tmp_path, f"a{i}.txt", text_bytes(tag=str(i)))], Target(KNOWLEDGE)
            )
    wait_for(lambda: _unwritable(recorder), what="the queue_unwritable condition")
    assert len(set(map(repr, _unwritable(recorder)))) == 1  # one condition, never another
    cond = _unwritable(recorder)[0]
    assert cond.data == {"problem": "replaced", "path": str(db), "kept": None, "journal": False}
    assert str(db) in cond.message
    assert any(c.kind is ConditionKind.QUEUE_UNWRITABLE for c in engine.conditions_now())
    assert sandbox.records()["knowledge"] == []  # nothing was sent after the file changed


@pytest.mark.parametrize("in_process", [True, False], ids=["thread", "process"])
def test_garbage_at_start_crosses_the_protocol_as_a_typed_error(
    tmp_path: Path, sandbox: Sandbox, in_process: bool
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "queue.sqlite3").write_bytes(b"not a database at all\n" * 100)
    config = EngineConfig(home=home, api_base=sandbox.base_url)
    with pytest.raises(EngineProcessError) as caught:
        RemoteEngine(config, sandbox.api_key, in_process=in_process)
    err = caught.value.__cause__
    assert isinstance(err, QueueDamagedError) and isinstance(err, QueueStoreError)
    kept = err.data["kept"]
    assert err.data["problem"] == "damaged" and err.data["path"] == str(home / "queue.sqlite3")
    assert kept and Path(kept).read_bytes().startswith(b"not a database") and kept in str(err)
