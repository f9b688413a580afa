"""Typed results of the Scripe API, tolerant of unknown fields and enum values.

Additive changes ship at any time: every parser ignores fields it does not know and keeps
unknown enum values as plain strings instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

JOB_TERMINAL = frozenset({"DONE", "FAILED", "CANCELLED"})


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Workspace:
    id: str
    name: str
    plan: str
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class Principal:
    type: str
    id: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkspaceInfo:
    workspace: Workspace
    principal: Principal

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> WorkspaceInfo:
        ws = body.get("workspace") or {}
        pr = body.get("principal") or {}
        features = ws.get("features") or ()
        if isinstance(features, dict):  # tolerate {"name": true} as well as a list
            features = [k for k, v in features.items() if v]
        return cls(
            Workspace(
                id=str(ws.get("id", "")),
                name=str(ws.get("name", "")),
                plan=str(ws.get("plan", "")),
                features=tuple(str(f) for f in features),
            ),
            Principal(
                type=str(pr.get("type", "")),
                id=str(pr.get("id", "")),
                scopes=tuple(str(s) for s in pr.get("scopes") or ()),
            ),
        )


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    type: str | None = None
    status: str | None = None
    url: str | None = None
    created_at: datetime | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Project:
        return cls(
            id=str(d["id"]),
            name=str(d.get("name") or d["id"]),
            type=d.get("type"),
            status=d.get("status"),
            url=d.get("url"),
            created_at=parse_time(d.get("createdAt")),
        )


@dataclass(frozen=True)
class Upload:
    id: str
    upload_url: str
    content_type: str
    max_size_bytes: int
    expires_at: datetime | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Upload:
        return cls(
            id=str(d["id"]),
            upload_url=str(d["uploadUrl"]),
            content_type=str(d["contentType"]),
            max_size_bytes=int(d["maxSizeBytes"]),
            expires_at=parse_time(d.get("expiresAt")),
        )


@dataclass(frozen=True)
class Job:
    id: str
    type: str
    status: str  # QUEUED, RUNNING, DONE, FAILED, CANCELLED, or a newer value
    progress: float | None = None
    progress_message: str | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error_code: str | None = None
    error_message: str | None = None
    estimated_completion_ms: int | None = None

    @property
    def terminal(self) -> bool:
        return self.status in JOB_TERMINAL

    @property
    def result_id(self) -> str | None:
        """``sourceId`` or ``documentId`` (or the first ``*Id`` a newer job type returns)."""
        for key in ("sourceId", "documentId"):
            if self.result.get(key):
                return str(self.result[key])
        for key, value in self.result.items():
            if key.endswith("Id") and isinstance(value, str):
                return value
        return None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Job:
        prog = d.get("progress") if isinstance(d.get("progress"), dict) else {}
        raw = prog.get("progress")
        eta = d.get("estimatedCompletionMs")
        return cls(
            id=str(d["id"]),
            type=str(d.get("type", "")),
            status=str(d.get("status", "")).upper(),
            progress=float(raw) if isinstance(raw, int | float) else None,
            progress_message=prog.get("message"),
            result=d.get("result") if isinstance(d.get("result"), dict) else {},
            error_code=d.get("errorCode"),
            error_message=d.get("errorMessage"),
            estimated_completion_ms=int(eta) if isinstance(eta, int | float) else None,
        )


@dataclass(frozen=True)
class Deprecation:
    """A parsed ``Scripe-Deprecation: <ver>; sunset=<date>; replacement=<ver>`` header."""

    raw: str
    version: str
    sunset: str | None = None
    replacement: str | None = None

    @classmethod
    def parse(cls, raw: str) -> Deprecation:
        parts = [p.strip() for p in raw.split(";")]
        params = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        return cls(
            raw=raw,
            version=parts[0],
            sunset=params.get("sunset"),
            replacement=params.get("replacement"),
        )
