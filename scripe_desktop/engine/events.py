"""Typed, plain-Python events the engine emits to its front ends (GUI, CLI, tray).

Events are immutable snapshots, delivered from worker threads: a front end must copy what it
needs and hop to its own thread (the Qt adapter does this with queued signals). The engine never
calls into a front end's objects other than through the subscriber callbacks.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class AttachKind(enum.StrEnum):
    SOURCE = "source"
    KNOWLEDGE = "knowledge"
    NONE = "none"  # upload only
    UNSET = "unset"  # not chosen yet, or no longer usable: "Choose where to send these"


@dataclass(frozen=True)
class Target:
    """Where a batch goes: a project's sources, knowledge (in a project or workspace-wide)."""

    kind: AttachKind
    project_id: str | None = None

    def __post_init__(self) -> None:
        if self.kind is AttachKind.SOURCE and not self.project_id:
            raise ValueError("sources need a project")

    @property
    def key(self) -> str:
        """A stable string used for duplicate detection ("same target")."""
        return f"{self.kind.value}:{self.project_id or ''}"


class ItemState(enum.StrEnum):
    WAITING = "waiting"  # queued, not started
    UPLOADING = "uploading"  # minting or sending bytes
    ATTACHING = "attaching"  # POST /v1/sources or /v1/knowledge
    PROCESSING = "processing"  # ingestion job running in Scripe
    DONE = "done"  # attached and job DONE, or uploaded (upload-only)
    SKIPPED = "skipped"  # will not be uploaded (reason says why)
    DUPLICATE = "duplicate"  # same content already attached to the same target
    FAILED = "failed"  # gave up (reason says why); can be retried
    PAUSED = "paused"
    CANCELLED = "cancelled"
    NEEDS_DESTINATION = "needs_destination"  # uploaded or waiting; no usable destination

    @property
    def finished(self) -> bool:
        return self in _FINISHED

    @property
    def active(self) -> bool:
        return self in (ItemState.UPLOADING, ItemState.ATTACHING, ItemState.PROCESSING)


_FINISHED = frozenset(
    {ItemState.DONE, ItemState.SKIPPED, ItemState.DUPLICATE, ItemState.FAILED, ItemState.CANCELLED}
)


@dataclass(frozen=True, slots=True)  # 50,000 of them in the window: no __dict__ each
class ItemSnapshot:
    """Everything a front end shows about one file."""

    id: int
    batch_id: int
    path: str
    name: str
    size: int
    content_type: str | None
    target: Target
    state: ItemState
    bytes_sent: int = 0
    reason: str | None = None  # one plain sentence for users
    detail: str | None = None  # technical detail for the log / "details" expander
    upload_id: str | None = None
    job_id: str | None = None
    job_status: str | None = None
    job_progress: float | None = None
    result_id: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    # Why it is waiting / failed / skipped, as a code and data a front end words itself
    # (``reason`` is the engine's English fallback for codes a front end does not know yet).
    reason_code: str | None = None
    reason_data: dict[str, Any] = field(default_factory=dict, hash=False)
    next_attempt_at: float = 0.0  # epoch seconds; when a waiting item tries again by itself


