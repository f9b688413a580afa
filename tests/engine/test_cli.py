"""The command line is a contract: exit codes, JSON lines, resume, status."""

from __future__ import annotations

import signal
from pathlib import Path

from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write, write_samples

from .cli_helpers import cli_env, json_lines, queue_rows, run_cli, start_cli
from .conftest import wait_for

FIELDS = {
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


def test_upload_json_lines_and_exit_zero(tmp_path: Path, sandbox: Sandbox, project_id: str) -> None:
    drop = tmp_path / "drop"
    files = write_samples(drop)
    write(drop, "empty.txt", b"")
    env = cli_env(sandbox, tmp_path / "home")
    rc, out, err = run_cli(["upload", str(drop), "--project", project_id, "--json", "--wait"], env)
    assert rc == 0, err
    records, summary = json_lines(out)
    assert all(set(r) == FIELDS for r in records)
    by_name = {Path(r["path"]).name: r for r in records}
    for name in files:
        assert by_name[name]["status"] == "attached"
        assert by_name[name]["jobStatus"] == "DONE"
        assert by_name[name]["resultId"].startswith("src_")
    assert by_name["empty.txt"] == {
        **by_name["empty.txt"],
        "status": "skipped",
        "reason": "“empty.txt” is empty.",
    }
    assert summary["attached"] == len(files) and summary["skipped"] == 1
    assert summary["failed"] == 0 and summary["total"] == len(files) + 1


def test_without_wait_reports_attached_with_the_job(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    env = cli_env(sandbox, tmp_path / "home")
    rc, out, _ = run_cli(["upload", str(f), "--attach", "knowledge", "--json"], env)
    assert rc == 0
    [rec], _ = json_lines(out)
    assert rec["status"] == "attached" and rec["jobId"].startswith("job_")
    assert rec["jobStatus"] in ("QUEUED", "RUNNING", "DONE")


def test_upload_only_and_duplicates(tmp_path: Path, sandbox: Sandbox) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    env = cli_env(sandbox, tmp_path / "home")
    rc, out, _ = run_cli(["upload", str(f), "--attach", "none", "--json"], env)
    assert rc == 0 and json_lines(out)[0][0]["status"] == "uploaded"
    rc, out, _ = run_cli(["upload", str(f), "--attach", "none", "--json"], env)
    assert rc == 0 and json_lines(out)[0][0]["status"] == "duplicate"
    rc, out, _ = run_cli(["upload", str(f), "--attach", "none", "--json", "--force"], env)
    assert rc == 0 and json_lines(out)[0][0]["status"] == "uploaded"
    assert len(sandbox.records()["uploads"]) == 2


def test_a_failed_file_exits_one(tmp_path: Path, sandbox: Sandbox, project_id: str) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.faults.fail_jobs_next(1)
    env = cli_env(sandbox, tmp_path / "home")
    rc, out, _ = run_cli(["upload", str(f), "--project", project_id, "--json", "--wait"], env)
    assert rc == 1
    [rec], summary = json_lines(out)
    assert rec["status"] == "failed" and rec["jobStatus"] == "FAILED"
    assert "couldn't process" in rec["reason"]
    assert summary["failed"] == 1


def test_configuration_errors_exit_two(tmp_path: Path, sandbox: Sandbox) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    home = tmp_path / "home"
    cases = {
        "no key": cli_env(sandbox, home, key=""),
        "malformed key": cli_env(sandbox, home, key="sk-not-a-scripe-key"),
        "revoked key": cli_env(sandbox, home, key=sandbox.issue_key()),
        "unreachable": {**cli_env(sandbox, home), "SCRIPE_API_BASE": "http://127.0.0.1:9"},
        "plain http elsewhere": {**cli_env(sandbox, home), "SCRIPE_API_BASE": "http://example.com"},
    }
    sandbox.revoke_key(cases["revoked key"]["SCRIPE_API_KEY"])
    cases["no key"]["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    for what, env in cases.items():
        rc, out, err = run_cli(["upload", str(f), "--attach", "knowledge"], env)
        assert rc == 2, (what, out, err)
        assert err.strip(), what
        key = env.get("SCRIPE_API_KEY")
        if key:
            assert key not in out + err, what
    # sources need --project when the workspace has several
    rc, _, err = run_cli(["upload", str(f)], cli_env(sandbox, home))
    assert rc == 2 and "--project" in err
    rc, _, err = run_cli(["upload", str(tmp_path / "missing.txt")], cli_env(sandbox, home))
    assert rc == 2


def test_single_project_needs_no_project_flag(tmp_path: Path, sandbox: Sandbox) -> None:
    sandbox.set_project_count(1)
    f = write(tmp_path, "a.txt", text_bytes())
    rc, out, err = run_cli(["upload", str(f), "--json"], cli_env(sandbox, tmp_path / "home"))
    assert rc == 0, err
    assert json_lines(out)[0][0]["status"] == "attached"


def test_ctrl_c_saves_the_queue_and_the_same_command_finishes(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    big = write(tmp_path, "long.txt", text_bytes(120_000))  # ~4 MB
    env = cli_env(sandbox, tmp_path / "home")
    args = ["upload", str(big), "--project", project_id, "--json", "--limit-rate", "1M"]
    proc = start_cli(args, env)
    wait_for(
        lambda: any(r["bytesReceived"] > 0 for r in sandbox.storage_in_flight()), what="PUT bytes"
    )
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "queue is saved" in err
    [row] = queue_rows(tmp_path / "home")
    assert row["state"] == "waiting"
    rc, out, err = run_cli(args[:-2], env)
    assert rc == 0, err
    [rec], _ = json_lines(out)
    assert rec["status"] == "attached"
    assert len(sandbox.records()["sources"]) == 1


def test_status_and_resume(tmp_path: Path, sandbox: Sandbox, project_id: str) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    env = cli_env(sandbox, tmp_path / "home")
    sandbox.set_spend(10, 10)  # attaching is refused: the CLI stops with the file uploaded
    rc, out, err = run_cli(["upload", str(f), "--project", project_id, "--json"], env)
    assert rc == 1, (out, err)
    assert "processing limit" in err
    assert json_lines(out)[0][0]["status"] == "uploaded"
    rc, out, _ = run_cli(["status"], env)
    assert rc == 0 and "waiting" in out and str(f) in out
    sandbox.set_spend(None)  # e.g. the cap was raised in Scripe
    rc, out, err = run_cli(["resume", "--json", "--wait"], env)
    assert rc == 0, err
    [rec], _ = json_lines(out)
    assert rec["status"] == "attached" and rec["jobStatus"] == "DONE"
    assert len(sandbox.records()["sources"]) == 1


def test_sandbox_subcommand_takes_its_own_options(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "scripe_desktop", "sandbox", "--port", "0", "--projects", "1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        assert first.startswith("Scripe sandbox listening on http://127.0.0.1:")
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_second_engine_on_the_same_queue_is_refused_but_status_reads(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    big = write(tmp_path, "long.txt", text_bytes(120_000))
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    first = start_cli(["upload", str(big), "--project", project_id, "--limit-rate", "1M"], env)
    try:
        wait_for(lambda: any(r["upload_url"] for r in queue_rows(home)), what="first upload")
        rc, _, err = run_cli(["upload", str(big), "--project", project_id], env)
        assert rc == 2 and "already working on this upload queue" in err
        rc, out, _ = run_cli(["status"], env)
        assert rc == 0 and str(big) in out
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=20)
    rc, out, err = run_cli(["upload", str(big), "--project", project_id, "--json"], env)
    assert rc == 0, err  # the lock went with the first process


def test_the_cli_drives_its_engine_through_the_protocol(
    tmp_path: Path, sandbox: Sandbox, monkeypatch
) -> None:
    """The CLI's engine is the in-process protocol client: its reads and orders cross the
    pipe as protocol messages, as the window's do (one boundary, engine/remote.py)."""
    from scripe_desktop import cli
    from scripe_desktop.engine import UploadEngine
    from scripe_desktop.engine import protocol as p
    from scripe_desktop.engine.remote import RemoteEngine

    monkeypatch.setenv("SCRIPE_DESKTOP_HOME", str(tmp_path / "home"))
    args = cli.build_parser().parse_args(["resume"])
    engine = cli._engine(args, sandbox.api_key, sandbox.base_url, rate=None)
    try:
        assert isinstance(engine, RemoteEngine) and isinstance(engine.engine, UploadEngine)
        sent: list[object] = []
        conn = engine._conn
        real_send = conn.send_bytes
        monkeypatch.setattr(conn, "send_bytes", lambda b: (sent.append(p.loads(b)), real_send(b)))
        assert engine.totals().files_left == 0
        assert engine.unfinished_scan_batches() == [] and engine.fatal() is None
        methods = [m.command.method for m in sent if isinstance(m, p.Call)]
        assert methods == ["totals", "unfinished_scan_batches", "fatal"]
    finally:
        engine.shutdown()
