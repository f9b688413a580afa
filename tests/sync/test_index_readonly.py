"""A reader (the window, the tray, ``watch list``) may open the index while the watcher is
still creating it: it sees an empty index, never an error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scripe_desktop.engine.watch import WatchIndex
from scripe_desktop.engine.watch.index import INDEX_FILE


def test_a_half_created_index_reads_as_empty(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / INDEX_FILE).close()  # the file exists, its tables not yet
    index = WatchIndex(tmp_path, readonly=True)
    try:
        facts = index.facts("/somewhere")
    finally:
        index.close()
    assert (facts.files, facts.last_upload, facts.skipped) == (0, None, ())


def test_a_written_index_is_read(tmp_path: Path) -> None:
    WatchIndex(tmp_path).folder_meta("/w", last_scan=12.0)
    index = WatchIndex(tmp_path, readonly=True)
    try:
        assert index.facts("/w").last_scan == 12.0
    finally:
        index.close()
