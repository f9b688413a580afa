"""The queue's record of what each batch must scan and how far it got (scanner.py), and paths
kept exactly even when they are not UTF-8.

A batch's roots are written with the batch; its scan is marked done only at the end, so a quit,
a kill or a full disk mid-scan is resumed on the next start (and watched folders can reuse the
same record). Names that are not UTF-8 are stored as bytes (``path_raw``) beside the text
people see (replacement characters).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

SCAN_MIGRATIONS: dict[int, str] = {
    1: """
        ALTER TABLE items ADD COLUMN path_raw BLOB;
        CREATE INDEX items_batch ON items(batch_id);
        CREATE TABLE scans (
            batch_id INTEGER PRIMARY KEY REFERENCES batches(id),
            include_hidden INTEGER NOT NULL DEFAULT 0,
            done INTEGER NOT NULL DEFAULT 0,
            found INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE scan_roots (
            batch_id INTEGER NOT NULL REFERENCES scans(batch_id),
            seq INTEGER NOT NULL,
            path BLOB NOT NULL,
            PRIMARY KEY (batch_id, seq)
        );
        """,
}


class ScanRecords:
    """Mixed into QueueStore: it provides ``_lock``, ``_db`` and ``transaction``."""

    _lock: threading.RLock
    _db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def unfinished_scans(self) -> list[tuple[int, list[str], bool]]:
        """(batch id, roots, include hidden) of every batch whose scan has not ended."""
        with self._lock:
            scans = self._db.execute(
                "SELECT batch_id, include_hidden FROM scans WHERE done=0 ORDER BY batch_id"
            ).fetchall()
            out = []
            for batch_id, hidden in scans:
                roots = self._db.execute(
                    "SELECT path FROM scan_roots WHERE batch_id=? ORDER BY seq", (batch_id,)
                ).fetchall()
                out.append((int(batch_id), [os.fsdecode(r[0]) for r in roots], bool(hidden)))
        return out

    def scan_done(self, batch_id: int) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT done FROM scans WHERE batch_id=?", (batch_id,)
            ).fetchone()
        return row is None or bool(row[0])  # batches from before scans were saved: done

    def finish_scan(self, batch_id: int, found: int, skipped: int) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE scans SET done=1, found=?, skipped=? WHERE batch_id=?",
                (found, skipped, batch_id),
            )

    def batch_paths(self, batch_id: int) -> set[str]:
        """Paths already queued in a batch (a resumed scan skips them)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT path, path_raw FROM items WHERE batch_id=?", (batch_id,)
            ).fetchall()
        return {os.fsdecode(raw) if raw is not None else path for path, raw in rows}


def shown_path(path: str) -> str:
    """What people see of a path: undecodable bytes as replacement characters."""
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "replace")
    return path


def lossless_path(values: dict[str, Any]) -> dict[str, Any]:
    """A name that is not UTF-8 (bytes from another system) is kept exactly, as bytes; the
    text column holds what people see (replacement characters)."""
    path = values.get("path")
    if not isinstance(path, str):
        return values
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "replace")
        name = str(values.get("name", ""))
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            name = os.fsencode(name).decode("utf-8", "replace")
        return {**values, "path": shown, "path_raw": os.fsencode(path), "name": name}
    return values


def insert_scan(
    db: sqlite3.Connection, batch_id: int, roots: Iterable[str | Path], include_hidden: bool
) -> None:
    db.execute(
        "INSERT INTO scans(batch_id, include_hidden) VALUES (?, ?)", (batch_id, int(include_hidden))
    )
    db.executemany(
        "INSERT INTO scan_roots(batch_id, seq, path) VALUES (?, ?, ?)",
        [(batch_id, i, os.fsencode(str(Path(r).absolute()))) for i, r in enumerate(roots)],
    )
