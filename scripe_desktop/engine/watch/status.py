"""What a sync running in another process is doing, read from the state directory only.

The window shows this instead of an upload queue while ``scripe-desktop sync`` (or another
app) holds the queue: the folder list, the watch index and the queue database are all opened
read-only, so reading never gets in that process's way. Plain Python, for a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripe_desktop.engine.config import EngineConfig
from scripe_desktop.engine.events import ItemState

from .folders import FolderList, WatchedFolder
from .index import FolderFacts, WatchIndex
from .lock import sync_running_elsewhere


@dataclass(frozen=True)
class SyncStatus:
    running: bool  # another process still holds the sync lock
    folders: tuple[tuple[WatchedFolder, FolderFacts], ...]
    files_left: int  # in the queue, not finished yet
    failed: int
    paused_until: float | None
    last_activity: float | None  # the newest upload or scan of any folder


def read_sync_status(home: Path) -> SyncStatus:
    settings = FolderList(home).load()
    index = WatchIndex(home, readonly=True)
    try:
        folders = tuple((f, index.facts(f.path)) for f in settings.folders)
    finally:
        index.close()
    left, failed = _queue_counts(EngineConfig(home=Path(home)).queue_path)
    times = [t for _f, facts in folders for t in (facts.last_upload, facts.last_scan) if t]
    return SyncStatus(
        running=sync_running_elsewhere(home),
        folders=folders,
        files_left=left,
        failed=failed,
        paused_until=settings.paused_until if settings.paused() else None,
        last_activity=max(times) if times else None,
    )


def _queue_counts(path: Path) -> tuple[int, int]:
    """(unfinished, failed) rows, read as ``scripe-desktop status`` reads them."""
    if not path.exists():
        return 0, 0
    from scripe_desktop.engine.store import QueueStore

    store = QueueStore(path, exclusive=False)
    try:
        states = [ItemState(row.state) for row in store.items()]
    finally:
        store.close()
    return sum(not s.finished for s in states), sum(s is ItemState.FAILED for s in states)
