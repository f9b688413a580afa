"""What can go wrong with the queue database itself, and how it is told and survived.

A full disk, a read-only or damaged file, a file swapped from under a running engine: each is
one typed error with one plain sentence that names the path and says what to do. A damaged file
is kept aside (``queue.sqlite3.broken-<date>``), never overwritten.

What was already attached is also written to a journal beside the database (``attached.jsonl``),
append-only, so a truncated or replaced database does not make the next run attach everything
again: a new queue re-reads the journal.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from .store_journal import JOURNAL_FILE, AttachedJournal  # noqa: F401 - re-exported (moved)

log = logging.getLogger(__name__)

_SQLITE_FULL = 13
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_CANTOPEN = 14
_SQLITE_PERM = 3


class QueueStoreError(RuntimeError):
    """The queue database can't be used; ``str()`` is the sentence for people.

    ``data`` is the same as plain values (problem code, path, where a damaged file was kept,
    whether the attached journal survives): it crosses the engine protocol, and the window
    words it through ``tr()`` (ui/reasons.py)."""

    problem = "unusable"

    def __init__(
        self, message: str, path: Path, kept: Path | None = None, journal: bool = False
    ) -> None:
        super().__init__(message)
        self.path = path
        self.kept = kept
        self.journal = journal

    @property
    def data(self) -> dict[str, Any]:
        kept = None if self.kept is None else str(self.kept)
        return {
            "problem": self.problem,
            "path": str(self.path),
            "kept": kept,
            "journal": self.journal,
        }

    @classmethod
    def from_data(cls, message: str, data: dict[str, Any]) -> QueueStoreError:
        kept = data.get("kept")
        path = Path(str(data.get("path", "")))
        return cls(message, path, Path(kept) if kept else None, bool(data.get("journal")))


class QueueDiskFullError(QueueStoreError):
    problem = "disk_full"


class QueueReadOnlyError(QueueStoreError):
    problem = "read_only"


class QueueDamagedError(QueueStoreError):
    problem = "damaged"


class QueueReplacedError(QueueStoreError):
    problem = "replaced"


# Failures that can go away by themselves (space freed, the disk mounted writable again): the
# engine tries the file again (store_open.retry). A file replaced or damaged stays fatal.
PASSING = (QueueDiskFullError, QueueReadOnlyError)

# Each error's code on the engine protocol (protocol.ERRORS).
QUEUE_ERRORS: dict[str, type[QueueStoreError]] = {
    f"queue_{cls.problem}": cls
    for cls in (QueueStoreError, QueueDiskFullError, QueueReadOnlyError, QueueDamagedError,
                QueueReplacedError)
}  # fmt: skip


def disk_full(path: Path) -> QueueDiskFullError:
    return QueueDiskFullError(
        f"Not enough disk space for the upload queue at {path}. Free some space, then run "
        "“scripe-desktop resume” (or open the app) to finish: nothing queued is lost.",
        path,
    )


def read_only(path: Path) -> QueueReadOnlyError:
    return QueueReadOnlyError(
        f"The upload queue at {path} can't be written to (read-only or no permission). "
        f"Check the permissions of {path.parent}, or set SCRIPE_DESKTOP_HOME to another folder.",
        path,
    )


def replaced(path: Path) -> QueueReplacedError:
    return QueueReplacedError(
        f"The upload queue at {path} was deleted or replaced while Scripe Desktop was using it. "
        "Uploads stopped; run “scripe-desktop resume” (or open the app) to continue.",
        path,
    )


def damaged(path: Path, kept: Path | None, journal: bool) -> QueueDamagedError:
    where = f" It was kept as {kept}." if kept else ""
    after = (
        "Files that were already attached are remembered and won't be sent again."
        if journal
        else "Files that were already uploaded may be uploaded again (duplicates)."
    )
    return QueueDamagedError(
        f"The upload queue at {path} is damaged and can't be read.{where} Run the command "
        f"again to start with an empty queue. {after}",
        path,
        kept,
        journal,
    )


def classify(exc: BaseException, path: Path) -> QueueStoreError | None:
    """The typed error for a database or file-system failure, or None for anything else."""
    if isinstance(exc, QueueStoreError):
        return exc
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return disk_full(path)
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(path)
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _SQLITE_FULL or "disk is full" in text:
        return disk_full(path)
    if primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text:
        return read_only(path)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return damaged(path, None, False)
    if primary == _SQLITE_CANTOPEN:
        return read_only(path)
    if primary == 10 and _disk_is_full(path):  # SQLITE_IOERR: a -wal/-shm write that failed
        return disk_full(path)
    return None


def _disk_is_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def set_aside(path: Path) -> Path | None:
    """Rename the database (and its -wal/-shm) to ``<name>.broken-<date>``; never delete it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while kept.exists():
        n += 1
        kept = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        os.replace(path, kept)
    except OSError as exc:
        log.error("could not set the damaged queue %s aside: %s", path, exc)
        return None
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            try:
                os.replace(side, kept.with_name(kept.name + suffix))
            except OSError:
                log.warning("could not set %s aside", side)
    return kept
