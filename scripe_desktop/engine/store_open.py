"""Opening the queue file safely: one owner (lock), a damaged file kept aside, a read-only
or full disk told plainly, a file swapped in under our name refused, and every write in a short
transaction whose failure of the file itself becomes ``fatal`` (told once by the front ends).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .lockfile import QueueLock, lock_path
from .store_safety import (
    JOURNAL_FILE,
    PASSING,
    AttachedJournal,
    QueueDamagedError,
    QueueDiskFullError,
    QueueStoreError,
    classify,
    damaged,
    replaced,
    set_aside,
)
from .store_schema import _MIGRATIONS, _PART_MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger("scripe_desktop.engine.store")

RETRY_ROOM = 1 << 20  # a full disk is tried again once this much is free


class QueueFile:
    """The SQLite file under the queue: open, recover, migrate, write; no queries."""

    def __init__(self, path: Path, *, exclusive: bool = True) -> None:
        """``exclusive``: this process is the queue's one engine (see lockfile.py); a reader
        such as ``scripe-desktop status`` passes False.

        Raises a QueueStoreError (store_safety.py) when the file is damaged (kept aside),
        read-only, or the disk is full."""
        self.path = Path(path)
        self.exclusive = exclusive
        self.journal = AttachedJournal(self.path.with_name(JOURNAL_FILE))
        self.fatal: QueueStoreError | None = None  # set once writing became impossible
        self.on_fatal: Callable[[QueueStoreError], None] | None = None  # told once, when set
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise classify(exc, self.path) or exc from None
        self._owner = QueueLock(lock_path(self.path))
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
        self._compact_journal()

    def _compact_journal(self) -> None:
        """Each start keeps the journal bounded (store_journal.py); never a reason not to run."""
        count = int(self._db.execute("SELECT COUNT(*) FROM attached").fetchone()[0])
        try:
            self.journal.compact_if_large(attached_hint=count)
        except OSError as exc:
            log.warning("could not compact %s: %s", self.journal.path, exc)

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

    def retry(self) -> bool:
        """One small real write while ``fatal`` is a failure that can pass (full, read-only):
        True once it works (``fatal`` is cleared). A file found replaced meanwhile becomes
        the new ``fatal`` (told again); a replaced or damaged file is never retried."""
        with self._lock:
            err = self.fatal
            if err is None:
                return True
            if not isinstance(err, PASSING):
                return False
            if isinstance(err, QueueDiskFullError) and _free(self.path) < RETRY_ROOM:
                return False  # the disk is still full: not even a write that might half-work
            try:
                self._check_same_file()
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute(
                    "INSERT OR REPLACE INTO engine_flags(name, value) VALUES ('retry', ?)",
                    (str(time.time()),),
                )
                self._db.execute("DELETE FROM engine_flags WHERE name='retry'")
                self._db.execute("COMMIT")
            except QueueStoreError as worse:  # replaced meanwhile: that is what to tell now
                self.fatal = None
                self._fail(worse)
                return False
            except (sqlite3.Error, OSError) as exc:
                if self._db.in_transaction:
                    with suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                log.debug("the queue file still can't be written: %s", exc)
                return False
            self.fatal = None
            log.info("the queue file can be written again: %s", self.path)
            return True

    def _fail(self, err: QueueStoreError) -> None:
        if self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
        if self.exclusive and self.fatal is None:
            self.fatal = err
            log.info("queue database unusable: %s", err)  # front ends tell it, once
            if self.on_fatal is not None:
                try:
                    self.on_fatal(err)
                except Exception:
                    log.exception("telling that the queue is unusable failed")

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


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _free(path: Path) -> int:
    try:
        st = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs (Windows): let the write itself tell
        return RETRY_ROOM
    return st.f_bavail * st.f_frsize


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
