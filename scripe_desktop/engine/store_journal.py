"""The attached journal beside the queue database (``attached.jsonl``), and keeping it small.

Why a journal: what was attached must survive a truncated or replaced database, or the next
run would attach everything again (store_safety.py). It is append-only while the engine runs,
so a crash can at worst tear its last line. Forgotten entries (a failed job, a removed file)
would make it grow for ever, so it is compacted: the entries still attached are written to a
new file, which is flushed to disk and then renamed over the old one. A kill at any moment
leaves the old journal or the new one, each complete; a leftover temporary file is removed by
the next compaction.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JOURNAL_FILE = "attached.jsonl"
MIN_COMPACT_BYTES = 256 * 1024  # below this, rewriting gains nothing worth a start-up's time
LINE_BYTES = 160  # an upper bound of one entry's line: a cheap "is it worth reading?" test
FORGETS_BEFORE_COMPACT = 10_000  # a long session with many failed jobs compacts while running
_TEMP = ".compact-"

Entry = tuple[str, int, str]


class AttachedJournal:
    """Append-only record of what was attached where: ``{"op": "add"|"forget", ...}`` lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._forgets = 0

    def exists(self) -> bool:
        try:
            return self.path.stat().st_size > 0
        except OSError:
            return False

    def add(self, sha256: str, size: int, target_key: str) -> None:
        self._append({"op": "add", "sha256": sha256, "size": size, "target": target_key})

    def forget(self, sha256: str, size: int, target_key: str) -> None:
        self._append({"op": "forget", "sha256": sha256, "size": size, "target": target_key})
        self._forgets += 1
        if self._forgets >= FORGETS_BEFORE_COMPACT:
            self._forgets = 0
            try:
                self.compact_if_large()
            except OSError as exc:  # the append itself worked: compaction can wait
                log.warning("could not compact %s: %s", self.path, exc)

    def _append(self, record: dict[str, Any]) -> None:
        from .store_safety import classify  # store_safety re-exports this module

        line = json.dumps(record, separators=(",", ":")) + "\n"
        with self._lock:
            try:
                with open(self.path, "a", encoding="utf-8") as fh:
                    fh.write(line)
            except OSError as exc:
                raise classify(exc, self.path) or exc from None

    def entries(self) -> list[Entry]:
        """What is attached according to the journal, in order (a torn last line is ignored)."""
        return list(self._read()[0])

    def _read(self) -> tuple[dict[Entry, None], int]:
        """The live entries in order, and how many lines the file has."""
        live: dict[Entry, None] = {}
        lines = 0
        try:
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    lines += 1
                    try:
                        rec = json.loads(line)
                        key = (str(rec["sha256"]), int(rec["size"]), str(rec["target"]))
                    except (ValueError, KeyError, TypeError):
                        continue
                    if rec.get("op") == "forget":
                        live.pop(key, None)
                    else:
                        live[key] = None
        except FileNotFoundError:
            pass
        return live, lines

    def compact_if_large(self, attached_hint: int | None = None) -> bool:
        """Rewrite the journal with only what is still attached, when that at least halves
        it. ``attached_hint`` (the database's count) skips reading a journal that can't be
        worth it. True when it was rewritten."""
        with self._lock:
            self._remove_leftovers()
            try:
                size = self.path.stat().st_size
            except FileNotFoundError:
                return False
            if size < MIN_COMPACT_BYTES:
                return False
            if attached_hint is not None and size < 2 * attached_hint * LINE_BYTES:
                return False
            live, lines = self._read()
            if lines < 2 * len(live) + 1000:
                return False
            self._rewrite(list(live))
        log.info("compacted %s: %d lines -> %d", self.path, lines, len(live))
        return True

    def _rewrite(self, live: list[Entry]) -> None:
        """Write-temp, flush to disk, rename over: the journal is never seen half-written."""
        temp = self.path.with_name(f"{self.path.name}{_TEMP}{os.getpid()}")
        try:
            with open(temp, "w", encoding="utf-8") as fh:
                for sha, size, target in live:
                    record = {"op": "add", "sha256": sha, "size": size, "target": target}
                    fh.write(json.dumps(record, separators=(",", ":")) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, self.path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _sync_folder(self.path.parent)

    def _remove_leftovers(self) -> None:
        """Temporary files of a compaction that was killed before its rename."""
        for leftover in self.path.parent.glob(f"{self.path.name}{_TEMP}*"):
            try:
                leftover.unlink()
            except OSError as exc:
                log.warning("could not remove %s: %s", leftover, exc)


def _sync_folder(folder: Path) -> None:
    """The rename itself reaches the disk (POSIX); Windows has no directory handles for it."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
