"""Running the sandbox in its own process for ``scripe-desktop --sandbox``.

Why a process and not a thread: the sandbox is a busy Python HTTP server (signature checks,
simulated jobs). In the GUI's process its threads would compete with the GUI thread for the
GIL and make the window stutter; the real Scripe API is remote, so this is also closer to what
users get. Tests pass an in-process :class:`~scripe_desktop.sandbox.Sandbox` instead.

Why the child watches its stdin: the sandbox must not outlive the app, also when the app is
killed. Its stdin is a pipe whose only writer is the app; when the app's process ends, for any
reason, the pipe reads end-of-file and the child exits. (``PR_SET_PDEATHSIG`` would fire when the
*thread* that started the child ends, and that is a short-lived worker here.)
"""

from __future__ import annotations

import os
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
            _python(),
            "-m",
            "scripe_desktop.ui.sandbox_process",
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
            stdin=subprocess.PIPE,
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
        if proc.stdin is not None:
            proc.stdin.close()
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _python() -> str:
    """The interpreter for ``-m``. Frozen (PyInstaller), the app itself (installer/entry.py
    runs ``-m`` modules); on Windows its console twin, as the windowed app has no stdio."""
    if getattr(sys, "frozen", False):
        twin = Path(sys.executable).with_name("scripe-desktop-cli.exe")
        if twin.exists():
            return str(twin)
    return sys.executable


def _exit_with_parent() -> None:
    """In the child: end the process once stdin (the app's pipe) closes."""

    def watch() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            import signal
            import time

            os.kill(os.getpid(), signal.SIGTERM)  # the sandbox's own clean stop
            time.sleep(5)
            os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    _exit_with_parent()
    from scripe_desktop.engine.priority import run_in_background

    run_in_background()  # a stand-in for a remote server: never ahead of the window
    from scripe_desktop.sandbox.__main__ import main

    sys.exit(main(sys.argv[1:]))
