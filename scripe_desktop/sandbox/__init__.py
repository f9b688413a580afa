"""A strict local stand-in for the Scripe API and its S3 storage, on 127.0.0.1 only.

Use :class:`Sandbox` from tests and the app; ``python -m scripe_desktop.sandbox`` from a shell.
"""

from __future__ import annotations

from .sandbox import Sandbox
from .state import ALL_SCOPES, ATTACH_COST_CENTS

__all__ = ["ALL_SCOPES", "ATTACH_COST_CENTS", "Sandbox"]
