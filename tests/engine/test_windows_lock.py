"""The Windows queue lock (``msvcrt.locking`` on ``queue.lock`` beside the database), run here
with the OS layer injected: ``lockfile.system()`` says "nt" and ``msvcrt`` is a stand-in that
behaves like Windows (fake_msvcrt.py). The engines, their SQLite files and the sandbox are real.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path

import pytest

from scripe_desktop.engine import EngineConfig, Target, UploadEngine, lockfile
from scripe_desktop.engine.lockfile import QueueBusyError
from scripe_desktop.engine.watch import FolderList, WatchedFolder
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import KNOWLEDGE, attached_uploads, sha256, wait_for
from .fake_msvcrt import FakeMsvcrt


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(lockfile, "system", lambda: "nt")
    return fake


@pytest.fixture
def engines():
    made: list[UploadEngine] = []
    yield made
    for engine in made:
        with contextlib.suppress(Exception):
            engine.shutdown(timeout=5)


def _engine(home: Path, sandbox: Sandbox, made: list) -> UploadEngine:
    engine = UploadEngine(EngineConfig(home=home, api_base=sandbox.base_url), sandbox.api_key)
    made.append(engine)
    return engine


def test_a_second_engine_on_a_windows_queue_is_refused_plainly(
    tmp_path: Path, sandbox: Sandbox, windows: FakeMsvcrt, engines: list
) -> None:
    home = tmp_path / "home"
    first = _engine(home, sandbox, engines)
    lock, db = home / "queue.lock", home / "queue.sqlite3"
    assert lock.exists() and windows.holds(lock)  # the file beside the database is locked,
    assert not windows.holds(db)  # never the database (SQLite's own byte locks live there)
    with pytest.raises(QueueBusyError) as caught:
        _engine(home, sandbox, engines)
    assert str(caught.value) == (
        "Scripe Desktop is already working on this upload queue (the app or another command). "
        f"Close it first, or use another SCRIPE_DESKTOP_HOME ({home})."
    )
    assert windows.refused >= 1
    first.shutdown()
    engines.remove(first)
    again = _engine(home, sandbox, engines)  # a clean stop frees it
    assert windows.holds(lock)
    again.shutdown()
    engines.remove(again)


def test_a_crashed_engine_frees_the_windows_lock(
    tmp_path: Path, sandbox: Sandbox, windows: FakeMsvcrt, engines: list
) -> None:
    home = tmp_path / "home"
    crashed = _engine(home, sandbox, engines)
    with pytest.raises(QueueBusyError):
        _engine(home, sandbox, engines)
    engines.remove(crashed)  # never shut down: it "died"
    crashed.queue.store._owner._fh.close()  # what Windows does to a dead process's handles
    engine = _engine(home, sandbox, engines)  # the next start works on the queue at once
    f = write(tmp_path, "after-crash.txt", text_bytes(tag="after-crash"))
    engine.start()
    engine.add_paths([f], Target(KNOWLEDGE))
    wait_for(lambda: [u["sha256"] for u in attached_uploads(sandbox)] == [sha256(f)])


def test_the_watched_folder_list_waits_for_the_other_writer_on_windows(
    tmp_path: Path, windows: FakeMsvcrt
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "docs").mkdir()
    folders = FolderList(home)
    other = open(folders.path.with_suffix(".lock"), "a+b")  # noqa: SIM115 - another process
    try:
        windows.locking(other.fileno(), windows.LK_NBLCK, 1)
        done = threading.Event()

        def add() -> None:
            FolderList(home).add(WatchedFolder(str(tmp_path / "docs"), "knowledge", None))
            done.set()

        writer = threading.Thread(target=add)
        writer.start()
        wait_for(lambda: windows.refused >= 2, what="the writer to find the list locked")
        assert not done.is_set()  # it waits: it never writes over the other writer's change
    finally:
        other.close()  # the other process ends: its lock goes with its handle
    wait_for(done.is_set, what="the writer to go on")
    writer.join(5)
    assert [f.path for f in FolderList(home).load().folders] == [str(tmp_path / "docs")]
