"""One copy of libmagic's compiled database for every libmagic handle in the process.

Why: a libmagic handle is not thread-safe, so each thread that sniffs has its own (the scan's
sniffing threads, each upload worker, the start-up check), and ``magic_load`` maps
``magic.mgc`` (8 MB) anew for each. Sniffing a text file reads ~7 MB of it, and every mapping
counts in the process's memory: with six handles alive the engine carried ~40 MB of the same
file. ``magic_load_buffers`` (libmagic 5.21+) makes a handle use a database already in memory,
in place: here one private read-only-in-practice mapping of the file, shared by all handles.

Same database, same answers: only used when libmagic's own search path names compiled
databases and nothing else with rules in it (a local text ``/etc/magic`` with rules, a database
of the other byte order, an old libmagic: each handle loads as before).
"""

from __future__ import annotations

import ctypes
import logging
import mmap
import os
import struct
import threading
from typing import Any

import magic

log = logging.getLogger(__name__)

_MAGICNO = 0xF11E041C  # a compiled database's first word, in this machine's byte order
_lock = threading.Lock()
_loaded: tuple[Any, Any, list[Any]] | None = None  # (buffers, sizes, what keeps them alive)
_tried = False


def new_magic() -> magic.Magic:
    """A libmagic handle (MIME types) that uses the process's one copy of the database."""
    m = magic.Magic(mime=True)
    shared = _shared()
    if shared is not None:
        bufs, sizes, keep = shared
        if _load_buffers()(m.cookie, bufs, sizes, len(keep)) != 0:  # pragma: no cover
            log.warning("libmagic refused its database from memory; loading it per handle")
            return magic.Magic(mime=True)
    return m


def _load_buffers() -> Any:
    fn = magic.libmagic.magic_load_buffers
    fn.restype = ctypes.c_int
    fn.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(ctypes.c_size_t),
        ctypes.c_size_t,
    ]
    return fn


def _shared() -> tuple[Any, Any, list[Any]] | None:
    global _loaded, _tried
    with _lock:
        if not _tried:
            _tried = True
            try:
                _load_buffers()  # libmagic older than 5.21 has none: AttributeError
                _loaded = _map(_compiled_databases())
            except (OSError, AttributeError, ValueError) as exc:
                log.info("libmagic's database stays per handle: %s", exc)
        return _loaded


def _compiled_databases() -> list[str]:
    """The files libmagic's ``magic_load(NULL)`` would read, if all are compiled databases."""
    getpath = magic.libmagic.magic_getpath
    getpath.restype = ctypes.c_char_p
    getpath.argtypes = [ctypes.c_char_p, ctypes.c_int]
    raw = getpath(None, 0)
    if not raw:
        raise ValueError("libmagic names no database")
    found: list[str] = []
    for entry in os.fsdecode(raw).split(os.pathsep):
        if not entry:
            continue
        compiled = entry if entry.endswith(".mgc") else entry + ".mgc"
        if os.path.isfile(compiled):
            found.append(compiled)
        elif os.path.isdir(entry) or (os.path.isfile(entry) and _has_rules(entry)):
            raise ValueError(f"{entry} holds magic rules of its own")
    if not found:
        raise ValueError("no compiled database")
    return found


def _has_rules(path: str) -> bool:
    with open(path, "rb") as f:
        return any(line.strip() and not line.lstrip().startswith(b"#") for line in f)


def _map(paths: list[str]) -> tuple[Any, Any, list[Any]]:
    maps: list[Any] = []
    for path in paths:
        with open(path, "rb") as f:
            # copy-on-write: libmagic reads it in place and never writes a native-order one
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
        if len(mm) < 8 or struct.unpack("=I", mm[:4])[0] != _MAGICNO:
            raise ValueError(f"{path} is not a compiled database in this byte order")
        maps.append((mm, ctypes.c_char.from_buffer(mm)))
    bufs = (ctypes.c_void_p * len(maps))(*[ctypes.addressof(anchor) for _mm, anchor in maps])
    sizes = (ctypes.c_size_t * len(maps))(*[len(mm) for mm, _anchor in maps])
    return bufs, sizes, maps
