"""The queue file failing, as the window tells it (issue 11): damaged at start (the message
the CLI gives: path, what to do, the damaged file kept aside), and unwritable while running (a
plain banner). Real files; the full disk is a small tmpfs filled up."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from scripe_desktop.engine import default_home
from scripe_desktop.engine.events import ConditionKind
from scripe_desktop.ui import reasons
from scripe_desktop.ui.close_dialog import CloseChoice
from tests.samples import fill_disk

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


def _drop(app, tmp_path: Path, name: str) -> list[Path]:
    files = make_files(tmp_path / name.replace(".", "_"), {name: text_bytes(2000)})
    assert simulate_drop(app.window.drop_zone, files)
    return files


def _drop_until_full(qtbot, app, tmp_path: Path) -> list[Path]:
    """Drops through the window until the queue can't be written (the banner shows)."""
    banner = app.window.banner
    dropped: list[Path] = []
    for i in range(40):  # each drop writes to the queue; SQLite may still find a free page
        dropped += _drop(app, tmp_path, f"more{i}.txt")
        app.bridge.wait_for_commands()
        qtbot.wait(1)  # let the bridge deliver what the engine said
        if banner.row_for(ConditionKind.QUEUE_UNWRITABLE) is not None:
            break
    qtbot.waitUntil(
        lambda: banner.row_for(ConditionKind.QUEUE_UNWRITABLE) is not None, timeout=20_000
    )
    return dropped


def _held(app) -> int:
    return reasons.held_drops(app.window.banner.conditions)


def _attached(sandbox) -> Counter:
    by_id = {u["id"]: u for u in sandbox.records()["uploads"]}
    return Counter(by_id[k["uploadId"]]["sha256"] for k in sandbox.records()["knowledge"])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_disk_that_fills_up_while_running_loses_no_drop(
    qtbot, make_app, sandbox, tmp_path: Path, small_disk: Path
) -> None:
    home = small_disk / "home"
    app = make_app(home=home)
    dropped = _drop(app, tmp_path, "first.txt")
    qtbot.waitUntil(lambda: len(sandbox.records()["knowledge"]) == 1, timeout=20_000)
    filler = fill_disk(small_disk)
    dropped += _drop_until_full(qtbot, app, tmp_path)
    banner = app.window.banner
    row = banner.row_for(ConditionKind.QUEUE_UNWRITABLE)
    assert row is not None and row.tone.value == "error" and row.button is None
    text = row.label.text()
    path = home / "queue.sqlite3"
    assert f"The upload queue can't be written at {path}</b>: there isn't enough disk" in text
    assert "Uploads have stopped; nothing was lost." in text
    assert "Free some space: uploads continue by themselves." in text
    assert banner.isVisible()
    assert app.bridge.wait_for_commands()  # every drop so far reached the engine, and
    qtbot.wait(1)  # what it said about them is delivered: the count is settled
    before = _held(app)
    for i in range(3):  # dropped while the disk is full: held by the engine, in order
        dropped += _drop(app, tmp_path, f"while_full{i}.txt")
    want = f"{before + 3} dropped items will be added as soon as there is space."
    qtbot.waitUntil(
        lambda: want in banner.row_for(ConditionKind.QUEUE_UNWRITABLE).label.text(),
        timeout=20_000,
    )
    window = app.window
    assert not window.close()  # the dialog tells what quitting now would lose
    dialog = window.close_dialog
    assert dialog is not None
    info = dialog.informativeText()
    assert f"{before + 3} dropped items could not be added to the queue yet" in info
    assert "if you quit now, you will need to drop them again" in info
    assert "Nothing is lost if you quit" not in info
    dialog.choose(CloseChoice.CANCEL)
    filler.unlink()  # space freed: no restart, no click
    qtbot.waitUntil(lambda: banner.row_for(ConditionKind.QUEUE_UNWRITABLE) is None, timeout=30_000)
    want_sha = Counter(_sha(f) for f in dropped)
    qtbot.waitUntil(lambda: _attached(sandbox) == want_sha, timeout=60_000)
    assert _attached(sandbox) == want_sha  # every file dropped arrived, each exactly once


def test_quitting_while_drops_are_held_says_they_must_be_dropped_again(
    qtbot, make_app, sandbox, tmp_path: Path, small_disk: Path
) -> None:
    home = small_disk / "home"
    app = make_app(home=home)
    filler = fill_disk(small_disk)
    _drop_until_full(qtbot, app, tmp_path)
    last = _drop(app, tmp_path, "held.txt")
    qtbot.waitUntil(lambda: _held(app) >= 1, timeout=20_000)
    held = _held(app)
    window = app.window
    app.tray.quitRequested.emit()  # "Quit Scripe Desktop" in the tray: asks first, this once
    dialog = window.close_dialog
    assert dialog is not None
    plural = "item" if held == 1 else "items"
    assert f"{held} dropped {plural} could not be added to the queue yet" in (
        dialog.informativeText()
    )
    with qtbot.waitSignal(app.finished, timeout=15_000):
        dialog.quit_button.click()
    filler.unlink()
    again = make_app(home=home)  # as the dialog said: the held drop is not in the queue
    again.bridge.wait_for_commands()
    assert "held.txt" not in {i.name for i in again.window.model.items()}
    assert _sha(last[0]) not in _attached(sandbox)


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
