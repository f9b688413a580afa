"""The queue file failing, as the window tells it (issue 11): damaged at start (the message
the CLI gives: path, what to do, the damaged file kept aside), and unwritable while running (a
plain banner). Real files; the full disk is a small tmpfs filled up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from scripe_desktop.engine import default_home
from scripe_desktop.engine.events import ConditionKind

from .helpers import make_files, simulate_drop, text_bytes

pytestmark = pytest.mark.gui


def _start_box(app) -> QMessageBox | None:
    boxes = [b for b in app.window.findChildren(QMessageBox) if b.isVisible()]
    return boxes[0] if boxes else None


def test_a_garbage_queue_at_start_is_explained_and_kept_aside(
    qtbot, make_app, tmp_path: Path, monkeypatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    garbage = b"this is not a database, just some bytes\n" * 200
    (home / "queue.sqlite3").write_bytes(garbage)
    monkeypatch.setenv("SCRIPE_DESKTOP_HOME", str(home))
    assert default_home() == home  # the state folder the app opens, as a person sets it
    app = make_app(home=default_home(), wait_ready=False)
    qtbot.waitUntil(lambda: _start_box(app) is not None, timeout=20_000)
    box = _start_box(app)
    assert box is not None
    [kept] = home.glob("queue.sqlite3.broken-*")
    assert kept.read_bytes() == garbage  # never overwritten
    text = box.informativeText()
    assert f"The upload queue at {home / 'queue.sqlite3'} is damaged" in text
    assert f"It was kept as {kept}." in text
    assert "Open Scripe Desktop again to start with an empty queue." in text
    assert "Traceback" not in text and "Error" not in text  # the class name is in Details only
    with qtbot.waitSignal(app.finished, timeout=15_000):
        box.done(QMessageBox.StandardButton.Close)  # Close quits; nothing was left running
    assert not app.bridge.is_connected


def _drop(app, tmp_path: Path, name: str) -> None:
    files = make_files(tmp_path / name.replace(".", "_"), {name: text_bytes(2000)})
    assert simulate_drop(app.window.drop_zone, files)


def test_a_disk_that_fills_up_while_running_shows_a_banner(
    qtbot, make_app, sandbox, tmp_path: Path, small_disk: Path
) -> None:
    home = small_disk / "home"
    app = make_app(home=home)
    _drop(app, tmp_path, "first.txt")
    qtbot.waitUntil(lambda: len(sandbox.records()["knowledge"]) == 1, timeout=20_000)
    with open(small_disk / "filler", "wb") as fh:  # another program takes every byte left
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    banner = app.window.banner
    for i in range(40):  # each drop writes to the queue; the first failure stops everything
        _drop(app, tmp_path, f"more{i}.txt")
        if banner.row_for(ConditionKind.QUEUE_UNWRITABLE) is not None:
            break
    qtbot.waitUntil(
        lambda: banner.row_for(ConditionKind.QUEUE_UNWRITABLE) is not None, timeout=20_000
    )
    row = banner.row_for(ConditionKind.QUEUE_UNWRITABLE)
    assert row is not None and row.tone.value == "error" and row.button is None
    text = row.label.text()
    path = home / "queue.sqlite3"
    assert f"The upload queue can't be written at {path}</b>: there isn't enough disk" in text
    assert "Uploads have stopped; nothing was lost." in text
    assert "Free some space, then quit and open Scripe Desktop again" in text
    assert banner.isVisible()


def test_a_queue_file_replaced_while_running_shows_a_banner(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    app = make_app(home=home)
    db = home / "queue.sqlite3"
    stranger = tmp_path / "restored.sqlite3"
    stranger.write_bytes(db.read_bytes())
    os.replace(stranger, db)  # a backup restore or a sync tool swapped the file
    _drop(app, tmp_path, "after.txt")
    banner = app.window.banner
    qtbot.waitUntil(
        lambda: banner.row_for(ConditionKind.QUEUE_UNWRITABLE) is not None, timeout=20_000
    )
    text = banner.row_for(ConditionKind.QUEUE_UNWRITABLE).label.text()
    assert f"The upload queue can't be written at {db}</b>" in text
    assert "another program deleted or replaced the file" in text
    assert "Quit and open Scripe Desktop again to continue." in text
    assert sandbox.records()["knowledge"] == []
