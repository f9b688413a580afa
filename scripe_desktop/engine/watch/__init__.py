"""Watched folders: files saved into them arrive in Scripe by themselves. Never imports Qt."""

from .folders import FolderError, FolderList, SyncSettings, WatchedFolder
from .folderset import FolderStatus
from .index import WatchIndex
from .rules import IgnoreRules, count_existing
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
