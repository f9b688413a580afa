"""The per-folder index: what each watched file looked like when it was last handled.

Watcher events are only hints; the truth is a rescan compared with this index (path, size,
mtime, file id, content hash, queue item). A file whose stat matches its row needs nothing; a
new path whose file id or content matches a row whose file is gone was renamed or moved, and is
never uploaded again. One SQLite file (WAL) beside the queue, so ``watch list`` can read it
while ``sync`` or the window writes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .rules import FileStat

INDEX_FILE = "watch-index.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    folder TEXT NOT NULL,
    rel TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    dev INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    sha256 TEXT,
    state TEXT NOT NULL,          -- seen | queued | done
    batch_id INTEGER,
    item_id INTEGER,
    outcome TEXT,                 -- the engine's final state: done, skipped, failed, ...
    reason TEXT,                  -- why it was skipped or failed, in plain words
    uploads INTEGER NOT NULL DEFAULT 0,
    handled_at REAL NOT NULL,
    PRIMARY KEY (folder, rel)
);
CREATE INDEX IF NOT EXISTS files_ino ON files(folder, ino);
CREATE INDEX IF NOT EXISTS files_sha ON files(folder, sha256);
CREATE INDEX IF NOT EXISTS files_state ON files(state);
CREATE TABLE IF NOT EXISTS folders (
    folder TEXT PRIMARY KEY,
    last_scan REAL,
    last_upload REAL,
    mode TEXT,
    mode_reason TEXT
);
"""


@dataclass(frozen=True)
class IndexRow:
    folder: str
    rel: str
    stat: FileStat
    sha256: str | None
    state: str
    batch_id: int | None
    item_id: int | None
    outcome: str | None
    reason: str | None
    uploads: int
    handled_at: float


@dataclass(frozen=True)
class FolderFacts:
    files: int
    last_upload: float | None
    last_scan: float | None
    mode: str | None
    mode_reason: str | None
    skipped: tuple[tuple[str, str], ...]  # (relative path, reason)


def _has_schema(db: sqlite3.Connection) -> bool:
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {"files", "folders"} <= tables


