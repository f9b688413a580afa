"""In-memory records of the sandbox, guarded by one lock.

Everything a test may want to assert on lives here, and :meth:`State.records` turns it into
plain JSON so the same view is available over the admin HTTP API.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .app_pages import project_url
from .clock import Clock, iso
from .faults import Faults
from .wire import random_id, stable_id

ALL_SCOPES = ("sources:write", "knowledge:write", "sources:read", "knowledge:read")
PROJECT_NAMES = (
    "Podcast interviews",
    "Customer research",
    "Marketing",
    "Product launches",
    "Sales calls",
    "Internal training",
    "Webinars",
    "Board meetings",
)
UPLOAD_TTL = 24 * 3600.0  # bytes never attached are deleted 24 h after the mint
URL_TTL = 15 * 60  # presigned URL lifetime (X-Amz-Expires)
IDEMPOTENCY_TTL = 24 * 3600.0
ATTACH_COST_CENTS = 10


@dataclass
class Project:
    id: str
    name: str
    created_at: float

    def as_json(self, base_url: str) -> dict[str, Any]:
        """``url`` is the sandbox's own page for the project (app_pages.py), not the real
        site, where it does not exist."""
        return {
            "id": self.id,
            "name": self.name,
            "type": "standard",
            "status": "active",
            "url": project_url(base_url, self.id),
            "createdAt": iso(self.created_at),
        }


@dataclass
class Workspace:
    id: str
    name: str
    plan: str
    projects: list[Project] = field(default_factory=list)
    seed: str | None = None  # ids derived from it (a fixed test key), else random


@dataclass
class ApiKey:
    key: str
    id: str
    workspace: Workspace
    scopes: tuple[str, ...]
    revoked: bool = False
    expired: bool = False


@dataclass
class Upload:
    id: str
    workspace_id: str
    content_type: str
    max_size: int
    minted_at: float
    expires_at: float
    bucket: str
    object_key: str
    url: str = ""
    received: bool = False
    size: int | None = None
    sha256: str | None = None
    attached_to: str | None = None
    url_revoked: bool = False  # sb.expire_urls()
    collected: bool = False  # bytes deleted by the 24 h GC
    path: Path | None = None


@dataclass
class Job:
    id: str
    type: str
    workspace_id: str
    created_at: float
    duration: float
    result_key: str  # "sourceId" | "documentId"
    result_id: str
    failure: tuple[str, str] | None = None  # (errorCode, errorMessage)
    cancelled_at: float | None = None


@dataclass
class Attachment:
    """A source or a knowledge document created by an attach call."""

    id: str
    kind: str  # "source" | "knowledge"
    workspace_id: str
    upload_id: str
    project_id: str | None
    name: str
    job_id: str


@dataclass
class IdemEntry:
    canonical_body: str
    status: int
    body: bytes
    stored_at: float


@dataclass
class Spend:
    cap_cents: int | None = None
    spent_cents: int = 0
    day: str = ""


@dataclass
class RateLimit:
    limit: int | None = None
    window: float = 60.0
    windows: dict[str, tuple[float, int]] = field(default_factory=dict)  # key -> (start, count)


class State:
    """All sandbox data. Hold ``lock`` while reading or changing anything."""

    def __init__(
        self,
        clock: Clock,
        faults: Faults,
        data_dir: Path,
        job_duration: float,
        project_count: int,
    ) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.faults = faults
        self.data_dir = data_dir
        self.objects_dir = data_dir / "objects"
        self.tmp_dir = data_dir / "tmp"
        self.objects_dir.mkdir(parents=True, exist_ok=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        self.job_duration = job_duration
        self.project_count = project_count
        self.base_url = ""
        self.bucket = "scripe-uploads"
        self.workspaces: dict[tuple[str, str], Workspace] = {}
        self.keys: dict[str, ApiKey] = {}
        self.uploads: dict[str, Upload] = {}
        self.uploads_by_object: dict[tuple[str, str], Upload] = {}
        self.jobs: dict[str, Job] = {}
        self.attachments: dict[str, Attachment] = {}
        self.idempotency: dict[tuple[str, str, str], IdemEntry] = {}
        self._mint_order: deque[tuple[float, str]] = deque()  # (minted at, upload id)
        self._idem_order: deque[tuple[float, tuple[str, str, str]]] = deque()
        self.spend = Spend()
        self.rate = RateLimit()
        self.deprecation: str | None = None
        self.api_log: list[dict[str, Any]] = []
        self.storage_log: list[dict[str, Any]] = []
        self.storage_live: dict[str, dict[str, Any]] = {}  # request id -> record, while served
        self.storage_peak = 0  # most storage requests served at once (tests: concurrency)

    # --- keys and workspaces -----------------------------------------------------------------

    def issue_key(
        self,
        scopes: tuple[str, ...] | list[str] = ALL_SCOPES,
        plan: str = "pro",
        workspace_name: str = "Sandbox workspace",
        key: str | None = None,
    ) -> str:
        """A new key; keys with the same workspace name and plan share one workspace."""
        with self.lock:
            ws = self.workspaces.get((workspace_name, plan))
            if ws is None:
                seed = f"{key}|{workspace_name}|{plan}" if key else None
                ws = Workspace(_new_id("ws_", seed), workspace_name, plan, seed=seed)
                self._seed_projects(ws, self.project_count)
                self.workspaces[(workspace_name, plan)] = ws
            value = key or "scripe_sk_test_" + random_id("", 32)
            self.keys[value] = ApiKey(value, random_id("key_", 16), ws, tuple(scopes))
            return value

    def _seed_projects(self, ws: Workspace, count: int) -> None:
        if count < len(ws.projects):
            del ws.projects[count:]
        base = self.clock.now() - 86400 * 30
        for i in range(len(ws.projects), count):
            name = PROJECT_NAMES[i % len(PROJECT_NAMES)]
            if i >= len(PROJECT_NAMES):
                name = f"{name} {i // len(PROJECT_NAMES) + 1}"
            seed = f"{ws.seed}|project {i}" if ws.seed else None
            ws.projects.append(Project(_new_id("proj_", seed), name, base + i * 60))

    def set_project_count(self, count: int) -> None:
        if count < 0:
            raise ValueError("project count must be >= 0")
        with self.lock:
            self.project_count = count
            for ws in self.workspaces.values():
                self._seed_projects(ws, count)

    def key_state(self, key: str, revoked: bool = False, expired: bool = False) -> None:
        with self.lock:
            rec = self.keys.get(key)
            if rec is None:
                raise KeyError(f"unknown sandbox key {key[:18]}…")
            rec.revoked = rec.revoked or revoked
            rec.expired = rec.expired or expired

    # --- housekeeping ---------------------------------------------------------------------------

    def add_upload(self, up: Upload) -> None:
        with self.lock:
            self.uploads[up.id] = up
            self.uploads_by_object[(up.bucket, up.object_key)] = up
            self._mint_order.append((up.minted_at, up.id))

    def store_idempotency(self, scope: tuple[str, str, str], entry: IdemEntry) -> None:
        with self.lock:
            self.idempotency[scope] = entry
            self._idem_order.append((entry.stored_at, scope))

    def collect_garbage(self) -> None:
        """Delete bytes never attached within 24 h of the mint (the service does the same).

        Runs on every API request, so it only looks at what is old enough: mints and stored
        answers are kept in time order (the clock never goes back), and each is looked at once.
        """
        now = self.clock.now()
        with self.lock:
            while self._mint_order and now - self._mint_order[0][0] >= UPLOAD_TTL:
                _, upload_id = self._mint_order.popleft()
                up = self.uploads.get(upload_id)
                if up is None or up.collected or up.attached_to:
                    continue
                up.collected = True
                if up.path is not None:
                    up.path.unlink(missing_ok=True)
                    up.path = None
            while self._idem_order and now - self._idem_order[0][0] >= IDEMPOTENCY_TTL:
                stored_at, scope = self._idem_order.popleft()
                entry = self.idempotency.get(scope)
                if entry is not None and entry.stored_at == stored_at:
                    del self.idempotency[scope]

    def expire_urls(self) -> None:
        with self.lock:
            for up in self.uploads.values():
                up.url_revoked = True

    def set_spend(self, cap_cents: int | None, spent_cents: int = 0) -> None:
        with self.lock:
            self.spend = Spend(cap_cents, spent_cents, "")

    def set_rate_limit(self, limit: int | None, window_seconds: float = 60) -> None:
        if limit is not None and limit < 0:
            raise ValueError("limit must be >= 0 or None")
        with self.lock:
            self.rate = RateLimit(limit, float(window_seconds))

    # --- views ------------------------------------------------------------------------------------

    def records(self) -> dict[str, Any]:
        """A JSON-able snapshot of everything the sandbox holds and everything it was asked."""
        from .jobs import job_json  # local import: jobs imports state

        self.collect_garbage()
        with self.lock:
            now = self.clock.now()
            uploads = [
                {
                    "id": u.id,
                    "workspaceId": u.workspace_id,
                    "contentType": u.content_type,
                    "maxSizeBytes": u.max_size,
                    "mintedAt": iso(u.minted_at),
                    "expiresAt": iso(u.expires_at),
                    "uploadUrl": u.url,
                    "received": u.received,
                    "size": u.size,
                    "sha256": u.sha256,
                    "attachedTo": u.attached_to,
                    "collected": u.collected,
                }
                for u in self.uploads.values()
            ]
            sources, knowledge = [], []
            for a in self.attachments.values():
                row = {
                    "id": a.id,
                    "workspaceId": a.workspace_id,
                    "uploadId": a.upload_id,
                    "projectId": a.project_id,
                    "name": a.name,
                    "jobId": a.job_id,
                }
                (sources if a.kind == "source" else knowledge).append(row)
            return {
                "now": iso(now),
                "uploads": uploads,
                "sources": sources,
                "knowledge": knowledge,
                "jobs": [job_json(j, now) for j in self.jobs.values()],
                "storage_requests": [dict(r) for r in self.storage_log],
                "api_requests": [dict(r) for r in self.api_log],
            }


def _new_id(prefix: str, seed: str | None) -> str:
    return random_id(prefix, 16) if seed is None else stable_id(prefix, seed, 16)
