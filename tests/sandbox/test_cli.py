"""``python -m scripe_desktop.sandbox`` prints its URL and key and answers /v1/health."""

from __future__ import annotations

import subprocess
import sys
import time

from scripe_desktop import contract

from .conftest import plain_get


def test_cli_starts_and_answers() -> None:
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scripe_desktop.sandbox", "--port", "0", "--job-duration", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url_line = proc.stdout.readline()
        key_line = proc.stdout.readline()
        assert url_line.startswith("Scripe sandbox listening on http://127.0.0.1:"), url_line
        url = url_line.rsplit(" ", 1)[1].strip()
        key = key_line.removeprefix("API key:").strip()
        assert contract.is_valid_key_format(key), key_line
        assert time.monotonic() - started < 5
        assert plain_get(f"{url}/v1/health").json() == {"status": "ok"}
        headers = {"Authorization": f"Bearer {key}", "Scripe-Api-Version": contract.API_VERSION}
        assert plain_get(f"{url}/v1/workspaces/me", headers=headers).status_code == 200
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "stopped" in out


def test_cli_fixed_key_and_bad_key() -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "scripe_desktop.sandbox", "--port", "0", "--key", "nope"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert bad.returncode == 2


def test_admin_refuses_misspelt_fields() -> None:
    import httpx

    from scripe_desktop.sandbox import Sandbox

    with Sandbox() as sb:
        bad = httpx.post(sb.base_url + "/_sandbox/deprecation", json={"header": "x"})
        assert bad.status_code == 400 and "header" in bad.json()["error"]
        bad = httpx.post(sb.base_url + "/_sandbox/keys", json={"scopes": "sources:write"})
        assert bad.status_code == 400
        ok = httpx.post(sb.base_url + "/_sandbox/deprecation", json={"value": "2026-08-01"})
        assert ok.status_code == 200
