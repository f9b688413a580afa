"""Who syncs: one process at a time, the window or ``scripe-desktop sync``.

The engine's own queue lock already keeps two engines off one queue; this second lock only
names the situation, so the other side can say plainly "sync is running elsewhere" and still
show the folders' status from the index.
"""

from __future__ import annotations

from pathlib import Path

from scripe_desktop.engine.lockfile import QueueBusyError, QueueLock

SYNC_LOCK = "sync.lock"
ELSEWHERE = (
    "Sync is running elsewhere: another Scripe Desktop (the app or “scripe-desktop sync”) is "
    "already keeping the watched folders in step. Stop it first, or use another "
    "SCRIPE_DESKTOP_HOME."
)


class SyncRunningElsewhere(RuntimeError):
    """Another process holds the sync lock (or the queue) of this state directory."""


class SyncLock:
    def __init__(self, home: Path) -> None:
        self._lock = QueueLock(Path(home) / SYNC_LOCK)

    def acquire(self) -> None:
        Path(self._lock.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except QueueBusyError:
            raise SyncRunningElsewhere(ELSEWHERE) from None

    def release(self) -> None:
        self._lock.release()


def sync_running_elsewhere(home: Path) -> bool:
    """True while another process syncs this state directory (a short test of the lock)."""
    lock = SyncLock(home)
    try:
        lock.acquire()
    except SyncRunningElsewhere:
        return True
    lock.release()
    return False
