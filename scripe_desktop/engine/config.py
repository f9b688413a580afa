"""Engine settings and where the app keeps its state."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from scripe_desktop.contract import DEFAULT_API_BASE

APP_NAME = "Scripe Desktop"
QUEUE_FILE = "queue.sqlite3"


def default_home() -> Path:
    """``SCRIPE_DESKTOP_HOME`` (tests, portable use) or the user data directory."""
    env = os.environ.get("SCRIPE_DESKTOP_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_api_base() -> str:
    return os.environ.get("SCRIPE_API_BASE") or DEFAULT_API_BASE


@dataclass
class EngineConfig:
    home: Path = field(default_factory=default_home)
    api_base: str = field(default_factory=default_api_base)
    concurrency: int = 4
    rate_limit_bps: int | None = None
    follow_jobs: bool = True  # False: an item is finished for us once attached (CLI without --wait)
    stall_timeout: float = 30.0  # storage PUT: seconds with no byte accepted before retrying
    clock: Callable[[], float] = time.time  # tests move it together with the sandbox's clock

    @property
    def queue_path(self) -> Path:
        return Path(self.home) / QUEUE_FILE
