"""The durable queue: one SQLite file (WAL) holding batches, items and what was attached.

Every idempotency key is written here before the request that uses it is sent, so a crash or a
lost response can only ever replay an operation, never repeat it. The API key is never stored.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .events import AttachKind, ItemSnapshot, ItemState, Target
from .lockfile import QueueLock
from .store_safety import (
    JOURNAL_FILE,
    AttachedJournal,
    QueueDamagedError,
    QueueStoreError,
    classify,
    damaged,
    replaced,
    set_aside,
)
from .store_scans import SCAN_MIGRATIONS, ScanRecords, insert_scan, lossless_path, shown_path

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        created_at REAL NOT NULL,
        target_kind TEXT NOT NULL,
        project_id TEXT,
        force INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batches(id),
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        mtime_ns INTEGER NOT NULL DEFAULT 0,
        content_type TEXT,
        state TEXT NOT NULL,
        bytes_sent INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        detail TEXT,
        sha256 TEXT,
        mint_key TEXT,
        upload_id TEXT,
        upload_url TEXT,
        upload_expires_at REAL,
        minted_at REAL,
        put_done INTEGER NOT NULL DEFAULT 0,
        attach_key TEXT,
        job_id TEXT,
        job_status TEXT,
        result_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX items_state ON items(state);
    CREATE TABLE attached (
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        target_key TEXT NOT NULL,
        item_id INTEGER,
        result_id TEXT,
        attached_at REAL NOT NULL,
        PRIMARY KEY (sha256, size, target_key)
    );
    """,
    2: """
    ALTER TABLE batches ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN job_progress REAL;
    """,
    # engine helper (issue 7): reasons as code + data, why a batch has no usable destination,
    # and whole-queue flags ("Pause all") that must survive a restart.
    3: """
    ALTER TABLE items ADD COLUMN reason_code TEXT;
    ALTER TABLE items ADD COLUMN reason_data TEXT;
    ALTER TABLE batches ADD COLUMN target_problem TEXT;
    CREATE TABLE engine_flags (name TEXT PRIMARY KEY, value TEXT);
    """,
}


# Schema parts owned by one area each, versioned on their own (table ``schema_parts``), so
# areas developed side by side never compete for the next ``user_version`` number.
_PART_MIGRATIONS: dict[str, dict[int, str]] = {"scan": SCAN_MIGRATIONS}


# What an item forgets when its upload is spent (expired, refused, too old, or used by an ended
# job): the next pass mints anew, with new keys for the mint and the attach.
FRESH_UPLOAD: dict[str, object] = {
    "mint_key": None,
    "upload_id": None,
    "upload_url": None,
    "upload_expires_at": None,
    "minted_at": None,
    "put_done": 0,
    "attach_key": None,
    "bytes_sent": 0,
}


def new_idempotency_key(prefix: str) -> str:
    """``mint_…``/``att_…`` + 32 url-safe chars: well inside the 64-char limit."""
    return f"{prefix}_{secrets.token_hex(16)}"


@dataclass
class ItemRow:
    """One row of ``items``: the engine's working copy (ItemSnapshot is the public view)."""

    id: int
    batch_id: int
    path: str
    name: str
    size: int
    mtime_ns: int
    content_type: str | None
    state: str
    bytes_sent: int
    reason: str | None
    detail: str | None
    sha256: str | None
    mint_key: str | None
    upload_id: str | None
    upload_url: str | None
    upload_expires_at: float | None
    minted_at: float | None
    put_done: int
    attach_key: str | None
    job_id: str | None
    job_status: str | None
    result_id: str | None
    attempts: int
    next_attempt_at: float
    created_at: float
    updated_at: float
    job_progress: float | None = None
    reason_code: str | None = None
    reason_data: str | None = None  # JSON object

    def snapshot(self, target: Target) -> ItemSnapshot:
        return ItemSnapshot(
            id=self.id,
            batch_id=self.batch_id,
            path=shown_path(self.path),
            name=self.name,
            size=self.size,
            content_type=self.content_type,
            target=target,
            state=ItemState(self.state),
            bytes_sent=self.bytes_sent,
            reason=self.reason,
            detail=self.detail,
            upload_id=self.upload_id,
            job_id=self.job_id,
            job_status=self.job_status,
            job_progress=self.job_progress,
            result_id=self.result_id,
            created_at=self.created_at,
            updated_at=self.updated_at,
            reason_code=self.reason_code,
            reason_data=_load_data(self.reason_data),
            next_attempt_at=self.next_attempt_at,
        )


