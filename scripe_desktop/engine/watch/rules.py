"""What a watched folder never uploads, and how its files are walked.

Ignore rules are gitignore-style (``pathspec``): the default list below plus the folder's own
patterns, and hidden files unless the folder includes them. Symbolic links are never followed:
a link inside the folder points either outside (never ours to upload) or at a file that is
watched anyway.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

DEFAULT_IGNORES: tuple[str, ...] = (
    ".DS_Store",
    "._*",
    "Icon[\r]",  # macOS folder icon "Icon\r" (a bare trailing \r would be stripped)
    "desktop.ini",
    "Thumbs.db",
    "$RECYCLE.BIN",
    ".Spotlight-V100",
    ".Trashes",
    ".fseventsd",
    "~$*",
    ".~lock.*#",
    "*.tmp",
    "~*.tmp",
    "*~",
    ".*.swp",
    ".#*",
    "*.part",
    "*.crdownload",
    "*.download",
    "*.partial",
    "*.filepart",
    "*.icloud",
    ".dropbox*",
    ".stfolder",
    ".syncthing.*",
)
HIDDEN = ".*"

NETWORK_FS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ncpfs", "davfs", "fuse.sshfs",
     "fuse.rclone", "fuse.davfs2", "fuse.gvfsd-fuse", "glusterfs", "ceph", "fuse.s3fs"}
)  # fmt: skip


class IgnoreRules:
    """Match names and relative paths (always with ``/``) against the folder's rules."""

    def __init__(self, patterns: tuple[str, ...] = (), *, include_hidden: bool = False) -> None:
        lines = [*DEFAULT_IGNORES, *([] if include_hidden else [HIDDEN]), *patterns]
        self.spec = pathspec.GitIgnoreSpec.from_lines(lines)
        self._user_has_slash = any("/" in p.strip("/") for p in patterns)

    def ignored(self, rel: str, *, is_dir: bool = False) -> bool:
        """``rel`` relative to the folder. Directories match patterns ending in ``/`` too."""
        return self.spec.match_file(rel + "/" if is_dir else rel)

    def ignored_path(self, rel: str) -> bool:
        """A path from an event: ignored if the file or any folder above it is."""
        parts = rel.split("/")
        for i in range(1, len(parts)):
            if self.ignored("/".join(parts[:i]), is_dir=True):
                return True
        return self.ignored(rel)


def clean_patterns(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A person's ignore patterns (one per line, gitignore-style), checked: blank lines and
    ``#`` comments dropped, duplicates once. A pattern ``pathspec`` cannot read raises a
    ``ValueError`` that says which, so the window and the CLI refuse it the same way."""
    out: list[str] = []
    for line in lines:
        p = line.strip()
        if not p or p.startswith("#") or p in out:
            continue
        try:
            pathspec.GitIgnoreSpec.from_lines([p])
        except ValueError as exc:
            raise ValueError(
                f"“{p}” is not a pattern Scripe Desktop understands ({exc})."
            ) from None
        out.append(p)
    return tuple(out)


def lock_file_beside(path: Path) -> Path | None:
    """An Office or LibreOffice lock file means the document is open and may be mid-save."""
    name = path.name
    candidates = [f"~${name}", f".~lock.{name}#"]
    if len(name) > 2:
        candidates += [f"~${name[1:]}", f"~${name[2:]}"]  # Word shortens long names
    for c in candidates:
        lock = path.with_name(c)
        if os.path.lexists(lock):
            return lock
    return None


@dataclass(frozen=True)
class FileStat:
    size: int
    mtime_ns: int
    dev: int
    ino: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileStat:
        return cls(st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)

    @property
    def quick(self) -> tuple[int, int]:
        return (self.size, self.mtime_ns)


def stat_file(path: Path | str) -> FileStat | None:
    """A regular file's stat (never following a link), or None."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return FileStat.of(st)


def walk(root: Path, rules: IgnoreRules, below: str = "") -> Iterator[tuple[str, FileStat]]:
    """Every regular file under ``root`` (or its subfolder ``below``) that no rule ignores."""
    stack = [below]
    while stack:
        rel_dir = stack.pop()
        base = root / rel_dir if rel_dir else root
        try:
            entries = list(os.scandir(base))
        except OSError:
            continue  # unreadable or vanished folder: skipped, the next rescan tries again
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not rules.ignored(rel, is_dir=True):
                        stack.append(rel)
                    continue
                if not entry.is_file(follow_symlinks=False) or rules.ignored(rel):
                    continue
                yield rel, FileStat.of(entry.stat(follow_symlinks=False))
            except OSError:
                continue


def count_existing(root: Path, rules: IgnoreRules) -> tuple[int, int]:
    """(files, bytes) a new watched folder already holds: shown before the user chooses."""
    files = size = 0
    for _rel, st in walk(root, rules):
        if st.size:
            files += 1
            size += st.size
    return files, size


def network_filesystem(path: Path) -> str | None:
    """The filesystem type when ``path`` is on a network share (events often never fire)."""
    try:
        mounts = Path("/proc/self/mounts").read_text()
    except OSError:
        return None  # not Linux: nothing known, inotify-equivalents are tried
    target = str(Path(path).resolve())
    best, best_type = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, parts[2]
    return best_type if best_type in NETWORK_FS else None
