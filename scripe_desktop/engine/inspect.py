"""Local inspection of dropped paths: walk folders, sniff types, apply the API's caps.

Every file that will not be uploaded gets one plain sentence that names it and says why, so a
user who dropped 3,000 files can see exactly which ones stayed behind.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import magic

from scripe_desktop.contract import MB, family_of, upload_content_type

from .magicdb import new_magic
from .type_database import TypeDatabaseError

SKIP_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", ".localized"})
SKIP_PATTERNS = ("~$*", "*.part", "*.crdownload", "*.tmp", "*.partial", "*.download", ".~lock.*")

_DESCRIPTIONS = {
    "application/json": "JSON data",
    "application/zip": "a ZIP archive",
    "application/x-empty": "an empty file",
    "application/x-ole-storage": "an old Office file",
    "application/vnd.ms-excel": "an Excel spreadsheet",
    "application/x-executable": "a program",
    "application/x-sharedlib": "a program",
    "application/octet-stream": "unrecognised data",
    "application/x-dosexec": "a Windows program",
    "application/gzip": "a compressed archive",
    "application/x-7z-compressed": "a compressed archive",
    "application/vnd.rar": "a compressed archive",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "a PowerPoint presentation"
    ),
    "inode/x-empty": "an empty file",
}

_local = threading.local()


def _magic() -> magic.Magic:
    """libmagic handles are not thread-safe: one per thread (sharing one database)."""
    m = getattr(_local, "magic", None)
    if m is None:
        m = _local.magic = new_magic()
    return m


def check_type_database() -> None:
    """Fail loudly, once, instead of silently skipping every file (a frozen app without
    ``magic.mgc`` calls everything ``application/octet-stream``)."""
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    got = _magic().from_buffer(pdf)
    if got != "application/pdf":
        raise TypeDatabaseError(
            "Scripe Desktop can't recognise file types: its file-type database is missing "
            f"(a PDF was detected as {got}). Please reinstall the app."
        )


def sniff(path: Path) -> str:
    """libmagic reading the file itself (a Word 97 file is only recognised from the whole file).

    A symbolic link is sniffed on its target (libmagic would say ``inode/symlink``); which links
    may be followed at all is the walk's decision."""
    return _magic().from_file(os.path.realpath(path))


def human_size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            if unit == "bytes":
                return "1 byte" if int(n) == 1 else f"{int(n)} bytes"
            return f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024
    return f"{n:.1f} GB"


@dataclass(frozen=True)
class Inspection:
    """What we know about one file before queueing it."""

    path: Path
    size: int
    mtime_ns: int
    detected: str | None  # what libmagic said
    content_type: str | None  # what we will send (None: not uploadable)
    skip_reason: str | None = None  # plain sentence when it will not be uploaded
    detail: str | None = None

    @property
    def ok(self) -> bool:
        return self.skip_reason is None


def _skipped(path: Path, reason: str, detail: str | None = None, size: int = 0) -> Inspection:
    return Inspection(path, size, 0, None, None, reason, detail)


def inspect_file(path: Path) -> Inspection:
    """Stat, sniff and check one file against the type families and caps."""
    name = display_name(path.name)
    try:
        st = path.stat()
    except FileNotFoundError:
        return _skipped(path, f"“{name}” was moved or deleted before it could be added.")
    except PermissionError as exc:
        return _skipped(path, f"“{name}” can't be read: permission denied.", str(exc))
    except OSError as exc:
        return _skipped(path, f"“{name}” can't be read.", str(exc))
    if not stat.S_ISREG(st.st_mode):
        return _skipped(path, f"“{name}” is not a regular file.")
    if st.st_size == 0:
        return _skipped(path, f"“{name}” is empty.")
    if not os.access(path, os.R_OK):
        return _skipped(path, f"“{name}” can't be read: permission denied.", size=st.st_size)
    try:
        detected = sniff(path)
    except (OSError, magic.MagicException) as exc:
        return _skipped(path, f"“{name}” can't be read.", str(exc), st.st_size)
    content_type = upload_content_type(detected)
    family = family_of(content_type)
    base = Inspection(path, st.st_size, st.st_mtime_ns, detected, None)
    if family is None:
        known = _DESCRIPTIONS.get(detected)
        what = (
            f"is {known}, which Scripe doesn't accept"
            if known
            else "isn't a kind of file Scripe accepts"
        )
        return _with_skip(
            base,
            f"“{name}” {what}. Scripe takes audio, video, images, PDF, Word and text files.",
            f"detected {detected}",
        )
    if st.st_size > family.cap_bytes:
        return _with_skip(
            base,
            too_large_reason(name, st.st_size, family.name, family.cap_bytes),
            f"{st.st_size} bytes > cap {family.cap_bytes} for {content_type}",
        )
    return Inspection(path, st.st_size, st.st_mtime_ns, detected, content_type)