def _load_data(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


ITEM_COLUMNS = tuple(f.name for f in fields(ItemRow))


@dataclass
class BatchRow:
    id: int
    created_at: float
    target: Target
    force: bool
    held: bool
    target_problem: str | None = None  # a Reason code: why ``target`` is UNSET


class QueueStore(ScanRecords):
    """Thread-safe access to the queue database; short transactions only."""

    def __init__(self, path: Path, *, exclusive: bool = True) -> None:
        """``exclusive``: this process is the queue's one engine (see lockfile.py); a reader
        such as ``scripe-desktop status`` passes False.

        Raises a QueueStoreError (store_safety.py) when the file is damaged (kept aside),
        read-only, or the disk is full."""
        self.path = Path(path)
        self.exclusive = exclusive
        self.journal = AttachedJournal(self.path.with_name(JOURNAL_FILE))
        self.fatal: QueueStoreError | None = None  # set once writing became impossible
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise classify(exc, self.path) or exc from None
        self._owner = QueueLock(self.path if os.name != "nt" else self.path.with_suffix(".lock"))
        emptied = _size(self.path) == 0 and self.journal.exists()
        try:
            if exclusive:
                self._owner.acquire()
            if emptied and exclusive:  # truncated to nothing: the record of its items is gone
                raise damaged(self.path, None, True)
            self._open()
        except (sqlite3.Error, OSError, QueueStoreError) as exc:
            self._close_quietly()
            err = classify(exc, self.path)
            if isinstance(err, QueueDamagedError) and exclusive:
                raise damaged(self.path, set_aside(self.path), self.journal.exists()) from None
            if err is None:
                raise
            raise err from None
        self._inode = _inode(self.path)

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL survives any crash or kill of this process; only power loss can roll back
        # the last transactions, and idempotency keys make even that a replay, not a repeat.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        if not self.exclusive:
            self.migrate()  # a reader of a new or older queue (as before)
            return
        ok = self._db.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({ok})")
        fresh = self.schema_version() == 0
        self.migrate()
        with self.transaction() as db:  # a real write now, not at the first file
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        if fresh:
            self._reload_journal()

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            with suppress(sqlite3.Error):
                db.close()
        self._owner.release()

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self._owner.release()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write; a failure of the file itself becomes ``fatal`` and a QueueStoreError."""
        with self._lock:
            if self.fatal is not None:
                raise self.fatal
            try:
                self._check_same_file()
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except (sqlite3.Error, OSError) as exc:
                err = classify(exc, self.path)
                if err is None:
                    raise
                self._fail(err)
                raise err from None
            except QueueStoreError as err:
                self._fail(err)
                raise

    def _fail(self, err: QueueStoreError) -> None:
        if self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
        if self.exclusive and self.fatal is None:
            self.fatal = err
            log.info("queue database unusable: %s", err)  # front ends tell it, once

    def _check_same_file(self) -> None:
        """The lock is on this file: a file swapped in under our name is not ours to write."""
        inode = getattr(self, "_inode", None)
        if self.exclusive and inode is not None and _inode(self.path) != inode:
            raise replaced(self.path)

    def schema_version(self) -> int:
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise RuntimeError(
                f"The queue database was made by a newer Scripe Desktop (schema {current})."
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction() as db:
                for statement in _MIGRATIONS[version].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={version}")
        self._migrate_parts()

    def _migrate_parts(self) -> None:
        with self.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_parts (part TEXT PRIMARY KEY, version INTEGER)"
            )
            have = dict(db.execute("SELECT part, version FROM schema_parts").fetchall())
        for part, steps in _PART_MIGRATIONS.items():
            for version in sorted(v for v in steps if v > have.get(part, 0)):
                with self.transaction() as db:
                    for statement in steps[version].split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(
                        "INSERT OR REPLACE INTO schema_parts(part, version) VALUES (?, ?)",
                        (part, version),
                    )

    # -- batches --------------------------------------------------------------------------

    def add_batch(
        self,
        target: Target,
        *,
        force: bool,
        held: bool,
        batch_id: int | None = None,
        scan_roots: Iterable[str | Path] | None = None,
        include_hidden: bool = False,
    ) -> int:
        """``batch_id`` None: the next free id; else that id (chosen by a front end). With
        ``scan_roots``, what the batch must scan is saved in the same write."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO batches(id, created_at, target_kind, project_id, force, held) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    batch_id,
                    time.time(),
                    target.kind.value,
                    target.project_id,
                    int(force),
                    int(held),
                ),
            )
            batch_id = int(cur.lastrowid or 0)
            if scan_roots is not None:
                insert_scan(db, batch_id, scan_roots, include_hidden)
            return batch_id

    def update_batch(self, batch_id: int, **values: Any) -> None:
        if "target" in values:
            target: Target = values.pop("target")
            values["target_kind"] = target.kind.value
            values["project_id"] = target.project_id
        cols = ", ".join(f"{k}=?" for k in values)
        with self.transaction() as db:
            db.execute(f"UPDATE batches SET {cols} WHERE id=?", (*values.values(), batch_id))

    def batches(self) -> dict[int, BatchRow]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM batches").fetchall()
        return {
            r["id"]: BatchRow(
                r["id"],
                r["created_at"],
                Target(AttachKind(r["target_kind"]), r["project_id"]),
                bool(r["force"]),
                bool(r["held"]),
                r["target_problem"],
            )
            for r in rows
        }

    # -- whole-queue flags ----------------------------------------------------------------

    def flag(self, name: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM engine_flags WHERE name=?", (name,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_flag(self, name: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM engine_flags WHERE name=?", (name,))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO engine_flags(name, value) VALUES (?, ?)", (name, value)
                )

    # -- items ----------------------------------------------------------------------------

    def insert_items(self, rows: Iterable[dict[str, Any]]) -> list[ItemRow]:
        """Insert many items in one transaction (a scan inserts in blocks)."""
        now = time.time()
        out: list[ItemRow] = []
        with self.transaction() as db:
            for values in rows:
                values = {"created_at": now, "updated_at": now, **lossless_path(values)}
                if isinstance(values.get("reason_data"), dict):
                    values["reason_data"] = json.dumps(values["reason_data"])
                cols = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                cur = db.execute(
                    f"INSERT INTO items({cols}) VALUES ({marks})", tuple(values.values())
                )
                row = db.execute("SELECT * FROM items WHERE id=?", (cur.lastrowid,)).fetchone()
                out.append(_item(row))
        return out

    def update_item(self, row: ItemRow, **values: Any) -> ItemRow:
        """Write the given columns and return the updated working copy."""
        values["updated_at"] = time.time()
        if isinstance(values.get("reason_data"), dict):
            values["reason_data"] = json.dumps(values["reason_data"])
        cols = ", ".join(f"{k}=?" for k in values)
        with self.transaction() as db:
            db.execute(f"UPDATE items SET {cols} WHERE id=?", (*values.values(), row.id))
        return replace(row, **values)

    def delete_items(self, ids: Iterable[int]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM items WHERE id=?", [(i,) for i in ids])

    def items(self) -> list[ItemRow]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM items ORDER BY id").fetchall()
        return [_item(r) for r in rows]

    # -- what was attached (duplicate detection) -------------------------------------------

    def record_attached(self, sha256: str, size: int, target_key: str, item_id: int) -> None:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO attached(sha256, size, target_key, item_id, attached_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (sha256, size, target_key, item_id, time.time()),
            )
            if cur.rowcount:  # in the journal before the attach request can be sent
                self.journal.add(sha256, size, target_key)

    def set_attached_result(self, item_id: int, result_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE attached SET result_id=? WHERE item_id=?", (result_id, item_id))

    def forget_attached(self, item_id: int) -> None:
        """A job that FAILED did not really attach anything: the content may be sent again."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT sha256, size, target_key FROM attached WHERE item_id=?", (item_id,)
            ).fetchall()
            db.execute("DELETE FROM attached WHERE item_id=?", (item_id,))
            for r in rows:
                self.journal.forget(r[0], r[1], r[2])

    def _reload_journal(self) -> None:
        """A new database beside an existing journal: what was attached is known again."""
        entries = self.journal.entries()
        if not entries:
            return
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO attached(sha256, size, target_key, item_id, attached_at)"
                " VALUES (?, ?, ?, NULL, ?)",
                [(sha, size, target, time.time()) for sha, size, target in entries],
            )
        log.warning("new queue database: %d attached files re-read from the journal", len(entries))

    def attached_size_exists(self, size: int, target_key: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM attached WHERE size=? AND target_key=? LIMIT 1", (size, target_key)
            ).fetchone()
        return row is not None

    def find_attached(self, sha256: str, size: int, target_key: str) -> int | None:
        """The item id that already attached this content to this target, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT item_id FROM attached WHERE sha256=? AND size=? AND target_key=?",
                (sha256, size, target_key),
            ).fetchone()
        return None if row is None else int(row[0] or 0)


def _item(row: sqlite3.Row) -> ItemRow:
    values = {k: row[k] for k in ITEM_COLUMNS}
    raw = row["path_raw"] if "path_raw" in row.keys() else None  # noqa: SIM118 - sqlite3.Row
    if raw is not None:
        values["path"] = os.fsdecode(raw)
    return ItemRow(**values)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
