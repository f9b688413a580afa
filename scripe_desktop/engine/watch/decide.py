"""What a stable file is: nothing new, a rename or move, a new file, or a new version.

Renames and moves keep the file id (inode) on one filesystem; a move that copied the bytes keeps
the content. Either way the row follows the file and nothing is uploaded again. The same path
with new content is a new version (one per settled change), unless ``--on-change ignore``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .index import IndexRow, WatchIndex
from .rules import FileStat, stat_file

Work = tuple[str, FileStat, str | None, int]  # (rel, stat, sha256, uploads so far)


class Decider:
    def __init__(self, index: WatchIndex, on_change: str = "upload") -> None:
        if on_change not in ("upload", "ignore"):
            raise ValueError(f"on_change must be upload or ignore, not {on_change!r}")
        self.index = index
        self.on_change = on_change

    @staticmethod
    def current(folder: str, rel: str) -> FileStat | None:
        return stat_file(os.path.join(folder, rel))

    def decide(self, folder: str, rel: str, st: FileStat, gone: set[str]) -> Work | None:
        """``gone``: rows whose file a rescan did not find (claimed here by a move)."""
        row = self.index.get(folder, rel)
        if row is not None and row.stat == st:
            return None
        if row is None:
            for cand in self.index.by_inode(folder, st):
                if cand.stat.mtime_ns == st.mtime_ns and self._moved_away(cand):
                    self.index.rename(folder, cand.rel, rel, st)
                    gone.discard(cand.rel)
                    return None
            sha = file_sha256(Path(folder, rel))
            if sha is None:
                return None  # vanished or unreadable meanwhile: a later hint brings it back
            for cand in self.index.by_content(folder, sha, st.size):
                if self._moved_away(cand):
                    self.index.rename(folder, cand.rel, rel, st)
                    gone.discard(cand.rel)
                    return None
            return (rel, st, sha, 0)
        sha = file_sha256(Path(folder, rel))
        if sha is None:
            return None
        if sha == row.sha256:  # touched, or saved without a change: only the stat moves on
            self.index.update_stat(folder, rel, st, None)
            return None
        if self.on_change == "ignore":
            self.index.update_stat(folder, rel, st, sha)
            return None
        return (rel, st, sha, row.uploads)

    @staticmethod
    def _moved_away(cand: IndexRow) -> bool:
        """The row's own path no longer holds its file (gone, or another file is there)."""
        now = stat_file(os.path.join(cand.folder, cand.rel))
        return now is None or now.ino != cand.stat.ino


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
