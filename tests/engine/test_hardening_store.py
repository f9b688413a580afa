"""Issue 11 items 4, 7 and 8: the queue file itself — a second engine, a full disk, a damaged,
emptied or read-only database. Real files; full and read-only disks are small tmpfs mounts."""

from __future__ import annotations

import os
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines, queue_rows, run_cli, start_cli
from .conftest import sha256, wait_for


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err, err


def test_deleting_the_old_lock_file_never_lets_a_second_engine_in(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    big = write(tmp_path, "long.txt", text_bytes(120_000))
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    first = start_cli(["upload", str(big), "--project", project_id, "--limit-rate", "1M"], env)
    try:
        wait_for(lambda: any(r["upload_url"] for r in queue_rows(home)), what="first upload")
        for lock in home.glob("*.lock"):  # what a clean-up script or a person might do
            lock.unlink()
        rc, _, err = run_cli(["upload", str(big), "--project", project_id], env)
        assert rc == 2 and "already working on this upload queue" in err
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=20)
    assert len(sandbox.records()["sources"]) <= 1


def test_garbage_in_the_queue_file_is_kept_aside_and_explained(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    home = tmp_path / "home"
    home.mkdir()
    garbage = b"this is not a database, just some bytes\n" * 200
    (home / "queue.sqlite3").write_bytes(garbage)
    env = cli_env(sandbox, home)
    rc, out, err = run_cli(["upload", str(f), "--attach", "knowledge"], env)
    assert rc == 2, (out, err)
    _no_traceback(err)
    assert str(home / "queue.sqlite3") in err and "damaged" in err
    [kept] = home.glob("queue.sqlite3.broken-*")
    assert kept.read_bytes() == garbage and str(kept) in err
    rc, out, err = run_cli(["upload", str(f), "--attach", "knowledge", "--json"], env)
    assert rc == 0, err
    assert json_lines(out)[0][0]["status"] == "attached"


@pytest.mark.parametrize("damage", ["emptied", "cut in half"])
def test_a_damaged_queue_never_makes_attached_files_go_again(
    tmp_path: Path, sandbox: Sandbox, damage: str
) -> None:
    drop = tmp_path / "drop"
    files = [write(drop, f"f{i}.txt", text_bytes(3_000, tag=f"{damage}{i}")) for i in range(40)]
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    rc, _, err = run_cli(["upload", str(drop), "--attach", "knowledge"], env)
    assert rc == 0, err
    db = home / "queue.sqlite3"
    for side in ("queue.sqlite3-wal", "queue.sqlite3-shm"):
        (home / side).unlink(missing_ok=True)  # the engine checkpointed on exit
    data = db.read_bytes()
    db.write_bytes(b"" if damage == "emptied" else data[: len(data) // 2])
    rc, out, err = run_cli(["upload", str(drop), "--attach", "knowledge", "--json"], env)
    assert rc == 2, (out, err)
    _no_traceback(err)
    assert str(db) in err and "won't be sent again" in err
    rc, out, err = run_cli(["upload", str(drop), "--attach", "knowledge", "--json"], env)
    assert rc == 0, err
    records, _ = json_lines(out)
    assert {r["status"] for r in records} == {"duplicate"}
    attached = Counter(u["sha256"] for u in sandbox.records()["uploads"] if u["attachedTo"])
    assert attached == Counter(sha256(f) for f in files)  # each once, never again


def test_a_read_only_queue_is_explained(tmp_path: Path, sandbox: Sandbox, small_disk: Path) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    home = small_disk / "home"
    env = cli_env(sandbox, home)
    rc, _, err = run_cli(["upload", str(f), "--attach", "none"], env)
    assert rc == 0, err
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    rc, out, err = run_cli(["upload", str(f), "--attach", "none"], env)
    assert rc == 2, (out, err)
    _no_traceback(err)
    assert str(home / "queue.sqlite3") in err and "can't be written" in err


def test_a_full_disk_stops_cleanly_and_resume_finishes_everything(
    tmp_path: Path, sandbox: Sandbox, small_disk: Path
) -> None:
    drop = tmp_path / "drop"
    files = [write(drop, f"f{i:04}.txt", text_bytes(150, tag=f"full{i}")) for i in range(600)]
    home = small_disk / "home"
    home.mkdir()
    filler = small_disk / "filler"
    with open(filler, "wb") as fh:  # leave about 200 KB
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        fh.write(b"\0" * (free - 200 * 1024))
    env = cli_env(sandbox, home)
    rc, out, err = run_cli(["upload", str(drop), "--attach", "none", "--json"], env, timeout=120)
    assert rc == 2, (out[-2000:], err[-3000:])
    _no_traceback(err)
    assert err.count("Not enough disk space for the upload queue at") == 1, err
    assert str(home / "queue.sqlite3") in err
    filler.unlink()
    rc, out, err = run_cli(["resume", "--json"], env, timeout=120)
    assert rc == 0, err[-3000:]
    rows = queue_rows(home)
    assert len(rows) == len(files) and {r["state"] for r in rows} == {"done"}
    received = Counter(u["sha256"] for u in sandbox.records()["uploads"] if u["received"])
    assert set(received) == {sha256(f) for f in files}
