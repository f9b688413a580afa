"""One engine per queue: an exclusive lock on the database file itself.

Not on a file beside it: a lock file can be deleted while an engine holds it, and the next
engine would then lock a new file and work on the same queue (every file attached twice). The
database cannot be deleted without the queue going with it, and a file swapped in under its
name is caught by the store (inode check before each write). ``flock`` locks are separate from
SQLite's own ``fcntl`` locks. On Windows an open file cannot be deleted, so a file beside the
database (``queue.lock``) is enough there and stays clear of SQLite's byte-range locks.

Two engines on one queue (the app and a script, say) would both pick the same waiting files.
Idempotency keys would keep that from attaching anything twice, but the second engine would
still send bytes again and fight over every row, so the second one is refused instead. The OS
drops the lock when the process dies, so a crash never leaves the queue locked.

Which OS calls are used is chosen when a lock is taken (``system()``, ``os.name``), not at
import, so the Windows branch (``msvcrt.locking``) runs in tests here with a stand-in ``msvcrt``
that behaves like Windows (tests/engine/fake_msvcrt.py).
"""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path
from typing import IO


class QueueBusyError(RuntimeError):
    """Another Scripe Desktop process is working on this queue."""


def system() -> str:
    """The OS family whose locks are used: ``os.name`` ("nt" or "posix")."""
    return os.name


def lock_path(db: Path) -> Path:
    """What is locked for the queue at ``db``: the database itself, or on Windows a
    ``queue.lock`` beside it (an open file can't be deleted there; see the top)."""
    return db.with_suffix(".lock") if system() == "nt" else db


def try_lock(fh: IO[bytes]) -> None:
    """Take the exclusive lock on ``fh`` now, or raise OSError (another handle holds it).
    Closing ``fh`` (or the process ending) drops it."""
    if system() == "nt":
        msvcrt = importlib.import_module("msvcrt")
        fh.seek(0)  # msvcrt locks bytes from the current position: always the first one
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        fcntl = importlib.import_module("fcntl")
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def wait_lock(fd: int) -> None:
    """Take the exclusive lock on ``fd``, waiting for another holder to let go."""
    if system() == "nt":
        msvcrt = importlib.import_module("msvcrt")
        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:  # LK_LOCK itself retries for ~10 s, then raises
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                time.sleep(0.05)
    else:
        fcntl = importlib.import_module("fcntl")
        fcntl.flock(fd, fcntl.LOCK_EX)


class QueueLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[bytes] | None = None

    def acquire(self) -> None:
        fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the life of the lock
        try:  # (an open that fails, read-only or full, is the caller's to explain)
            try_lock(fh)
        except OSError:
            fh.close()
            raise QueueBusyError(
                "Scripe Desktop is already working on this upload queue (the app or another "
                "command). Close it first, or use another SCRIPE_DESKTOP_HOME "
                f"({self.path.parent})."
            ) from None
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing drops the lock
            self._fh = None