_LIMIT_NOUNS = {
    "audio": "audio files",
    "video": "video files",
    "image": "images",
    "pdf": "PDF documents",
    "word": "Word documents",
    "text": "text files",
}


def too_large_reason(name: str, size: int, family: str, cap: int) -> str:
    """Never "too large (500 MB): the limit is 500 MB": show the excess when rounding hides it."""
    limit = f"{cap // MB} MB"
    shown = human_size(size)
    if shown == limit:
        shown = f"{limit} and {human_size(size - cap)}"
    noun = _LIMIT_NOUNS.get(family, f"{family} files")
    return f"“{name}” is too large ({shown}): the limit for {noun} is {limit}."


def _with_skip(base: Inspection, reason: str, detail: str) -> Inspection:
    return Inspection(base.path, base.size, base.mtime_ns, base.detected, None, reason, detail)


def skip_by_name(name: str, noun: str = "file") -> str | None:
    """System and temporary files nobody means to upload; the reason, or None to keep."""
    lower = name.lower()
    if lower in SKIP_NAMES:
        return f"“{name}” is a system {noun}."
    if any(fnmatch.fnmatch(lower, p) for p in SKIP_PATTERNS):
        return f"“{name}” is a temporary or unfinished {noun}."
    if name.startswith("."):
        return f"“{name}” is a hidden {noun}."
    return None


def walk(paths: list[Path], *, include_hidden: bool = False) -> Iterator[tuple[Path, str | None]]:
    """Yield (file, skip reason or None) for dropped files and, recursively, folders.

    Iterative (a 1,000-deep tree must not hit the recursion limit), and no single entry can end
    the walk: an unreadable folder, a broken link or a link loop becomes one skipped entry.
    Symbolic links are followed only when they stay inside the dropped tree, and each real
    directory is entered once, so link loops terminate.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for top in paths:
        top = Path(top)
        try:
            is_dir = top.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            yield top, None  # an explicitly chosen file is never filtered by its name
            continue
        root = Path(os.path.realpath(top))
        stack: list[Iterator[os.DirEntry[str]]] = []
        listing = _enter(top, seen_dirs)
        if isinstance(listing, str):
            yield top, listing
            continue
        stack.append(listing)
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            path, reason, is_dir = _classify(entry, root, include_hidden)
            if reason is None and is_dir:
                listing = _enter(path, seen_dirs)
                if isinstance(listing, str):
                    yield path, listing
                elif listing is not None:
                    stack.append(listing)
            else:
                yield path, reason


def _enter(folder: Path, seen: set[tuple[int, int]]) -> Iterator[os.DirEntry[str]] | str | None:
    """The folder's entries in name order, None when already walked, or why it can't be read."""
    unreadable = f"The folder “{display_name(folder.name)}” can't be read."
    try:
        st = folder.stat()
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            return None
        seen.add(ident)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name.lower())
    except OSError:
        return unreadable
    return iter(entries)


def _classify(
    entry: os.DirEntry[str], root: Path, include_hidden: bool
) -> tuple[Path, str | None, bool]:
    """(path, skip reason or None, is a folder to enter) for one entry; never raises."""
    path = Path(entry.path)
    name = display_name(entry.name)
    try:
        if entry.is_symlink():
            real = os.path.realpath(path)
            try:
                os.stat(real)
            except OSError as exc:
                what = "a loop of links" if exc.errno == errno.ELOOP else "a broken link"
                return path, f"“{name}” is {what}.", False
            if not Path(real).is_relative_to(root):
                return path, f"“{name}” is a link to something outside the dropped folder.", False
        is_dir = entry.is_dir()
    except (OSError, RuntimeError, ValueError):
        return path, f"“{name}” can't be read.", False
    noun = "folder" if is_dir else "file"
    reason = None if include_hidden else skip_by_name(name, noun)
    return path, reason, is_dir


def display_name(text: str) -> str:
    """A file name as people see it: bytes that are not UTF-8 become replacement characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "replace")
    return text
