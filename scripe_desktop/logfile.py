"""The app's log files: one per process, side by side, in one format, with one size cap and
the same key redaction.

Why a file per process: ``RotatingFileHandler`` is not safe across processes (two writers would
rotate one file under each other and lose or misplace lines). So the window writes
``scripe-desktop.log`` and its engine process ``engine.log`` in the same folder; each file has a
single writer, so its lines are in order and none is lost, and "Copy diagnostics"
(``diagnostics.py``) reads both. The CLI runs its engine in its own process and logs to stderr
only; nothing here changes that.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from .api.redact import RedactingFilter

LOG_FILE = "scripe-desktop.log"  # the window's
ENGINE_LOG_FILE = "engine.log"  # the window's engine process, beside it
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 2


def file_handler(path: Path) -> RotatingFileHandler:
    """A rotating handler for ``path`` (its folder made), formatted and redacting keys."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    return handler


def app_log_file() -> Path | None:
    """The window's log file if this process writes one (a root handler on ``LOG_FILE``).
    By name, because test runners add file handlers of their own."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename).name == LOG_FILE:
            return Path(handler.baseFilename)
    return None


def engine_log_file() -> Path | None:
    """Where the engine process started from here should log: beside the window's log file;
    None when this process keeps no log file (then the engine logs to stderr only, as before)."""
    path = app_log_file()
    return engine_log_beside(path) if path is not None else None


def engine_log_beside(app_log: Path) -> Path:
    return app_log.with_name(ENGINE_LOG_FILE)
