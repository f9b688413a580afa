"""The window's background sync: the watcher runs beside the engine, in the engine process.

Why there: the watcher needs the engine's events and ``add_paths`` answers at once, and the
engine process is where both are cheap; the window only edits the shared folder list (which the
watcher re-reads within a second) and reads the index for status. If another process already
syncs this state directory, the engine runs without a watcher and says why in the log.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ..remote import CommandClient
from .lock import SyncLock, SyncRunningElsewhere
from .syncer import FolderSyncer

log = logging.getLogger(__name__)


class BackgroundSync:
    """Wraps an UploadEngine: ``start`` also starts the watcher, ``shutdown`` stops it first.
    Every other attribute is the engine's own."""

    def __init__(self, engine: Any, home: Path, **syncer_options: Any) -> None:
        self.engine = engine
        self.home = Path(home)
        settle = os.environ.get("SCRIPE_SYNC_SETTLE")  # seconds; tests and impatient servers
        if settle and "settle" not in syncer_options:
            syncer_options["settle"] = float(settle)
        self._options = syncer_options
        self._lock = SyncLock(self.home)
        self.syncer: FolderSyncer | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def start(self) -> None:
        self.engine.start()
        try:
            self._lock.acquire()
        except SyncRunningElsewhere as exc:
            log.warning("%s", exc)
            return
        # only the protocol's commands, as ``scripe-desktop sync`` (a RemoteEngine) has them
        self.syncer = FolderSyncer(CommandClient(self.engine), self.home, **self._options)
        self.syncer.start()

    def shutdown(self, timeout: float = 10.0) -> None:
        if self.syncer is not None:
            self.syncer.stop(timeout)
            self.syncer = None
            self._lock.release()
        self.engine.shutdown(timeout)