class WatchIndex:
    def __init__(self, home: Path, *, readonly: bool = False) -> None:
        path = Path(home) / INDEX_FILE
        self._lock = threading.RLock()
        if readonly:
            self._db = None  # type: ignore[assignment]
            if path.exists():
                uri = f"file:{path}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5)
                if not _has_schema(self._db):  # the watcher is creating it this very moment
                    self._db.close()
                    self._db = None  # type: ignore[assignment]
            if self._db is None:  # nothing written yet: an empty index, never an error
                self._db = sqlite3.connect(":memory:", check_same_thread=False)
                self._db.executescript(_SCHEMA)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.executescript(_SCHEMA)
        self._db.row_factory = sqlite3.Row

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, sql: str, params: Iterable[object] = ()) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(sql, tuple(params))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _many(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        if not rows:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(sql, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- reads ----------------------------------------------------------------------------------

    def known(self, folder: str) -> dict[str, tuple[int, int, int]]:
        """rel -> (size, mtime_ns, ino) for a fast rescan comparison."""
        with self._lock:
            cur = self._db.execute(
                "SELECT rel, size, mtime_ns, ino FROM files WHERE folder=?", (folder,)
            )
            return {r[0]: (r[1], r[2], r[3]) for r in cur}

    def get(self, folder: str, rel: str) -> IndexRow | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM files WHERE folder=? AND rel=?", (folder, rel)
            ).fetchone()
        return _row(row) if row else None

    def by_inode(self, folder: str, st: FileStat) -> list[IndexRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM files WHERE folder=? AND ino=? AND dev=? AND size=?",
                (folder, st.ino, st.dev, st.size),
            ).fetchall()
        return [_row(r) for r in rows]

    def by_content(self, folder: str, sha256: str, size: int) -> list[IndexRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM files WHERE folder=? AND sha256=? AND size=?",
                (folder, sha256, size),
            ).fetchall()
        return [_row(r) for r in rows]

    def in_state(self, state: str) -> list[IndexRow]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM files WHERE state=?", (state,)).fetchall()
        return [_row(r) for r in rows]

    def facts(self, folder: str, skipped_limit: int = 200) -> FolderFacts:
        with self._lock:
            n = self._db.execute("SELECT COUNT(*) FROM files WHERE folder=?", (folder,)).fetchone()
            meta = self._db.execute("SELECT * FROM folders WHERE folder=?", (folder,)).fetchone()
            skipped = self._db.execute(
                "SELECT rel, reason FROM files WHERE folder=? AND outcome IN "
                "('skipped', 'failed') AND reason IS NOT NULL ORDER BY handled_at DESC LIMIT ?",
                (folder, skipped_limit),
            ).fetchall()
        return FolderFacts(
            files=int(n[0]),
            last_upload=meta["last_upload"] if meta else None,
            last_scan=meta["last_scan"] if meta else None,
            mode=meta["mode"] if meta else None,
            mode_reason=meta["mode_reason"] if meta else None,
            skipped=tuple((r[0], r[1]) for r in skipped),
        )

    # -- writes ---------------------------------------------------------------------------------

    def record(
        self, folder: str, rows: list[tuple[str, FileStat, str | None, int]], state: str
    ) -> None:
        """Insert or replace rows (rel, stat, sha256, uploads so far): new files, new
        versions. ``batch_id`` is set by ``queued`` once the engine has the files."""
        now = time.time()
        self._many(
            "INSERT INTO files(folder, rel, size, mtime_ns, dev, ino, sha256, state, batch_id, "
            "item_id, outcome, reason, uploads, handled_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?) "
            "ON CONFLICT(folder, rel) DO UPDATE SET size=excluded.size, "
            "mtime_ns=excluded.mtime_ns, dev=excluded.dev, ino=excluded.ino, "
            "sha256=excluded.sha256, state=excluded.state, batch_id=NULL, item_id=NULL, "
            "outcome=NULL, reason=NULL, uploads=excluded.uploads, handled_at=excluded.handled_at",
            [
                (folder, rel, st.size, st.mtime_ns, st.dev, st.ino, sha, state, uploads, now)
                for rel, st, sha, uploads in rows
            ],
        )

    def baseline(self, folder: str, files: Iterable[tuple[str, FileStat]]) -> int:
        """Files already there that the user chose not to upload: known, never sent."""
        now = time.time()
        rows = [(folder, rel, st.size, st.mtime_ns, st.dev, st.ino, now) for rel, st in files]
        self._many(
            "INSERT OR IGNORE INTO files(folder, rel, size, mtime_ns, dev, ino, state, "
            "handled_at) VALUES (?, ?, ?, ?, ?, ?, 'seen', ?)",
            rows,
        )
        return len(rows)

    def update_stat(self, folder: str, rel: str, st: FileStat, sha256: str | None) -> None:
        self._write(
            "UPDATE files SET size=?, mtime_ns=?, dev=?, ino=?, sha256=COALESCE(?, sha256) "
            "WHERE folder=? AND rel=?",
            (st.size, st.mtime_ns, st.dev, st.ino, sha256, folder, rel),
        )

    def rename(self, folder: str, old: str, new: str, st: FileStat) -> None:
        """A rename or move: the row follows the file (a row left at ``new`` is replaced)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM files WHERE folder=? AND rel=?", (folder, new))
                self._db.execute(
                    "UPDATE files SET rel=?, size=?, mtime_ns=?, dev=?, ino=? "
                    "WHERE folder=? AND rel=?",
                    (new, st.size, st.mtime_ns, st.dev, st.ino, folder, old),
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def queued(self, folder: str, rels: list[str], batch_id: int) -> None:
        self._many(
            "UPDATE files SET batch_id=? WHERE folder=? AND rel=?",
            [(batch_id, folder, rel) for rel in rels],
        )

    def item_known(self, folder: str, rel: str, item_id: int) -> None:
        self._write("UPDATE files SET item_id=? WHERE folder=? AND rel=?", (item_id, folder, rel))

    def finish(self, folder: str, done: list[tuple[str, int, str, str | None]]) -> None:
        """(rel, item id, the engine's final state, reason) for files the engine finished."""
        now = time.time()
        self._many(
            "UPDATE files SET state='done', item_id=?, outcome=?, reason=?, handled_at=?, "
            "uploads=uploads+? WHERE folder=? AND rel=?",
            [
                (item, outcome, reason, now, int(outcome == "done"), folder, rel)
                for rel, item, outcome, reason in done
            ],
        )
        if any(outcome == "done" for _, _, outcome, _ in done):
            self.folder_meta(folder, last_upload=now)

    def forget(self, folder: str, rels: Iterable[str]) -> None:
        self._many("DELETE FROM files WHERE folder=? AND rel=?", [(folder, r) for r in rels])

    def drop_folder(self, folder: str) -> None:
        self._write("DELETE FROM files WHERE folder=?", (folder,))
        self._write("DELETE FROM folders WHERE folder=?", (folder,))

    def folder_meta(self, folder: str, **values: object) -> None:
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        updates = ", ".join(f"{k}=excluded.{k}" for k in values)
        self._write(
            f"INSERT INTO folders(folder, {cols}) VALUES (?, {marks}) "
            f"ON CONFLICT(folder) DO UPDATE SET {updates}",
            (folder, *values.values()),
        )


def _row(r: sqlite3.Row) -> IndexRow:
    return IndexRow(
        folder=r["folder"],
        rel=r["rel"],
        stat=FileStat(r["size"], r["mtime_ns"], r["dev"], r["ino"]),
        sha256=r["sha256"],
        state=r["state"],
        batch_id=r["batch_id"],
        item_id=r["item_id"],
        outcome=r["outcome"],
        reason=r["reason"],
        uploads=r["uploads"],
        handled_at=r["handled_at"],
    )
