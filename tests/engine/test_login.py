"""login / logout with the real OS keyring (gnome-keyring in CI), then a keyless upload."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines, run_cli

pytestmark = pytest.mark.keyring_real


@pytest.fixture(autouse=True)
def _real_keyring_only() -> None:
    if os.environ.get("SCRIPE_REAL_KEYRING") != "1":
        pytest.skip("needs a real Secret Service: run through bash .ci/run")


def test_login_stores_the_key_and_upload_uses_it(tmp_path: Path, sandbox: Sandbox) -> None:
    env = cli_env(sandbox, tmp_path / "home", key="")
    proc = subprocess.run(
        [sys.executable, "-m", "scripe_desktop", "login"],
        input=f"  {sandbox.api_key}  \n",
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Key stored" in proc.stdout
    f = write(tmp_path, "a.txt", text_bytes())
    rc, out, err = run_cli(["upload", str(f), "--attach", "knowledge", "--json"], env)
    assert rc == 0, err
    assert json_lines(out)[0][0]["status"] == "attached"
    assert sandbox.api_key.encode() not in b"".join(
        p.read_bytes() for p in (tmp_path / "home").rglob("*") if p.is_file()
    )
    rc, out, _ = run_cli(["logout"], env)
    assert rc == 0
    rc, _, err = run_cli(["upload", str(f), "--attach", "knowledge"], env)
    assert rc == 2 and "No API key" in err


def test_login_refuses_a_revoked_key_and_stores_nothing(tmp_path: Path, sandbox: Sandbox) -> None:
    key = sandbox.issue_key()
    sandbox.revoke_key(key)
    env = cli_env(sandbox, tmp_path / "home", key="")
    run_cli(["logout"], env)
    proc = subprocess.run(
        [sys.executable, "-m", "scripe_desktop", "login"],
        input=key + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "key_revoked" in proc.stderr and key not in proc.stderr
    rc, _, err = run_cli(["upload", str(write(tmp_path, "a.txt", text_bytes()))], env)
    assert rc == 2 and "No API key" in err
