"""Fewer glibc malloc arenas for processes that run the engine's many threads.

glibc gives threads malloc arenas of their own (up to 8 per core) and keeps what each freed:
the engine's dozen threads (scan, sniffing, uploads, the sender) left ~11 MB of it at 10,000
items. Their allocations are small and mostly under the GIL; two arenas suffice. Called before
any thread starts: the engine's child process, the CLI's engine commands and the window.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys

MALLOC_ARENAS = 2
_M_ARENA_MAX = -8


def fewer_malloc_arenas() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl): nothing to tune
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
