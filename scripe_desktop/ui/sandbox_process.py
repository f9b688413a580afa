"""Running the sandbox in its own process for ``scripe-desktop --sandbox``.

Why a process and not a thread: the sandbox is a busy Python HTTP server (signature checks,
simulated jobs). In the GUI's process its threads would compete with the GUI thread for the
GIL and make the window stutter; the real Scripe API is remote, so this is also closer to what
users get. Tests pass an in-process :class:`~scripe_desktop.sandbox.Sandbox` instead.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

_URL_RE = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class SandboxProcess:
    """``python -m scripe_desktop.sandbox`` on a free port with a fixed test key."""

    def __init__(self, api_key: str, job_duration: float = 2.0) -> None:
        self.api_key = api_key
        self.base_url = ""
        self._proc: subprocess.Popen[str] | None = None
        self._job_duration = job_duration

    def start(self, timeout: float = 20.0) -> SandboxProcess:
        """Blocking (call on a worker): returns once the sandbox prints its address."""
        cmd = [
            *_sandbox_command(),
            "--port",
            "0",
            "--key",
            self.api_key,
            "--job-duration",
            str(self._job_duration),
        ]
        self._proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console
        )
        found = threading.Event()

        def read() -> None:
            assert self._proc is not None and self._proc.stdout is not None
            for line in self._proc.stdout:  # keep draining so the child never blocks
                match = _URL_RE.search(line)
                if match and not found.is_set():
                    self.base_url = match.group(1)
                    found.set()

        threading.Thread(target=read, name="sandbox-output", daemon=True).start()
        if not found.wait(timeout):
            self.stop()
            raise RuntimeError("the sandbox did not start")
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _sandbox_command() -> list[str]:
    """``python -m scripe_desktop.sandbox``; frozen (PyInstaller), the app's own ``sandbox``
    command. On Windows the windowed app has no stdout, so its console twin runs it."""
    if not getattr(sys, "frozen", False):
        return [sys.executable, "-m", "scripe_desktop.sandbox"]
    console_twin = Path(sys.executable).with_name("scripe-desktop-cli.exe")
    return [str(console_twin) if console_twin.exists() else sys.executable, "sandbox"]
