"""The upload engine: inspection, durable queue, upload/attach pipeline. Never imports Qt."""

from .config import EngineConfig, default_home
from .engine import UploadEngine
from .events import AttachKind, ItemSnapshot, ItemState, Target

__all__ = [
    "AttachKind",
    "EngineConfig",
    "ItemSnapshot",
    "ItemState",
    "Target",
    "UploadEngine",
    "default_home",
]
