"""kill -9 at every step of a batch, run the same command again: each file attached once.

The evidence comes from the sandbox's own records, not from the client's claims.
"""

from __future__ import annotations

import hashlib
import signal
from collections import Counter
from pathlib import Path

import pytest

from scripe_desktop.sandbox import Sandbox
from scripe_desktop.sandbox.faults import route_matches
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines, queue_rows, run_cli, start_cli
from .conftest import attached_uploads, sha256, wait_for

KILL_POINTS = {
    # name: (fault to script, what the queue database must show before the kill)
    "during mint": ("POST /v1/uploads", lambda r: r["mint_key"] and not r["upload_id"]),
    "mid-PUT": (None, lambda r: r["upload_url"] and not r["put_done"]),
    "after the PUT": ("POST /v1/sources", lambda r: r["put_done"] == 1),
    "during attach": ("POST /v1/sources", lambda r: r["attach_key"] and not r["job_id"]),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_then_rerun_attaches_each_file_exactly_once(
    tmp_path: Path, sandbox: Sandbox, project_id: str, point: str
) -> None:
    drop = tmp_path / "drop"
    files = [write(drop, f"f{i}.txt", text_bytes(40_000, tag=f"{point}{i}")) for i in range(3)]
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    args = ["upload", str(drop), "--project", project_id, "--json", "--concurrency", "2"]
    route, reached = KILL_POINTS[point]
    hold = sandbox.faults.hold(route, count=2) if route else None  # open while we kill
    slow = ["--limit-rate", "512K"] if point == "mid-PUT" else []
    proc = start_cli(args + slow, env)
    wait_for(lambda: any(reached(r) for r in queue_rows(home)), timeout=30, what=point)
    if hold is not None:
        assert hold.wait_held(1), f"{route} reached the sandbox"
    else:
        wait_for(lambda: any(r["bytesReceived"] for r in sandbox.storage_in_flight()), what="PUT")
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    # The server finishes what it was serving (a held request completes: a lost response).
    held = hold.held if hold is not None else 0
    sandbox.faults.clear()  # releases the hold
    wait_for(lambda: _served(sandbox, route) >= held and not sandbox.storage_in_flight())

    rc, out, err = run_cli(args, env)
    assert rc == 0, err
    records, summary = json_lines(out)
    assert summary["failed"] == 0
    assert {r["status"] for r in records} <= {"attached", "duplicate"}

    attached = Counter(u["sha256"] for u in attached_uploads(sandbox))
    assert attached == Counter(sha256(f) for f in files), "each file attached exactly once"
    for upload in attached_uploads(sandbox):  # and the stored bytes are the file's bytes
        stored = sandbox.object_path(upload["id"])
        assert stored is not None
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == upload["sha256"]


def _served(sandbox: Sandbox, route: str | None) -> int:
    """API requests on ``route`` the sandbox has answered (logged once complete)."""
    if route is None:
        return 0
    log = sandbox.records()["api_requests"]
    return sum(1 for r in log if route_matches(route, r["method"], r["path"], False))


def test_the_key_is_in_no_state_file_and_no_storage_request(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    rc, _, err = run_cli(["upload", str(f), "--project", project_id, "--json", "-v"], env)
    assert rc == 0, err
    assert sandbox.api_key not in err  # verbose log lines are redacted
    key = sandbox.api_key.encode()
    state_files = [p for p in home.rglob("*") if p.is_file()]
    assert state_files
    for path in state_files:
        assert key not in path.read_bytes(), path
    storage = sandbox.records()["storage_requests"]
    assert storage
    for req in storage:
        headers = {k.lower(): v for k, v in req["headers"].items()}
        assert "authorization" not in headers
        assert not any(k.startswith("scripe-") for k in headers)
        assert sandbox.api_key not in str(req)
    assert queue_rows(home)  # the database is there and readable
