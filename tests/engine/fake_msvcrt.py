"""A stand-in for Windows' ``msvcrt`` module, for testing the Windows lock branch here.

What it copies from Windows (the CRT's ``_locking`` over ``LockFile``): a lock is on bytes of a
file, counted from the handle's current position; it belongs to the handle (another handle, even
in the same process, is refused); ``LK_NBLCK`` on a byte another handle holds fails at once
with ``PermissionError`` (errno EACCES); ``LK_LOCK`` tries again for a while, then fails with
``OSError`` (EDEADLK); closing the handle releases its locks (here: a byte whose holder's
descriptor is closed, or now names another file, is free).
"""

from __future__ import annotations

import errno
import os
import threading
import time
import types


class FakeMsvcrt(types.ModuleType):
    LK_UNLCK = 0
    LK_LOCK = 1
    LK_NBLCK = 2
    LK_RLCK = 3
    LK_NBRLCK = 4

    def __init__(self, lock_retries: int = 10, retry_wait: float = 0.02) -> None:
        super().__init__("msvcrt")
        self._held: dict[tuple[int, int, int], int] = {}  # (dev, ino, byte) -> fd
        self._mutex = threading.Lock()
        self._retries = lock_retries
        self._retry_wait = retry_wait
        self.refused = 0  # attempts refused because another handle held the byte

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        st = os.fstat(fd)
        start = os.lseek(fd, 0, os.SEEK_CUR)
        keys = [(st.st_dev, st.st_ino, start + i) for i in range(nbytes)]
        if mode == self.LK_UNLCK:
            with self._mutex:
                if any(self._held.get(k) != fd for k in keys):
                    raise PermissionError(errno.EACCES, "Permission denied")
                for k in keys:
                    del self._held[k]
            return
        tries = self._retries if mode in (self.LK_LOCK, self.LK_RLCK) else 1
        for attempt in range(tries):
            with self._mutex:
                if not any(self._taken(k, fd) for k in keys):
                    for k in keys:
                        self._held[k] = fd
                    return
                self.refused += 1
            if attempt + 1 < tries:
                time.sleep(self._retry_wait)
        if tries > 1:
            raise OSError(errno.EDEADLK, "Resource deadlock avoided")
        raise PermissionError(errno.EACCES, "Permission denied")

    def _taken(self, key: tuple[int, int, int], fd: int) -> bool:
        owner = self._held.get(key)
        if owner is None or owner == fd:
            return False
        try:
            st = os.fstat(owner)
        except OSError:  # the holder's handle was closed (or its process died)
            del self._held[key]
            return False
        if (st.st_dev, st.st_ino) != key[:2]:  # the number now names another file
            del self._held[key]
            return False
        return True

    def holds(self, path: os.PathLike[str] | str) -> bool:
        """Is any byte of ``path`` locked by a handle that is still open?"""
        st = os.stat(path)
        with self._mutex:
            keys = [k for k in self._held if k[:2] == (st.st_dev, st.st_ino)]
            return any(self._taken(k, -1) for k in keys)
