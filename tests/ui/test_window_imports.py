"""The window's process loads no engine machinery: the engine runs in its own process.

Why it matters: each of these cost the window memory it never uses (libmagic, watchdog, the
upload pipeline: ~3.5 MB together), and the window's peak at 50,000 rows has a 120 MB target.
"""

from __future__ import annotations

import os
import subprocess
import sys

ENGINE_ONLY = (
    "magic",
    "watchdog",
    "scripe_desktop.engine.engine",
    "scripe_desktop.engine.pipeline",
    "scripe_desktop.engine.inspect",
    "scripe_desktop.engine.watch.syncer",
)


def test_the_window_modules_import_no_engine_machinery() -> None:
    code = (
        "import sys\n"
        "import scripe_desktop.ui.app, scripe_desktop.ui.controller\n"
        "import scripe_desktop.ui.watched_folders, scripe_desktop.ui.notifications\n"
        f"print(sorted(m for m in {ENGINE_ONLY!r} if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_engine_names_still_import_where_they_are_used() -> None:
    from scripe_desktop.engine import UploadEngine
    from scripe_desktop.engine.watch import FolderStatus, FolderSyncer

    assert UploadEngine.__name__ == "UploadEngine"
    assert FolderSyncer.__name__ == "FolderSyncer" and FolderStatus.__name__ == "FolderStatus"
