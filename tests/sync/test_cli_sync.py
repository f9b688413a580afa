"""``scripe-desktop watch …`` and ``scripe-desktop sync`` as a script or a home server runs
them: real subprocesses, real signals, the sandbox's records as the evidence."""

from __future__ import annotations

import json
import signal
import threading
from collections import Counter
from pathlib import Path

import pytest

from scripe_desktop.sandbox import Sandbox
from tests.engine.cli_helpers import cli_env, queue_rows, run_cli, start_cli
from tests.samples import text_bytes

from .conftest import attached, names, sha, wait_for, wait_names

RECORD_KEYS = {
    "path",
    "status",
    "reason",
    "contentType",
    "size",
    "uploadId",
    "jobId",
    "jobStatus",
    "resultId",
}


def _folder(tmp_path: Path, name: str = "inbox") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_watch_add_list_remove_is_a_stable_contract(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    env = cli_env(sandbox, tmp_path / "home")
    a, b = _folder(tmp_path, "a"), _folder(tmp_path, "b")
    (a / "old.txt").write_bytes(text_bytes(20, tag="old"))
    rc, out, err = run_cli(["watch", "add", str(a), "--attach", "knowledge"], env)
    assert rc == 0, err
    assert "1 file(s) already there will be uploaded" in out
    rc, out, err = run_cli(
        ["watch", "add", str(b), "--attach", "source", "--project", project_id,
         "--existing", "skip"],
        env,
    )  # fmt: skip
    assert rc == 0, err
    rc, out, _ = run_cli(["watch", "list", "--json"], env)
    assert rc == 0
    rows = _lines(out)
    assert [set(r) for r in rows] == [
        {"path", "attach", "projectId", "paused", "files", "lastUpload"}
    ] * 2
    assert rows[0] == {
        "path": str(a.resolve()),
        "attach": "knowledge",
        "projectId": None,
        "paused": False,
        "files": 0,
        "lastUpload": None,
    }
    assert rows[1]["attach"] == "source" and rows[1]["projectId"] == project_id

    rc, _, err = run_cli(["watch", "add", str(a), "--attach", "knowledge"], env)
    assert rc == 2 and "already watched" in err
    rc, _, err = run_cli(["watch", "add", str(a / "old.txt"), "--attach", "knowledge"], env)
    assert rc == 2 and "not a folder" in err
    (a / "inner").mkdir()
    rc, _, err = run_cli(["watch", "add", str(a / "inner"), "--attach", "knowledge"], env)
    assert rc == 2 and "overlaps" in err

    rc, out, _ = run_cli(["watch", "remove", str(b)], env)
    assert rc == 0 and "Nothing was deleted in Scripe" in out
    rc, out, _ = run_cli(["watch", "list", "--json"], env)
    assert [r["path"] for r in _lines(out)] == [str(a.resolve())]
    rc, _, err = run_cli(["watch", "remove", str(b)], env)
    assert rc == 2 and "not a watched folder" in err


def test_sync_once_catches_up_and_next_start_uploads_only_what_is_new(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    env = cli_env(sandbox, tmp_path / "home")
    up, skip = _folder(tmp_path, "up"), _folder(tmp_path, "skip")
    (up / "one.txt").write_bytes(text_bytes(20, tag="one"))
    (up / "empty.txt").write_bytes(b"")
    (up / "archive.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (skip / "old.txt").write_bytes(text_bytes(20, tag="old"))
    assert run_cli(["watch", "add", str(up), "--attach", "knowledge"], env)[0] == 0
    args = ["watch", "add", str(skip), "--attach", "source", "--project", project_id]
    assert run_cli([*args, "--existing", "skip"], env)[0] == 0

    rc, out, err = run_cli(["sync", "--once", "--settle", "0.2", "--json"], env)
    assert rc == 0, err
    records = _lines(out)
    assert records[-1]["summary"]["attached"] == 1
    by_name = {Path(r["path"]).name: r for r in records[:-1]}
    assert set(by_name) == {"one.txt", "archive.zip"}, "empty files wait, nothing else"
    assert set(by_name["one.txt"]) == RECORD_KEYS
    assert by_name["one.txt"]["status"] == "attached" and by_name["one.txt"]["jobStatus"] == "DONE"
    assert by_name["archive.zip"]["status"] == "skipped" and by_name["archive.zip"]["reason"]
    assert names(sandbox) == {"one.txt": 1}

    # while sync is stopped: a new file in each folder, an edit, and a rename
    (up / "two.txt").write_bytes(text_bytes(20, tag="two"))
    (skip / "new.txt").write_bytes(text_bytes(20, tag="new"))
    (up / "one.txt").rename(up / "one-renamed.txt")
    rc, out, err = run_cli(["sync", "--once", "--settle", "0.2", "--json"], env)
    assert rc == 0, err
    assert sorted(Path(r["path"]).name for r in _lines(out)[:-1]) == ["new.txt", "two.txt"]
    assert names(sandbox) == {"one.txt": 1, "two.txt": 1, "new.txt": 1}
    rc, out, _ = run_cli(["watch", "list", "--json"], env)
    listed = {Path(r["path"]).name: r for r in _lines(out)}
    assert listed["up"]["lastUpload"] and listed["up"]["files"] == 3  # zip counted, empty not
    assert listed["skip"]["files"] == 2

    rc, out, _ = run_cli(["sync", "--once", "--settle", "0.2", "--json"], env)
    assert rc == 0
    [only] = _lines(out)  # nothing new: no file records, a summary of zeros
    assert only["summary"]["total"] == 0 and not any(only["summary"].values())


def test_sync_without_folders_or_key_says_what_to_do(tmp_path: Path, sandbox: Sandbox) -> None:
    env = cli_env(sandbox, tmp_path / "home")
    rc, _, err = run_cli(["sync", "--once"], env)
    assert rc == 2 and "watch add" in err
    assert run_cli(["watch", "add", str(_folder(tmp_path)), "--attach", "knowledge"], env)[0] == 0
    rc, _, err = run_cli(["sync", "--once"], cli_env(sandbox, tmp_path / "home", key=""))
    assert rc == 2 and "SCRIPE_API_KEY" in err


def _started(proc) -> None:
    line = proc.stderr.readline()  # waits for sync to say it runs
    assert "Press Ctrl-C to stop" in line, line


def test_sync_runs_until_sigterm_prints_json_and_tells_a_second_sync_it_runs_elsewhere(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    inbox = _folder(tmp_path)
    assert run_cli(["watch", "add", str(inbox), "--attach", "knowledge"], env)[0] == 0
    proc = start_cli(["sync", "--settle", "0.3", "--json"], env)
    try:
        _started(proc)
        data = text_bytes(20, tag="live")
        (inbox / "live.txt").write_bytes(data)
        wait_names(sandbox, {"live.txt": 1})
        rc, _, err = run_cli(["sync", "--once"], env)
        assert rc == 2 and "Sync is running elsewhere" in err
        first = json.loads(proc.stdout.readline())  # one object per finished file, live
        assert set(first) == RECORD_KEYS and first["path"].endswith("live.txt")
        assert first["status"] == "attached" and first["jobStatus"] == "DONE"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Stopping" in err
    assert _lines(out)[-1]["summary"]["attached"] == 1
    assert attached(sandbox)[0]["sha256"] == sha(data)


def test_sync_stops_on_ctrl_c_with_0_and_a_second_ctrl_c_exits_130(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    inbox = _folder(tmp_path)
    assert run_cli(["watch", "add", str(inbox), "--attach", "knowledge"], env)[0] == 0
    proc = start_cli(["sync", "--settle", "0.2"], env)
    _started(proc)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    assert proc.returncode == 0

    (inbox / "big.txt").write_bytes(text_bytes(200, tag="big"))
    sandbox.faults.delay("PUT storage", 20.0, count=1)  # a stop then waits for this PUT
    proc = start_cli(["sync", "--settle", "0.2"], env)
    try:
        wait_for(lambda: any(r["upload_url"] for r in queue_rows(home)), 30, "a PUT")
        proc.send_signal(signal.SIGINT)
        wait_for(lambda: "Stopping" in (proc.stderr.readline() or ""), 10, "the first stop")
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        sandbox.faults.clear()
    assert proc.returncode == 130


@pytest.mark.parametrize("point", ["mid-PUT", "during attach"])
def test_kill_9_of_sync_mid_upload_then_start_again_attaches_exactly_once(
    tmp_path: Path, sandbox: Sandbox, point: str
) -> None:
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    inbox = _folder(tmp_path)
    files = {f"f{i}.txt": text_bytes(60, tag=f"{point}{i}") for i in range(3)}
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    assert run_cli(["watch", "add", str(inbox), "--attach", "knowledge"], env)[0] == 0
    if point == "mid-PUT":
        sandbox.faults.delay("PUT storage", 2.0, count=3)
        reached = lambda r: r["upload_url"] and not r["put_done"]  # noqa: E731
    else:
        sandbox.faults.delay("POST /v1/knowledge", 2.0, count=3)
        reached = lambda r: r["attach_key"] and not r["job_id"]  # noqa: E731
    proc = start_cli(["sync", "--settle", "0.2"], env)
    wait_for(lambda: any(reached(r) for r in queue_rows(home)), 30, point)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    wait_for(lambda: _sandbox_quiet(sandbox), 60, "the held requests to end (answers lost)")
    sandbox.faults.clear()
    (inbox / "while-stopped.txt").write_bytes(text_bytes(20, tag="ws"))

    rc, _out, err = run_cli(["sync", "--once", "--settle", "0.2"], env)
    assert rc == 0, err
    assert names(sandbox) == Counter({**dict.fromkeys(files, 1), "while-stopped.txt": 1})
    got = {a["name"]: a["sha256"] for a in attached(sandbox)}
    assert all(got[n] == sha(d) for n, d in files.items())


def _sandbox_quiet(sb: Sandbox) -> bool:
    """No request is being answered by this (in-process) sandbox right now: each request has a
    thread whose target is bound to the sandbox's server."""
    server = sb._server
    for t in threading.enumerate():
        target = getattr(t, "_target", None)
        if getattr(target, "__self__", None) is server and target.__name__ != "serve_forever":
            return False
    return True
