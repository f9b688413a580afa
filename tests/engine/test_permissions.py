"""Permission denied, for real: root reads and writes everything, so the command runs as the
unprivileged user ``nobody`` (``setpriv``). A file it may not read, a folder it may not list,
and a state folder it may not write to each get a plain sentence; the rest still uploads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines

NOBODY = 65534
ROOT = Path(__file__).resolve().parents[2]


def _as_nobody() -> list[str]:
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder ``nobody`` may enter (tmp_path's parents are root's alone), after a probe that
    ``nobody`` can run this checkout's Python at all."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a command as another user")
    probe = subprocess.run(
        [*_as_nobody(), sys.executable, "-c", "import scripe_desktop.cli"],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if probe.returncode != 0:
        pytest.skip(f"'nobody' can't read this checkout: {probe.stderr.decode()[-300:]}")
    where = Path(tempfile.mkdtemp(prefix="perm-"))
    where.chmod(0o755)
    yield where
    shutil.rmtree(where, ignore_errors=True)


def _run_as_nobody(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    env = {**env, "PYTHONDONTWRITEBYTECODE": "1", "HOME": env["SCRIPE_DESKTOP_HOME"]}
    done = subprocess.run(
        [*_as_nobody(), sys.executable, "-m", "scripe_desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode, done.stdout, done.stderr


def test_files_and_folders_nobody_may_read_are_skipped_with_a_reason(
    shared_dir: Path, sandbox: Sandbox
) -> None:
    drop = shared_dir / "drop"
    good = write(drop, "good.txt", text_bytes(tag="perm-good"))
    secret = write(drop, "secret.txt", text_bytes(tag="perm-secret"))
    secret.chmod(0o000)
    locked = drop / "locked"
    write(locked, "inside.txt", text_bytes(tag="perm-inside"))
    locked.chmod(0o700)  # root's own folder: nobody may not list it
    drop.chmod(0o755)
    good.chmod(0o644)
    home = shared_dir / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    env = cli_env(sandbox, home)
    rc, out, err = _run_as_nobody(["upload", str(drop), "--attach", "none", "--json"], env)
    assert rc == 0, err  # skipped files are not failures
    records, summary = json_lines(out)
    by_name = {Path(r["path"]).name: r for r in records}
    assert by_name["good.txt"]["status"] == "uploaded"
    assert by_name["secret.txt"]["status"] == "skipped"
    assert by_name["secret.txt"]["reason"] == "“secret.txt” can't be read: permission denied."
    assert by_name["locked"]["status"] == "skipped"
    assert by_name["locked"]["reason"] == "The folder “locked” can't be read."
    assert summary["uploaded"] == 1 and summary["skipped"] == 2
    assert [u["size"] for u in sandbox.records()["uploads"]] == [good.stat().st_size]
    assert "Traceback" not in err


def test_a_state_folder_nobody_may_write_to_is_explained(
    shared_dir: Path, sandbox: Sandbox
) -> None:
    f = write(shared_dir / "in", "a.txt", text_bytes(tag="perm-home"))
    (shared_dir / "in").chmod(0o755)
    f.chmod(0o644)
    home = shared_dir / "home"
    home.mkdir()
    home.chmod(0o755)  # root's: nobody may read it, not create the queue in it
    rc, out, err = _run_as_nobody(["upload", str(f), "--attach", "none"], cli_env(sandbox, home))
    assert rc == 2, (out, err)
    assert "Traceback" not in err
    queue = home / "queue.sqlite3"
    assert f"The upload queue at {queue} can't be written to (read-only or no permission)" in err
    assert f"Check the permissions of {home}" in err
    assert sandbox.records()["uploads"] == []


def test_status_as_nobody_on_a_queue_it_may_not_read_is_explained(
    shared_dir: Path, sandbox: Sandbox
) -> None:
    home = shared_dir / "home"
    home.mkdir()
    home.chmod(0o755)
    (home / "queue.sqlite3").write_bytes(b"")
    (home / "queue.sqlite3").chmod(0o600)  # root's queue: nobody may not open it
    rc, out, err = _run_as_nobody(["status", "--json"], cli_env(sandbox, home))
    assert rc == 2, (out, err)
    assert "Traceback" not in err and out == ""
    assert f"The upload queue at {home / 'queue.sqlite3'} can't be written to" in err
