"""Tray tests with a real tray host: a private Xvfb (display chosen by the X server) with
openbox and trayer, so that ``QSystemTrayIcon.isSystemTrayAvailable()`` is really true. The
entries themselves are in ``tray_host/entries.py``, run by pytest in that session (Qt's platform
is chosen once per process, and this suite runs offscreen). ``bash .ci/run`` installs the X
packages; without them this test fails and says which are missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ENTRIES = Path(__file__).parent / "tray_host" / "entries.py"
ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def x_session(tmp: Path) -> Iterator[dict[str, str]]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    procs = [xvfb]
    try:
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        assert number, "Xvfb did not start"
        env = {
            k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
        }
        env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb", SCRIPE_TEST_DISPLAY="1",
                   HOME=str(tmp / "home"), XDG_CONFIG_HOME=str(tmp / "config"))  # fmt: skip
        (tmp / "home").mkdir(exist_ok=True)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        if shutil.which("openbox"):
            procs.append(subprocess.Popen(["openbox"], **quiet))
        procs.append(
            subprocess.Popen(
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "pixel",
                    "--width",
                    "120",
                    "--height",
                    "24",
                ],
                **quiet,
            )
        )
        yield env
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.mark.timeout(300)
def test_tray_entries_with_a_real_tray_host(tmp_path: Path) -> None:
    missing = [b for b in ("Xvfb", "trayer", "xdotool") if shutil.which(b) is None]
    assert not missing, f"needs {missing}: apt-get install xvfb trayer xdotool (bash .ci/run does)"
    with x_session(tmp_path) as env:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ENTRIES),
             "--basetemp", str(tmp_path / "child"), "-o", "addopts="],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=280,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "5 passed" in run.stdout, run.stdout[-2000:]
