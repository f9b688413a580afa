"""Windows: is another program still holding the file open without sharing it?

An app that writes a file on Windows usually opens it with no (or read-only) sharing, so a
second open that asks for *no sharing at all* fails with a sharing violation until the writer
closes it. That is the "still being saved" signal the settle time cannot give for a writer that
pauses. POSIX has no such lock (``in_use`` is always False there); the size/mtime looks and the
Office lock-file check cover it.

The OS call sits behind ``Opener`` so the decision can be tested anywhere; the real opener only
runs on Windows.
"""

from __future__ import annotations

import os
from collections.abc import Callable

Opener = Callable[[str], int]  # open with no sharing, close again; 0 or a Windows error code

ERROR_SHARING_VIOLATION = 32
ERROR_LOCK_VIOLATION = 33
_BUSY = frozenset({ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION})


def in_use(path: str, opener: Opener | None = None) -> bool:
    """True when another process holds ``path`` open (look again later). Any other failure
    (gone, access denied) is not "in use": the stat look and the engine's own checks report
    those in plain words, and a file that can never be opened must not wait forever."""
    opener = opener if opener is not None else _default_opener()
    if opener is None:
        return False
    return opener(path) in _BUSY


def _default_opener() -> Opener | None:
    return _windows_opener if os.name == "nt" else None


def _windows_opener(path: str) -> int:  # pragma: no cover - needs Windows
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    create = kernel32.CreateFileW
    create.restype = wintypes.HANDLE
    create.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                       wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]  # fmt: skip
    generic_read, no_sharing, open_existing, normal = 0x80000000, 0, 3, 0x80
    handle = create(path, generic_read, no_sharing, None, open_existing, normal, None)
    if handle == wintypes.HANDLE(-1).value:
        return ctypes.get_last_error() or 1
    kernel32.CloseHandle(handle)
    return 0
