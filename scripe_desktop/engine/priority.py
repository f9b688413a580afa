"""Background work yields to the window: the engine's process runs at a lower CPU priority.

Why: on a 2-core machine, scanning and hashing a 50,000-file folder (the engine) and serving
it (the local sandbox) took both cores, and the window's event loop waited behind them: ticks
of 50-100 ms while the GUI thread itself needed less than 20. An uploader working in the
background should give way to the window a person is looking at; when nothing else wants the
CPU a lower priority costs nothing. The command line runs the engine in its own process at the
priority it was started with (``nice`` is the user's choice there).
"""

from __future__ import annotations

import contextlib
import os
import sys

BACKGROUND_NICE = 5  # Linux/macOS: added to the process's niceness
_BELOW_NORMAL_PRIORITY_CLASS = 0x4000  # Windows


def run_in_background() -> None:
    """Lower this process's CPU priority (children it starts inherit it)."""
    if sys.platform == "win32":
        with contextlib.suppress(AttributeError, OSError):
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS)
        return
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICE)
