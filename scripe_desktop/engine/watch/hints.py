"""Where hints come from: the OS's change notices (watchdog) or, failing that, polling.

A hint only says "look at this path soon"; the syncer decides from the file itself. When the OS
refuses more watches (Linux ``fs.inotify.max_user_watches``, errno 28) or the folder is on a
network share where notices often never arrive, the folder is polled (rescanned on a timer)
instead, and the reason is kept in plain words for the window, the tray and the log.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .rules import network_filesystem

log = logging.getLogger(__name__)

EVENTS, POLLING = "events", "polling"
_IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})


@dataclass(frozen=True)
class Mode:
    kind: str  # EVENTS | POLLING
    reason: str | None = None  # plain words, set when polling


Hint = Callable[[str, str, bool], None]  # (folder, absolute path, is a directory)


class _Handler(FileSystemEventHandler):
    def __init__(self, folder: str, hint: Hint) -> None:
        self.folder = folder
        self._hint = hint

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _IGNORED_EVENTS:
            return
        for p in (event.src_path, getattr(event, "dest_path", "")):
            if p:
                self._hint(self.folder, os.fsdecode(p), event.is_directory)


class FolderWatch:
    """Change notices for one folder, or a plain-words reason why it is polled instead."""

    def __init__(
        self,
        folder: str,
        hint: Hint,
        *,
        poll_seconds: float,
        force_polling: bool = False,
        observer_factory: Callable[[], Any] = Observer,
    ) -> None:
        self.folder = folder
        self._hint = hint
        self._poll_seconds = poll_seconds
        self._force = force_polling
        self._factory = observer_factory
        self._observer: Any = None
        self.mode = Mode(POLLING, None)

    def start(self) -> Mode:
        name = Path(self.folder).name or self.folder
        every = _every(self._poll_seconds)
        if self._force:
            self.mode = Mode(POLLING, f"“{name}” is checked for new files {every} (polling).")
            return self.mode
        fs = network_filesystem(Path(self.folder))
        if fs:
            self.mode = Mode(
                POLLING,
                f"“{name}” is on a network drive ({fs}), where change notices often don't "
                f"arrive, so Scripe Desktop checks it for new files {every}.",
            )
            return self.mode
        observer = self._factory()
        try:
            observer.schedule(_Handler(self.folder, self._hint), self.folder, recursive=True)
            observer.start()
        except OSError as exc:
            _stop(observer)
            if exc.errno in (errno.ENOSPC, errno.EMFILE):
                self.mode = Mode(
                    POLLING,
                    f"This computer's limit on watched folders is reached, so Scripe Desktop "
                    f"checks “{name}” for new files {every} instead of being told at once.",
                )
            else:
                self.mode = Mode(
                    POLLING,
                    f"Scripe Desktop can't get change notices for “{name}” ({exc.strerror}), "
                    f"so it checks the folder for new files {every}.",
                )
            log.warning("watching %s: %s; polling instead", self.folder, exc)
            return self.mode
        self._observer = observer
        self.mode = Mode(EVENTS)
        return self.mode

    def stop(self) -> None:
        if self._observer is not None:
            _stop(self._observer)
            self._observer = None


def _stop(observer: Any) -> None:
    try:
        observer.stop()
        if observer.is_alive():
            observer.join(5)
    except Exception:  # stopping a half-started observer must never break a shutdown
        log.debug("stopping the observer failed", exc_info=True)


def _every(seconds: float) -> str:
    if seconds < 60:
        return f"every {seconds:g} seconds"
    return f"every {seconds / 60:g} minutes"


class OverflowWatch(logging.Filter):
    """watchdog reports a kernel queue overflow only in its log: turn that into a rescan."""

    LOGGER = "watchdog.observers.inotify_c"

    def __init__(self, on_overflow: Callable[[], None]) -> None:
        super().__init__()
        self._on_overflow = on_overflow

    def filter(self, record: logging.LogRecord) -> bool:
        if "overflow" in record.getMessage().lower():
            self._on_overflow()
        return True

    def install(self) -> None:
        logging.getLogger(self.LOGGER).addFilter(self)

    def remove(self) -> None:
        logging.getLogger(self.LOGGER).removeFilter(self)
