"""Issue 11: a watched folder keeps working while the disk under the state folder is full.
Files that appear meanwhile are neither lost nor doubled: once space is freed they are
attached, each exactly once (the sandbox's records). Real inotify, a real 16 MB tmpfs."""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from pathlib import Path

from scripe_desktop.engine.events import ConditionKind
from scripe_desktop.engine.watch import FolderList, FolderSyncer, WatchedFolder
from scripe_desktop.sandbox import Sandbox
from tests.samples import fill_disk, text_bytes

from .conftest import SETTLE, attached, names, sha, wait_for, wait_names


def test_files_found_while_the_disk_is_full_are_attached_once_space_is_freed(
    tmp_path: Path, sandbox: Sandbox, make_engine, small_disk: Path, caplog
) -> None:
    caplog.set_level(logging.INFO, "scripe_desktop")
    watched = tmp_path / "watched"  # the watched folder is elsewhere; the state folder fills
    watched.mkdir()
    home = small_disk / "home"
    FolderList(home).add(WatchedFolder(str(watched), "knowledge", None))
    engine, _ = make_engine(home=home)
    syncer = FolderSyncer(engine, home, settle=SETTLE)
    syncer.start()
    try:
        (watched / "before.txt").write_bytes(text_bytes(20, tag="before"))
        wait_names(sandbox, {"before.txt": 1})
        filler = fill_disk(small_disk)
        data = {f"full{i}.txt": text_bytes(30, tag=f"full{i}") for i in range(6)}
        for name, content in data.items():
            (watched / name).write_bytes(content)
        wait_for(  # the watcher's index or the queue failed a write, and said so
            lambda: (
                "not recorded yet" in caplog.text
                or any(c.kind is ConditionKind.QUEUE_UNWRITABLE for c in engine.conditions_now())
            ),
            timeout=20,
            what="a write to fail on the full disk",
        )
        assert not set(data) & set(names(sandbox))  # nothing new could be recorded, so none sent
        filler.unlink()  # space freed: the watcher and the engine go on by themselves
        wait_names(sandbox, dict.fromkeys(data, 1), timeout=60)
        got = Counter(a["sha256"] for a in attached(sandbox))
        assert got == Counter(sha(c) for c in [text_bytes(20, tag="before"), *data.values()])
    finally:
        with contextlib.suppress(Exception):
            syncer.stop(5)
