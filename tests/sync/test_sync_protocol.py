"""``sync`` and the folder watchers ask of the engine only what the typed protocol offers:
the command's engine is the protocol client (as for ``upload`` and the window), a command
outside the registry is refused at both ends, and a watched file still lands exactly once."""

from __future__ import annotations

import marshal
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripe_desktop import cli, cli_sync
from scripe_desktop.engine import EngineConfig, UploadEngine
from scripe_desktop.engine import protocol as p
from scripe_desktop.engine.events import ConditionsChanged
from scripe_desktop.engine.protocol import CommandFailed, ProtocolError
from scripe_desktop.engine.remote import CommandClient, RemoteEngine
from scripe_desktop.engine.watch import FolderList, FolderSyncer, WatchedFolder, WatchIndex
from scripe_desktop.engine.watch.host import BackgroundSync
from scripe_desktop.engine.watch.rules import FileStat
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes

from .conftest import names, wait_for, wait_names


@pytest.fixture
def restore_signals() -> Iterator[None]:
    """``sync`` installs its own SIGINT/SIGTERM handlers; run in this process, put them back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


def test_sync_runs_its_watchers_on_the_protocol_client_and_a_file_lands_once(
    tmp_path: Path,
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    restore_signals: None,
) -> None:
    home, folder = tmp_path / "home", tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").write_bytes(text_bytes(20, tag="note"))
    FolderList(home).add(WatchedFolder(str(folder), "knowledge", None))
    monkeypatch.setenv("SCRIPE_DESKTOP_HOME", str(home))
    monkeypatch.setenv("SCRIPE_API_BASE", sandbox.base_url)
    monkeypatch.setenv("SCRIPE_API_KEY", sandbox.api_key)
    given: list[Any] = []

    class Recording(FolderSyncer):  # the real syncer; it only notes the engine it was given
        def __init__(self, engine: Any, *args: Any, **kwargs: Any) -> None:
            given.append(engine)
            super().__init__(engine, *args, **kwargs)

    monkeypatch.setattr(cli_sync, "FolderSyncer", Recording)

    assert cli.main(["sync", "--once", "--settle", "0.2"]) == 0

    [engine] = given
    assert isinstance(engine, RemoteEngine), "sync drives the engine through the protocol"
    assert isinstance(engine.engine, UploadEngine)  # served in this process, over a pipe
    with pytest.raises(AttributeError):
        engine.queue  # noqa: B018  the engine's insides are not a command
    assert names(sandbox) == {"note.txt": 1}
    assert len(sandbox.records()["knowledge"]) == 1

    # a second run finds nothing new: no second attach
    assert cli.main(["sync", "--once", "--settle", "0.2"]) == 0
    assert names(sandbox) == {"note.txt": 1}


def _raw(engine: RemoteEngine, call_id: int, payload: bytes) -> Any:
    with engine._lock:
        engine._conn.send_bytes(payload)
    wait_for(lambda: call_id in engine._replies, 10, f"an answer to call {call_id}")
    with engine._lock:
        return engine._replies.pop(call_id)


def test_a_command_outside_the_registry_is_refused_and_the_engine_goes_on(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    config = EngineConfig(home=tmp_path / "home", api_base=sandbox.base_url)
    engine = RemoteEngine(config, sandbox.api_key, in_process=True)
    try:
        # the client refuses to build one …
        with pytest.raises(AttributeError):
            engine.queue  # noqa: B018
        with pytest.raises(ProtocolError):
            p.make_command("queue")
        # … and the engine refuses one that arrives anyway, with an answer (nothing hangs):
        # a registered dataclass that is not a command, and a name nobody registered
        event_as_command = p.dumps(p.Call(1_000_001, ConditionsChanged(())))
        unknown = marshal.dumps(("Call", 1_000_002, ("Shell", "rm -rf /")))
        for call_id, payload in ((1_000_001, event_as_command), (1_000_002, unknown)):
            answer = _raw(engine, call_id, payload)
            assert isinstance(answer, p.Failure) and answer.code == "unknown_command"
            refused = p.rebuild(answer)
            assert isinstance(refused, CommandFailed) and refused.code == "unknown_command"
        assert engine.items() == [] and engine.totals().paused is False  # still serving
    finally:
        engine.shutdown(5)


def test_the_windows_watcher_uses_only_commands_and_a_file_lands_once(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    """In the engine process the watcher calls the engine in place, still command by command."""
    home, folder = tmp_path / "home", tmp_path / "inbox"
    folder.mkdir()
    FolderList(home).add(WatchedFolder(str(folder), "knowledge", None))
    config = EngineConfig(home=home, api_base=sandbox.base_url, follow_jobs=True)
    host = BackgroundSync(UploadEngine(config, sandbox.api_key), home, settle=0.2)
    host.start()
    try:
        assert host.syncer is not None and isinstance(host.syncer.engine, CommandClient)
        with pytest.raises(AttributeError):
            host.syncer.engine.queue  # noqa: B018
        (folder / "saved.txt").write_bytes(text_bytes(20, tag="saved"))
        wait_names(sandbox, {"saved.txt": 1})
        assert host.syncer.wait_idle(20, jobs=True)
        assert names(sandbox) == {"saved.txt": 1}
    finally:
        host.shutdown(5)


def test_the_watcher_asks_for_the_whole_queue_only_with_files_to_reconcile(
    tmp_path: Path,
) -> None:
    """At every start of the engine process: no snapshot of a 50,000-file queue for nothing."""
    from scripe_desktop.engine.watch.recovery import reconcile

    index = WatchIndex(tmp_path / "home")
    try:
        asked: list[int] = []
        state = reconcile(index, lambda: asked.append(1) or [])
        assert not asked and not state.inflight and not state.again
        index.record("/w", [("a.txt", FileStat(5, 1, 1, 1), None, 0)], "queued")
        state = reconcile(index, lambda: asked.append(1) or [])
        assert asked == [1] and state.again == [("/w", "a.txt", "/w/a.txt")]  # never got it
    finally:
        index.close()
