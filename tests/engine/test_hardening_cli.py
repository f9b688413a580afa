"""Issue 11 items 9, 10, 11 at the command line: every run ends with the right code and a plain
message, whatever it is given."""

from __future__ import annotations

import shutil
from pathlib import Path

from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines, queue_rows, run_cli, start_cli
from .conftest import wait_for


def test_a_missing_path_among_several_is_reported_and_the_rest_uploaded(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    good = write(tmp_path / "in", "a.txt", text_bytes())
    missing = tmp_path / "in" / "gone.txt"
    env = cli_env(sandbox, tmp_path / "home")
    rc, out, err = run_cli(["upload", str(good), str(missing), "--attach", "none", "--json"], env)
    assert rc == 1, err
    records, summary = json_lines(out)
    by_path = {r["path"]: r for r in records}
    assert by_path[str(good)]["status"] == "uploaded"
    assert by_path[str(missing)]["status"] == "failed"
    assert "No such file or folder" in by_path[str(missing)]["reason"]
    assert summary["failed"] == 1 and summary["uploaded"] == 1
    assert len(sandbox.records()["uploads"]) == 1


def test_a_zero_rate_limit_is_a_usage_error(tmp_path: Path, sandbox: Sandbox) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    env = cli_env(sandbox, tmp_path / "home")
    for rate in ("0", "0K", "0.0001"):
        rc, _, err = run_cli(["upload", str(f), "--attach", "none", "--limit-rate", rate], env)
        assert rc == 2 and "at least 1 byte per second" in err, err
        assert "Traceback" not in err


def test_running_a_finished_folder_again_adds_no_rows_and_sends_nothing(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    drop = tmp_path / "drop"
    for i in range(5):
        write(drop, f"f{i}.txt", text_bytes(tag=f"again{i}"))
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    args = ["upload", str(drop), "--attach", "knowledge", "--json"]
    rc, _, err = run_cli([*args, "--wait"], env)
    assert rc == 0, err
    minted = len(sandbox.records()["uploads"])
    rows = []
    for _ in range(3):
        rc, out, err = run_cli(args, env)
        assert rc == 0, err
        records, summary = json_lines(out)
        assert {r["status"] for r in records} == {"duplicate"} and summary["total"] == 5
        assert all("already in Scripe" in r["reason"] for r in records), records
        rows.append(len(queue_rows(home)))
    assert rows == [5, 5, 5]  # the finished rows themselves are reported: no new row, ever
    assert len(sandbox.records()["knowledge"]) == 5
    assert len(sandbox.records()["uploads"]) == minted  # nothing minted, nothing sent
    rc, out, err = run_cli(args[:-1], env)  # the words a person reads
    assert rc == 0, err
    assert out.count("already in Scripe") == 5 and "Done: 5 duplicate." in out


def test_plain_http_to_a_lookalike_host_is_refused(tmp_path: Path, sandbox: Sandbox) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    env = {**cli_env(sandbox, tmp_path / "home"), "SCRIPE_API_BASE": "http://127.attacker.example"}
    rc, _, err = run_cli(["upload", str(f), "--attach", "none"], env)
    assert rc == 2 and "https://" in err
    assert sandbox.api_key not in err


def test_a_proxy_never_sees_loopback_and_a_broken_one_is_explained(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    home = tmp_path / "home"
    dead = {"HTTP_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9"}
    rc, _out, err = run_cli(
        ["upload", str(f), "--attach", "none"], {**cli_env(sandbox, home), **dead}
    )
    assert rc == 0, err  # a proxy that isn't there is never asked
    broken = {
        **cli_env(sandbox, home),
        "SCRIPE_API_BASE": "https://api.scripe.example",
        "HTTPS_PROXY": "http://user:hunter2@proxy:port",
    }
    rc, _, err = run_cli(["upload", str(f), "--attach", "none"], broken)
    assert rc == 2 and "HTTPS_PROXY" in err and "Traceback" not in err
    assert "hunter2" not in err


def test_a_queue_file_swapped_under_a_running_engine_stops_it(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    big = write(tmp_path, "long.txt", text_bytes(120_000))
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    proc = start_cli(["upload", str(big), "--attach", "none", "--limit-rate", "1M"], env)
    wait_for(lambda: any(r["upload_url"] for r in queue_rows(home)), what="upload")
    db = home / "queue.sqlite3"
    shutil.copy(db, home / "copy.sqlite3")
    (home / "copy.sqlite3").replace(db)  # a restore from backup, a sync tool...
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, (out, err)
    assert "deleted or replaced" in err and "Traceback" not in err


def test_resume_after_the_daily_limit_waits_for_its_recheck_not_the_first_tick(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    """The limit a restart remembers is re-checked by the next attach (``try_now``): a run must
    not end on it before that attach even started (this raced the scheduler under load)."""
    import io

    from scripe_desktop.cli import _blocking_condition
    from scripe_desktop.cli_follow import Follower
    from scripe_desktop.cli_report import Reporter
    from scripe_desktop.engine import EngineConfig, UploadEngine
    from scripe_desktop.engine.events import ConditionKind

    f = write(tmp_path, "a.txt", text_bytes())
    home = tmp_path / "home"
    sandbox.set_spend(10, 10)
    rc, _, err = run_cli(["upload", str(f), "--project", project_id], cli_env(sandbox, home))
    assert rc == 1 and "processing limit" in err
    sandbox.set_spend(None)
    engine = UploadEngine(EngineConfig(home=home, api_base=sandbox.base_url), sandbox.api_key)
    try:  # as `resume` starts: the remembered limit, nothing moving yet
        engine.try_now()
        assert [c.kind for c in engine.conditions_now()] == [ConditionKind.SPEND_CAP]
        follower = Follower(lambda s: True, False, lambda s: None)
        reporter = Reporter(as_json=True, out=io.StringIO(), err=io.StringIO())
        assert _blocking_condition(engine, follower, 0, reporter, set()) is None
    finally:
        engine.shutdown()
    rc, _, err = run_cli(["resume", "--json", "--wait"], cli_env(sandbox, home))
    assert rc == 0, err
    assert len(sandbox.records()["sources"]) == 1
