"""The :class:`Sandbox` facade: start/stop the server and drive it from Python."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from .. import contract
from .clock import Clock
from .faults import Faults
from .server import SandboxServer
from .state import ALL_SCOPES, State

HOST = "127.0.0.1"


class Sandbox:
    """A strict local Scripe API plus S3 storage on one loopback port.

    ``data_dir`` holds the stored objects (a temp dir, removed on :meth:`stop`, when None).
    ``api_key`` fixes the test key issued at start (random when None).
    """

    def __init__(
        self,
        data_dir: Path | None = None,
        port: int = 0,
        job_duration: float = 0.3,
        project_count: int = 3,
        api_key: str | None = None,
    ) -> None:
        if api_key is not None and not contract.is_valid_key_format(api_key):
            raise ValueError("api_key must look like scripe_sk_test_<8+ letters or digits>")
        self._own_dir = data_dir is None
        self.data_dir = (
            Path(tempfile.mkdtemp(prefix="scripe-sandbox-")) if data_dir is None else Path(data_dir)
        )
        self.port = port
        self.clock = Clock()
        self.faults = Faults()
        self.state = State(self.clock, self.faults, self.data_dir, job_duration, project_count)
        self.api_key = self.state.issue_key(key=api_key.strip() if api_key else None)
        self._server: SandboxServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Sandbox:
        """Bind and serve in a daemon thread (returns as soon as the socket listens)."""
        if self._server is not None:
            return self
        self._server = SandboxServer((HOST, self.port), self)
        self.port = int(self._server.server_address[1])
        self.state.base_url = self.base_url
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"scripe-sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end open connections, and delete a temp data dir."""
        self.faults.clear()  # held requests let go, or shutdown would wait for them
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.close_connections()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- controls -------------------------------------------------------------------------------

    def issue_key(
        self,
        scopes: tuple[str, ...] | list[str] = ALL_SCOPES,
        plan: str = "pro",
        workspace_name: str = "Sandbox workspace",
    ) -> str:
        """A new key; keys sharing workspace name and plan act on the same workspace."""
        return self.state.issue_key(tuple(scopes), plan, workspace_name)

    def revoke_key(self, key: str) -> None:
        self.state.key_state(key, revoked=True)

    def expire_key(self, key: str) -> None:
        self.state.key_state(key, expired=True)

    def set_project_count(self, n: int) -> None:
        self.state.set_project_count(n)

    def expire_urls(self) -> None:
        """Every presigned URL minted so far now answers 403 AccessDenied 'Request has expired'."""
        self.state.expire_urls()

    def set_rate_limit(self, limit: int | None, window_seconds: float = 60) -> None:
        self.state.set_rate_limit(limit, window_seconds)

    def set_deprecation(self, value: str | None) -> None:
        with self.state.lock:
            self.state.deprecation = value

    def set_spend(self, cap_cents: int | None, spent_cents: int = 0) -> None:
        """Daily spend cap; each attach costs :data:`state.ATTACH_COST_CENTS` (None: no cap)."""
        self.state.set_spend(cap_cents, spent_cents)

    def records(self) -> dict[str, Any]:
        return self.state.records()

    def storage_in_flight(self) -> list[dict[str, Any]]:
        """Storage requests being served now, with ``bytesReceived`` so far (tests: "the PUT
        is underway" as a condition, not a sleep)."""
        with self.state.lock:
            return [dict(r) for r in self.state.storage_live.values()]

    @property
    def storage_peak(self) -> int:
        """The most storage requests the sandbox served at the same time since it started."""
        with self.state.lock:
            return self.state.storage_peak

    def object_path(self, upload_id: str) -> Path | None:
        """Where the bytes of a received (and not yet garbage-collected) upload are stored."""
        self.state.collect_garbage()
        with self.state.lock:
            up = self.state.uploads.get(upload_id)
            return up.path if up is not None and up.path is not None else None
