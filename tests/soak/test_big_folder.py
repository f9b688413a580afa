"""The real app as a user runs it (a subprocess, offscreen, sandbox mode) with a huge folder.

Why a subprocess: the abort this guards against ("Fatal Python error: bool_dealloc" about 100 s
into a 45,000-file folder) killed the whole process; only a real process, run long enough, shows
it. The folder arrives the way a second launch hands it over: through the single-instance
server. The app must be alive after 120 s, its log must show the window's queue still changing,
its output must hold no fatal error and no traceback, and quitting must take its sandbox and
engine children with it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SOAK_SECONDS = 120
FILES = 50_000
_SHOWN = re.compile(r"queue shown: (\d+) files, (\d+) done, (\d+) failed")

pytestmark = pytest.mark.soak


def make_folder(root: Path, count: int) -> Path:
    """Tiny distinct text files, 1,000 per directory (about 3 s for 50,000)."""
    for i in range(count):
        if i % 1000 == 0:
            folder = root / f"d{i // 1000:03d}"
            folder.mkdir(parents=True)
        (folder / f"n{i:05d}.txt").write_bytes(b"note %d\n" % i)
    return root


def app_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        SCRIPE_DESKTOP_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # QSettings: never the user's own
        SCRIPE_DESKTOP_REPORT_STARTUP="1",
    )
    # A returning user who chose Knowledge before (a first drop would wait for a choice).
    conf = tmp_path / "config" / "Scripe" / "Scripe Desktop.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text("[destination]\nkind=knowledge\nproject_id=\n")
    return env


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(c) for c in text)
    return found


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(pred, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def start_app(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
    out = tmp_path / "app-output.txt"
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripe_desktop", "--sandbox"],
        env=env,
        stdout=out.open("wb"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    wait_until(lambda: b"window shown after" in out.read_bytes(), 30, "the window")
    log = tmp_path / "home" / "sandbox" / "scripe-desktop.log"
    wait_until(lambda: log.exists() and b"queue shown" in log.read_bytes(), 30, "a first report")
    return proc, out


def shown(log: Path) -> list[tuple[int, int, int]]:
    return [tuple(map(int, m.groups())) for m in _SHOWN.finditer(log.read_text())]


@pytest.mark.timeout(SOAK_SECONDS + 120)
def test_a_50000_file_folder_keeps_the_app_alive_and_updating(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "big", FILES)
    env = app_env(tmp_path)
    proc, out = start_app(tmp_path, env)
    log = tmp_path / "home" / "sandbox" / "scripe-desktop.log"
    try:
        second = subprocess.run(
            [sys.executable, "-m", "scripe_desktop", "--sandbox", str(folder)],
            env=env,
            capture_output=True,
            timeout=30,
        )
        assert second.returncode == 0 and b"already running" in second.stderr
        handed_at = time.monotonic()
        time.sleep(SOAK_SECONDS / 2)  # the soak itself: time passing is what is tested
        assert proc.poll() is None, out.read_text()[-3000:]
        halfway = shown(log)[-1]
        time.sleep(SOAK_SECONDS - (time.monotonic() - handed_at))
        assert proc.poll() is None, out.read_text()[-3000:]
        final = shown(log)[-1]
        assert final[0] > 10_000, final  # the folder's files reached the window
        assert final[1] > halfway[1], (halfway, final)  # still updating at the end
        children = children_of(proc.pid)
        assert len(children) >= 2  # the engine and the sandbox
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # the app's own quit (queue saved)
        code = proc.wait(30)
    text = out.read_text(errors="replace")
    assert "Fatal Python error" not in text and "Traceback" not in text, text[-3000:]
    assert code == 0
    wait_until(lambda: not any(running(c) for c in children), 15, "the children to end")


@pytest.mark.timeout(90)
def test_children_end_when_the_app_is_killed(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    proc, _out = start_app(tmp_path, env)
    wait_until(lambda: len(children_of(proc.pid)) >= 2, 20, "engine and sandbox children")
    children = children_of(proc.pid)
    proc.kill()
    proc.wait(10)
    wait_until(lambda: not any(running(c) for c in children), 20, "orphans to exit")
