"""The engine in its own process (what the desktop app runs): same behaviour, same events."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from scripe_desktop.engine import EngineConfig, ItemState, Target
from scripe_desktop.engine.events import ConditionKind, ConditionsChanged, ItemAdded, ItemChanged
from scripe_desktop.engine.remote import EngineProcessError, RemoteEngine
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write, write_samples

from .conftest import KNOWLEDGE, Recorder, wait_for


def _remote(sandbox: Sandbox, home: Path) -> RemoteEngine:
    return RemoteEngine(EngineConfig(home=home, api_base=sandbox.base_url), sandbox.api_key)


def test_a_batch_runs_to_done_with_events_and_mirrored_state(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    files = write_samples(tmp_path / "drop")
    engine = _remote(sandbox, tmp_path / "home")
    rec = Recorder()
    engine.subscribe(rec)
    try:
        engine.start()
        batch = engine.add_paths([tmp_path / "drop"], Target(KNOWLEDGE))
        wait_for(
            lambda: (
                len(engine.batch_items(batch)) == len(files)
                and all(i.state is ItemState.DONE for i in engine.batch_items(batch))
            ),
            what="remote batch done",
        )
        assert all(i.result_id for i in engine.batch_items(batch))
        assert len(rec.of(ItemAdded)) == len(files)
        assert rec.of(ItemChanged)
        wait_for(lambda: engine.totals().files_left == 0, what="totals mirrored")
        assert len(sandbox.records()["knowledge"]) == len(files)
    finally:
        engine.shutdown()


def test_commands_reach_the_child_in_order(tmp_path: Path, sandbox: Sandbox) -> None:
    f = write(tmp_path, "long.txt", text_bytes(120_000))
    engine = _remote(sandbox, tmp_path / "home")
    try:
        engine.start()
        engine.set_rate_limit(512 * 1024)
        assert engine.rate_limit() == 512 * 1024
        batch = engine.add_paths([f], Target(KNOWLEDGE))
        wait_for(lambda: any(i.bytes_sent > 0 for i in engine.batch_items(batch)), what="PUT")
        [item] = engine.batch_items(batch)
        engine.pause(i for i in [item.id])  # generators are sent as lists
        wait_for(lambda: engine.item(item.id).state is ItemState.PAUSED, what="paused")
        engine.set_rate_limit(None)
        engine.resume([item.id])
        wait_for(lambda: engine.item(item.id).state is ItemState.DONE, what="done")
    finally:
        engine.shutdown()


def test_restart_resumes_from_the_same_queue(tmp_path: Path, sandbox: Sandbox) -> None:
    f = write(tmp_path, "long.txt", text_bytes(120_000))
    home = tmp_path / "home"
    engine = _remote(sandbox, home)
    engine.start()
    engine.set_rate_limit(512 * 1024)
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    wait_for(lambda: any(i.bytes_sent > 0 for i in engine.batch_items(batch)), what="PUT")
    engine.shutdown()
    again = _remote(sandbox, home)
    try:
        [item] = again.items()
        assert item.state is ItemState.WAITING
        again.start()
        wait_for(lambda: again.item(item.id).state is ItemState.DONE, what="resumed")
    finally:
        again.shutdown()
    assert len(sandbox.records()["knowledge"]) == 1


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
    rec = Recorder()
    engine.subscribe(rec)
    engine.start()
    os.kill(engine._proc.pid, signal.SIGKILL)
    wait_for(
        lambda: ConditionKind.ENGINE_STOPPED in {c.kind for c in engine.conditions_now()},
        what="engine stopped condition",
    )
    assert any(isinstance(e, ConditionsChanged) for e in rec.events)
    deadline = time.monotonic() + 10
    with pytest.raises(EngineProcessError):
        while time.monotonic() < deadline:
            engine.add_paths([tmp_path], Target(KNOWLEDGE))
            time.sleep(0.1)
    engine.shutdown()


def test_a_broken_type_database_fails_the_start(
    tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.mgc"
    empty.write_text("0 string NOTHING_MATCHES nothing\n")
    monkeypatch.setenv("MAGIC", str(empty))  # the child inherits it, as a frozen app would
    with pytest.raises(EngineProcessError, match="can't recognise file types"):
        _remote(sandbox, tmp_path / "home")