class Reason(enum.StrEnum):
    """Reason codes on items (``reason_code``) and in reports; data keys noted per code."""

    KEY_NEEDED = "key_needed"  # waits for a new key
    PERMISSION = "permission"  # waits: key lacks a scope/plan ({"required": [...]})
    SPEND_CAP = "spend_cap"  # waits for the daily limit ({"until": ts, "retry_at": ts})
    RATE_LIMITED = "rate_limited"  # waits ({"retry_at": ts})
    OFFLINE = "offline"  # waits for a connection ({"retry_at": ts})
    BUSY = "busy"  # Scripe answered 5xx or oddly ({"retry_at": ts})
    STORAGE_STALLED = "storage_stalled"  # PUT took no byte for 30 s, API answers ({"retry_at"})
    STORAGE_UNREACHABLE = "storage_unreachable"  # PUT got no connection, API answers ({"retry_at"})
    TWIN_PENDING = "twin_pending"  # same content being attached by another item
    PAUSED_ALL = "paused_all"  # held by "Pause all"
    NO_PROJECT = "no_project"  # Sources chosen but no project picked
    PROJECT_GONE = "project_gone"  # the project was deleted ({"project_id": id})
    PROJECT_MISSING = "project_missing"  # remembered project not in the list ({"project_id"})
    FILE_GONE = "file_gone"  # moved or deleted before upload
    KEEPS_CHANGING = "keeps_changing"  # rewritten during every upload attempt
    UNREADABLE = "unreadable"
    SERVER_FAILED = "server_failed"  # 5xx too many times
    CLIENT_BUG = "client_bug"
    STORAGE_REFUSED = "storage_refused"  # ({"code": s3 code})
    TOO_LARGE = "too_large"
    REFUSED = "refused"  # ({"message": server message})
    JOB_FAILED = "job_failed"  # ({"message": ..., "code": ...})
    JOB_LOST = "job_lost"
    NOT_CANCELLABLE = "not_cancellable"
    DUPLICATE = "duplicate"  # ({"same_as": name or None})
    ALREADY_ATTACHED = "already_attached"  # a DONE row found again by a new drop: not re-sent
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class ItemAdded:
    item: ItemSnapshot


@dataclass(frozen=True)
class ItemChanged:
    """State, error, ids or job status changed (not emitted for byte progress alone)."""

    item: ItemSnapshot


@dataclass(frozen=True)
class ItemProgress:
    """Bytes sent so far for one item; may go *down* when a PUT restarts from byte 0."""

    item_id: int
    bytes_sent: int
    total: int


@dataclass(frozen=True)
class ItemRemoved:
    item_id: int


@dataclass(frozen=True)
class ScanProgress:
    """Folder scanning of one batch: files found so far; ``done`` once the walk finished."""

    batch_id: int
    found: int
    skipped: int
    done: bool = False


@dataclass(frozen=True)
class BatchSummary:
    """Emitted when every item of a batch has finished."""

    batch_id: int
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RetargetReport:
    """After a destination change: files already attached elsewhere stayed where they went.

    ``already`` maps each old destination to the ids of files attached there; the front end
    says "5 files were already added to Knowledge" and may offer ``send_copies``.
    """

    batch_id: int
    target: Target
    already: tuple[tuple[Target, tuple[int, ...]], ...] = ()
    moved: int = 0


class ConditionKind(enum.StrEnum):
    KEY_NEEDED = "key_needed"  # 401: stop all network work, ask for a new key
    SPEND_CAP = "spend_cap"  # 402: attaching paused until ``until``
    PERMISSION = "permission"  # 403: scope or plan missing
    OFFLINE = "offline"  # network unreachable; waiting and retrying by itself
    RATE_LIMITED = "rate_limited"  # 429: waiting ``until``
    DEPRECATION = "deprecation"  # the API announced a sunset (informational)
    ENGINE_STOPPED = "engine_stopped"  # the engine process died; the queue on disk is intact
    # the queue file can't be written any more (full disk, read-only, replaced, damaged):
    # nothing more is done; ``data`` as QueueStoreError.data (problem, path, kept, journal)
    QUEUE_UNWRITABLE = "queue_unwritable"


@dataclass(frozen=True)
class Condition:
    kind: ConditionKind
    message: str  # plain sentence for users
    detail: str | None = None
    until: float | None = None  # epoch seconds when it clears by itself, if known
    retry_at: float | None = None  # when the engine checks again by itself (before ``until``)
    data: dict[str, Any] | None = None  # plain values a front end words the condition with


@dataclass(frozen=True)
class ConditionsChanged:
    """The full set of whole-queue conditions now in force (empty = all clear)."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Totals:
    """Whole-queue figures for a status bar."""

    files_left: int
    bytes_left: int
    bytes_per_second: float
    eta_seconds: float | None
    paused: bool


@dataclass(frozen=True)
class TotalsChanged:
    totals: Totals


Event = (
    ItemAdded
    | ItemChanged
    | ItemProgress
    | ItemRemoved
    | ScanProgress
    | BatchSummary
    | RetargetReport
    | ConditionsChanged
    | TotalsChanged
)
