"""The upload engine: inspection, durable queue, upload/attach pipeline. Never imports Qt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import EngineConfig, default_home
from .events import AttachKind, ItemSnapshot, ItemState, Target

if TYPE_CHECKING:
    from .engine import UploadEngine

__all__ = [
    "AttachKind",
    "EngineConfig",
    "ItemSnapshot",
    "ItemState",
    "Target",
    "UploadEngine",
    "default_home",
]


def __getattr__(name: str) -> Any:
    """``UploadEngine`` is imported on first use: the window's process runs no engine (it talks
    to one in a child process) and would otherwise load the whole pipeline, libmagic,
    watchdog and pathspec just for ``ItemState``."""
    if name == "UploadEngine":
        from .engine import UploadEngine

        return UploadEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
