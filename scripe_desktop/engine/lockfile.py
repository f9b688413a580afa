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
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO


class QueueBusyError(RuntimeError):
    """Another Scripe Desktop process is working on this queue."""


class QueueLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[bytes] | None = None

    def acquire(self) -> None:
        fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the life of the lock
        try:  # (an open that fails, read-only or full, is the caller's to explain)
            _lock(fh)
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


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fh: IO[bytes]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
