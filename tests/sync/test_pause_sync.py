"""Pausing syncing pauses the watched folders, not the app: a watched file the engine has
not sent yet is held, a file dropped meanwhile goes up, and resuming lets the held one go,
once. The sandbox's records are the evidence."""

from __future__ import annotations

import time
from pathlib import Path

from scripe_desktop.engine import AttachKind, ItemState, Target
from scripe_desktop.engine.watch import FolderList
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes

from .conftest import names, wait_for, wait_names


def test_pausing_syncing_holds_watched_files_and_lets_dropped_ones_go(
    tmp_path: Path, watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    syncer = make_syncer(watched)
    engine = syncer.engine
    held = sandbox.faults.hold("POST /v1/uploads")  # the watched file's first request waits
    (watched / "watched.txt").write_bytes(text_bytes(30, tag="watched"))
    assert held.wait_held(1, 20)
    [item] = [i for i in engine.items() if i.name == "watched.txt"]

    FolderList(syncer.folder_list.home).pause_until(time.time() + 3600)  # the tray's entry
    wait_for(lambda: engine.item(item.id).state is ItemState.PAUSED, 10, "watched file held")
    held.release()
    dropped = tmp_path / "dropped.txt"
    dropped.write_bytes(text_bytes(30, tag="dropped"))
    engine.add_paths([dropped], Target(AttachKind.KNOWLEDGE))  # what a drop on the window does
    wait_names(sandbox, {"dropped.txt": 1})
    (watched / "while paused.txt").write_bytes(text_bytes(30, tag="later"))
    wait_for(lambda: engine.item(item.id).state is ItemState.PAUSED, 5, "still held")
    assert names(sandbox) == {"dropped.txt": 1}

    FolderList(syncer.folder_list.home).pause_until(None)  # Resume syncing
    wait_names(sandbox, {"watched.txt": 1, "while paused.txt": 1})
    assert syncer.wait_idle(20)
    assert names(sandbox) == {"dropped.txt": 1, "watched.txt": 1, "while paused.txt": 1}


def test_a_pause_that_ended_while_the_app_was_closed_lets_held_files_go_at_start(
    watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    syncer = make_syncer(watched)
    engine = syncer.engine
    held = sandbox.faults.hold("POST /v1/uploads")
    (watched / "a.txt").write_bytes(text_bytes(30, tag="a"))
    assert held.wait_held(1, 20)
    home = syncer.folder_list.home
    FolderList(home).pause_until(time.time() + 3600)
    [item] = [i for i in engine.items() if i.name == "a.txt"]
    wait_for(lambda: engine.item(item.id).state is ItemState.PAUSED, 10, "held")
    held.release()
    syncer.stop(5)
    engine.shutdown(5)

    FolderList(home).pause_until(None)  # resumed (or expired) while nothing ran
    again = make_syncer(watched, add=False)
    wait_names(sandbox, {"a.txt": 1})
    assert again.wait_idle(20)
    assert names(sandbox) == {"a.txt": 1}
