"""Watched folders: files saved into them arrive in Scripe by themselves. Never imports Qt."""

from .folders import FolderError, FolderList, SyncSettings, WatchedFolder
from .index import WatchIndex
from .rules import IgnoreRules, count_existing
from .syncer import FolderStatus, FolderSyncer

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
