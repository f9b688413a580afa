"""Running the real ``scripe-desktop`` command in a subprocess against the test's sandbox."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from scripe_desktop.sandbox import Sandbox


def cli_env(sb: Sandbox, home: Path, key: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRIPE_")}
    env.update(
        SCRIPE_DESKTOP_HOME=str(home),
        SCRIPE_API_BASE=sb.base_url,
        SCRIPE_API_KEY=sb.api_key if key is None else key,
        PYTHONUNBUFFERED="1",
    )
    if key == "":
        env.pop("SCRIPE_API_KEY")
    return env


def start_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """The command as a person starts it in a terminal, where Ctrl-C reaches it.

    A test run started in the background by a non-interactive shell inherits SIGINT ignored,
    and an ignored signal stays ignored across exec: the child would never see the tests'
    Ctrl-C. A caught signal is reset to its default at exec, so catch it while starting."""
    ignored = threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    )
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "scripe_desktop", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
        )
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_cli(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str, str]:
    proc = start_cli(args, env)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def json_lines(out: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    objs = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert objs and "summary" in objs[-1], out
    return objs[:-1], objs[-1]["summary"]


def queue_rows(home: Path) -> list[dict[str, Any]]:
    """Read the CLI's queue database (WAL lets us read while it writes)."""
    db = home / "queue.sqlite3"
    if not db.exists():
        return []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM items")]
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()
