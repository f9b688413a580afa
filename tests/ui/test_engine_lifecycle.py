"""The engine process as the window lives with it: it dies, the window says so, "Restart
uploading" brings it back; quitting never blocks the GUI thread; no Qt call off the GUI thread."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QThread
from PySide6.QtTest import QTest

from scripe_desktop.engine.events import ConditionKind, ItemState
from scripe_desktop.sandbox import Sandbox

from .helpers import make_files, simulate_drop, text_bytes


def test_a_killed_engine_is_reported_and_restart_uploading_works(
    qtbot, make_app, sandbox: Sandbox, tmp_path: Path
) -> None:
    app = make_app()
    pid = app.engine_host.pid
    assert pid is not None  # a real child process
    os.kill(pid, signal.SIGKILL)
    banner = app.window.banner
    qtbot.waitUntil(
        lambda: banner.row_for(ConditionKind.ENGINE_STOPPED) is not None, timeout=10_000
    )
    row = banner.row_for(ConditionKind.ENGINE_STOPPED)
    assert "Nothing is lost" in banner.describe(row.condition)[0]
    assert row.button is not None and row.button.text() == "Restart uploading"
    assert app.engine is None  # nothing pretends to be connected
    QTest.mouseClick(row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.engine is not None, timeout=15_000)
    assert app.engine_host.pid != pid
    assert banner.row_for(ConditionKind.ENGINE_STOPPED) is None
    files = make_files(tmp_path / "after", {"after.txt": text_bytes(2000)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(lambda: len(sandbox.records()["knowledge"]) == 1, timeout=20_000)
    qtbot.waitUntil(
        lambda: [i.state for i in app.window.model.items()] == [ItemState.DONE], timeout=10_000
    )


def test_quit_returns_at_once_and_the_engine_stops_after(qtbot, make_app) -> None:
    app = make_app()
    handle = app.engine_host
    with qtbot.waitSignal(app.finished, timeout=15_000):
        app.quit()  # returns before the engine has stopped: the GUI thread never waits
        assert handle.is_alive()
    qtbot.waitUntil(lambda: not handle.is_alive(), timeout=10_000)


def test_no_signal_is_emitted_off_the_gui_thread(qtbot, make_app, tmp_path: Path) -> None:
    """Watch every signal the bridge and the workers' waker deliver: all on the GUI thread."""
    gui = QThread.currentThread()
    seen: list[bool] = []
    app = make_app()
    bridge = app.bridge
    for sig in (bridge.itemsUpserted, bridge.totalsChanged, bridge.conditionsChanged):
        sig.connect(
            lambda *_a: seen.append(QThread.currentThread() is gui and threading.current_thread()
                                    is threading.main_thread()),
            Qt.ConnectionType.DirectConnection,
        )  # fmt: skip
    files = make_files(tmp_path / "d", {f"f{i}.txt": text_bytes(1000) for i in range(5)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(
        lambda: sum(i.state is ItemState.DONE for i in app.window.model.items()) == 5,
        timeout=20_000,
    )
    assert seen and all(seen)


def test_an_engine_that_starts_after_quit_is_stopped_not_attached(qtbot, make_app) -> None:
    """A new API address restarts the engine; quitting meanwhile must not attach the late one
    (its snapshot would reach a window that is gone) and must not leave it running."""
    app = make_app()
    late: list = []
    gate = threading.Event()
    spawn = app.lifecycle.spawn

    def held_spawn(config, key):
        gate.wait(10)  # the quit happens while this engine is being started
        handle = spawn(config, key)
        late.append(handle)
        return handle

    app.lifecycle.spawn = held_spawn
    app.lifecycle.switch_api_base(app.api_base)
    qtbot.waitUntil(lambda: not app.lifecycle.switching, timeout=10_000)
    app.shutdown()
    gate.set()
    qtbot.waitUntil(lambda: bool(late) and not late[0].is_alive(), timeout=15_000)
    assert app.bridge.handle is None
