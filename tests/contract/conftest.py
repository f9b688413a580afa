"""Fixtures for the contract tests: the sandbox as a separate process, raw httpx only.

Written from `shared/scripe-api.md` and the sandbox README (how to start it); nothing here
imports the project. The admin routes (`/_sandbox/...`) are not listed in the README, so the
ones used here were found by asking the running sandbox: clock (GET), clock/advance {seconds},
keys {scopes?, plan?, workspace_name?} -> {key}, keys/revoke|keys/expire {key}, projects {count},
faults/fail_next {route, status}, faults/clear, rate_limit {limit, window_seconds} ({} = off),
spend {cap_cents, spent_cents}, deprecation {value} ({} = off). These settings are global.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

VERSION = "2026-08-01"
MB = 1024 * 1024
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Sandbox:
    base_url: str
    api_key: str
    api: httpx.Client  # API calls; headers added per request
    storage: httpx.Client  # presigned PUTs: no Authorization, no Scripe headers
    admin: httpx.Client

    def headers(self, key: str | None = None, **extra: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {key or self.api_key}",
            "Scripe-Api-Version": VERSION,
            **extra,
        }

    def get(self, path: str, key: str | None = None, **kw: Any) -> httpx.Response:
        return self.api.get(path, headers=self.headers(key), **kw)

    def post(
        self, path: str, body: Any = None, key: str | None = None, idem: str | None = None
    ) -> httpx.Response:
        extra = {"Idempotency-Key": idem} if idem else {}
        return self.api.post(path, json=body, headers=self.headers(key, **extra))

    def admin_post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        r = self.admin.post(f"/_sandbox/{path}", json=body)
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data

    def new_key(self, **body: Any) -> str:
        key: str = self.admin_post("keys", body)["key"]
        return key

    def now(self) -> datetime:
        return parse_time(self.admin.get("/_sandbox/clock").json()["now"])

    def advance(self, seconds: float) -> None:
        self.admin_post("clock/advance", {"seconds": seconds})

    def mint(self, ctype: str = "text/plain", size: int = 12, key: str | None = None) -> dict:
        r = self.post("/v1/uploads", {"contentType": ctype, "maxSizeBytes": size}, key=key)
        assert 200 <= r.status_code < 300, r.text
        data: dict[str, Any] = r.json()["data"]
        return data

    def put(self, upload: dict, body: bytes, ctype: str | None = None) -> httpx.Response:
        headers = {
            "Content-Type": ctype or upload["contentType"],
            "Content-Length": str(len(body)),
        }
        return self.storage.put(upload["uploadUrl"], content=body, headers=headers)

    def uploaded(self, body: bytes = b"hello world\n", key: str | None = None) -> dict:
        upload = self.mint("text/plain", len(body), key=key)
        r = self.put(upload, body)
        assert r.status_code == 200, r.text
        return upload

    def project_id(self, key: str | None = None) -> str:
        pid: str = self.get("/v1/projects", key=key).json()["data"][0]["id"]
        return pid

    def wait_job(self, job_id: str, key: str | None = None) -> dict:
        for _ in range(40):
            r = self.get(f"/v1/jobs/{job_id}", key=key)
            assert r.status_code == 200, r.text
            job: dict[str, Any] = r.json()["data"]
            if job["status"] not in ("QUEUED", "RUNNING"):
                return job
            self.advance(1)
        raise AssertionError(f"job {job_id} never finished: {job}")


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def idem_key() -> str:
    return "t-" + secrets.token_hex(16)


def s3_code(r: httpx.Response) -> str | None:
    return ET.fromstring(r.text).findtext("Code")


def assert_error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The Scripe error envelope, with the documented status and code."""
    assert r.status_code == status, f"expected {status} {code}, got {r.status_code}: {r.text}"
    assert r.headers.get("X-Request-Id"), "X-Request-Id header missing"
    err: dict[str, Any] = r.json()["error"]
    assert err["code"] == code, err
    for field in ("message", "request_id", "docs_url"):
        assert isinstance(err.get(field), str) and err[field], (field, err)
    assert err["request_id"] == r.headers["X-Request-Id"]
    return err


def _start(data_dir: str) -> tuple[subprocess.Popen[str], str, str]:
    cmd = [sys.executable, "-m", "scripe_desktop.sandbox", "--port", "0", "--data-dir", data_dir]
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    ready = threading.Event()

    def pump() -> None:  # keep draining stdout so the sandbox never blocks on a full pipe
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("API key:"):
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    if not ready.wait(20):
        proc.kill()
        raise RuntimeError("sandbox did not print its URL and key:\n" + "".join(lines))
    url = next(x for x in lines if "listening on" in x).split("listening on", 1)[1].strip()
    key = next(x for x in lines if x.startswith("API key:")).split(":", 1)[1].strip()
    return proc, url, key


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with tempfile.TemporaryDirectory(prefix="scripe-contract-") as data_dir:
        proc, url, key = _start(data_dir)
        clients = [httpx.Client(base_url=url, timeout=10) for _ in range(2)]
        storage = httpx.Client(timeout=20)
        try:
            yield Sandbox(url, key, clients[0], storage, clients[1])
        finally:
            for c in [*clients, storage]:
                c.close()
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


@pytest.fixture
def key(sb: Sandbox) -> str:
    """A fresh key of the default workspace: its own idempotency scope and rate-limit window."""
    return sb.new_key()
