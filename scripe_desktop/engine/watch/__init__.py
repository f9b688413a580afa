"""Watched folders: files saved into them arrive in Scripe by themselves. Never imports Qt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .folders import FolderError, FolderList, SyncSettings, WatchedFolder
from .index import WatchIndex
from .rules import IgnoreRules, count_existing

if TYPE_CHECKING:
    from .folderset import FolderStatus
    from .syncer import FolderSyncer

__all__ = [
    "FolderError",
    "FolderList",
    "FolderStatus",
    "FolderSyncer",
    "IgnoreRules",
    "SyncSettings",
    "WatchIndex",
    "WatchedFolder",
    "count_existing",
]


def __getattr__(name: str) -> Any:
    """``FolderSyncer`` and ``FolderStatus`` (and watchdog with them) on first use: the
    window's process lists and edits watched folders but watches nothing itself."""
    if name == "FolderSyncer":
        from .syncer import FolderSyncer

        return FolderSyncer
    if name == "FolderStatus":
        from .folderset import FolderStatus

        return FolderStatus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
