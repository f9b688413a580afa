"""When a file is complete: no change for the settle time, then the same size and mtime again.

A recording still being written, a download still arriving, a document mid-save: each keeps
changing size or mtime. A path is *pending* from its first hint; each time its stat differs
from the last one seen, its clock restarts. It is *due* once it has kept one stat for the settle
time, and *stable* if a second look then finds that same stat, a non-empty file, no Office
or LibreOffice lock file beside it and, on Windows, no other program holding it open
(``sharing.py``).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .rules import FileStat, lock_file_beside, stat_file
from .sharing import Opener, in_use

LOCK_RECHECK = 2.0  # a document that is open is looked at again this often (x settle)


@dataclass
class _Pending:
    folder: str
    rel: str
    path: str
    stat: FileStat | None
    due_at: float


class Verdict:
    STABLE, WAIT, GONE, EMPTY = "stable", "wait", "gone", "empty"


class Settler:
    """Pending paths keyed by absolute path; ``due`` hands back the ones to look at now."""

    def __init__(
        self,
        settle: float,
        clock: Callable[[], float] = time.monotonic,
        opener: Opener | None = None,
    ) -> None:
        self.settle = settle
        self._clock = clock
        self._opener = opener  # None: the platform's (a no-op outside Windows)
        self._pending: dict[str, _Pending] = {}
        self._heap: list[tuple[float, str]] = []

    def __len__(self) -> int:
        return len(self._pending)

    def __contains__(self, path: str) -> bool:
        return path in self._pending

    def folders(self) -> set[str]:
        return {p.folder for p in self._pending.values()}

    def touch(self, folder: str, rel: str, path: str, st: FileStat | None = None) -> None:
        """A hint for ``path``; ``st`` is what a rescan just saw (else it is looked up)."""
        if st is None:
            st = stat_file(path)
        entry = self._pending.get(path)
        if entry is not None and entry.stat == st:
            return  # nothing changed: the settle clock keeps running
        self._arm(_Pending(folder, rel, path, st, 0.0), self._clock() + self.settle)

    def hold(self, folder: str, rel: str, path: str, st: FileStat | None, wait: float) -> None:
        """Look at a path again after ``wait`` seconds (its upload is running, or paused)."""
        self._arm(_Pending(folder, rel, path, st, 0.0), self._clock() + wait)

    def pending_in(self, folder: str) -> list[tuple[str, str]]:
        """(rel, path) of what waits in one folder."""
        return [(p.rel, p.path) for p in self._pending.values() if p.folder == folder]

    def drop(self, path: str) -> None:
        self._pending.pop(path, None)

    def next_due(self) -> float | None:
        """Seconds until the next pending path is due (None: nothing pending)."""
        while self._heap:
            at, path = self._heap[0]
            entry = self._pending.get(path)
            if entry is None or entry.due_at != at:
                heapq.heappop(self._heap)  # stale: dropped, or re-armed later
                continue
            return max(0.0, at - self._clock())
        return None

    def due(self, limit: int = 2000) -> list[tuple[str, str, str]]:
        """(folder, rel, path) of pending paths whose time has come."""
        now = self._clock()
        out: list[tuple[str, str, str]] = []
        while self._heap and len(out) < limit:
            at, path = self._heap[0]
            if at > now:
                break
            heapq.heappop(self._heap)
            entry = self._pending.get(path)
            if entry is not None and entry.due_at == at:
                out.append((entry.folder, entry.rel, path))
        return out

    def check(self, path: str) -> tuple[str, FileStat | None]:
        """The second look at a due path. WAIT re-arms it; the others remove it."""
        entry = self._pending.get(path)
        if entry is None:
            return Verdict.GONE, None
        st = stat_file(path)
        now = self._clock()
        if st is None:
            self._pending.pop(path, None)
            return Verdict.GONE, None
        if st != entry.stat:  # changed since the last look: start the clock again
            entry.stat = st
            self._arm(entry, now + self.settle)
            return Verdict.WAIT, st
        if st.size == 0:
            self._pending.pop(path, None)  # a write to it will hint it again
            return Verdict.EMPTY, st
        if lock_file_beside(Path(path)) is not None or in_use(path, self._opener):
            self._arm(entry, now + self.settle * LOCK_RECHECK)
            return Verdict.WAIT, st
        self._pending.pop(path, None)
        return Verdict.STABLE, st

    def _arm(self, entry: _Pending, at: float) -> None:
        entry.due_at = at
        self._pending[entry.path] = entry
        heapq.heappush(self._heap, (at, entry.path))
