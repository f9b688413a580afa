"""The queue database's schema, its migrations and the row types read from it.

Versions only grow: each step of ``_MIGRATIONS`` runs once, in order, in its own transaction;
parts owned by one area (``_PART_MIGRATIONS``) are versioned apart so areas never compete for
the next number.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import sys
from dataclasses import dataclass, fields
from typing import Any

from .events import ItemSnapshot, ItemState, Target
from .store_scans import SCAN_MIGRATIONS, shown_path

SCHEMA_VERSION = 3

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        created_at REAL NOT NULL,
        target_kind TEXT NOT NULL,
        project_id TEXT,
        force INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batches(id),
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        mtime_ns INTEGER NOT NULL DEFAULT 0,
        content_type TEXT,
        state TEXT NOT NULL,
        bytes_sent INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        detail TEXT,
        sha256 TEXT,
        mint_key TEXT,
        upload_id TEXT,
        upload_url TEXT,
        upload_expires_at REAL,
        minted_at REAL,
        put_done INTEGER NOT NULL DEFAULT 0,
        attach_key TEXT,
        job_id TEXT,
        job_status TEXT,
        result_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX items_state ON items(state);
    CREATE TABLE attached (
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        target_key TEXT NOT NULL,
        item_id INTEGER,
        result_id TEXT,
        attached_at REAL NOT NULL,
        PRIMARY KEY (sha256, size, target_key)
    );
    """,
    2: """
    ALTER TABLE batches ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN job_progress REAL;
    """,
    # engine helper (issue 7): reasons as code + data, why a batch has no usable destination,
    # and whole-queue flags ("Pause all") that must survive a restart.
    3: """
    ALTER TABLE items ADD COLUMN reason_code TEXT;
    ALTER TABLE items ADD COLUMN reason_data TEXT;
    ALTER TABLE batches ADD COLUMN target_problem TEXT;
    CREATE TABLE engine_flags (name TEXT PRIMARY KEY, value TEXT);
    """,
}


# Schema parts owned by one area each, versioned on their own (table ``schema_parts``), so
# areas developed side by side never compete for the next ``user_version`` number.
_PART_MIGRATIONS: dict[str, dict[int, str]] = {
    "scan": SCAN_MIGRATIONS,
    # what was attached is looked up by item (each confirm, each failed job) and by size (each
    # same-size file): without these, every file scanned the table (issue 11, item 13)
    "attached": {
        1: """
        CREATE INDEX IF NOT EXISTS attached_item ON attached(item_id);
        CREATE INDEX IF NOT EXISTS attached_size ON attached(size, target_key);
        """
    },
}


# What an item forgets when its upload is spent (expired, refused, too old, or used by an ended
# job): the next pass mints anew, with new keys for the mint and the attach.
FRESH_UPLOAD: dict[str, object] = {
    "mint_key": None,
    "upload_id": None,
    "upload_url": None,
    "upload_expires_at": None,
    "minted_at": None,
    "put_done": 0,
    "attach_key": None,
    "bytes_sent": 0,
}


def new_idempotency_key(prefix: str) -> str:
    """``mint_…``/``att_…`` + 32 url-safe chars: well inside the 64-char limit."""
    return f"{prefix}_{secrets.token_hex(16)}"


@dataclass(slots=True)  # the engine holds one per queued file: no __dict__ each
class ItemRow:
    """One row of ``items``: the engine's working copy (ItemSnapshot is the public view)."""

    id: int
    batch_id: int
    path: str
    name: str
    size: int
    mtime_ns: int
    content_type: str | None
    state: str
    bytes_sent: int
    reason: str | None
    detail: str | None
    sha256: str | None
    mint_key: str | None
    upload_id: str | None
    upload_url: str | None
    upload_expires_at: float | None
    minted_at: float | None
    put_done: int
    attach_key: str | None
    job_id: str | None
    job_status: str | None
    result_id: str | None
    attempts: int
    next_attempt_at: float
    created_at: float
    updated_at: float
    job_progress: float | None = None
    reason_code: str | None = None
    reason_data: str | None = None  # JSON object

    def snapshot(self, target: Target) -> ItemSnapshot:
        return ItemSnapshot(
            id=self.id,
            batch_id=self.batch_id,
            path=shown_path(self.path),
            name=self.name,
            size=self.size,
            content_type=self.content_type,
            target=target,
            state=ItemState(self.state),
            bytes_sent=self.bytes_sent,
            reason=self.reason,
            detail=self.detail,
            upload_id=self.upload_id,
            job_id=self.job_id,
            job_status=self.job_status,
            job_progress=self.job_progress,
            result_id=self.result_id,
            created_at=self.created_at,
            updated_at=self.updated_at,
            reason_code=self.reason_code,
            reason_data=_load_data(self.reason_data),
            next_attempt_at=self.next_attempt_at,
        )


def _load_data(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


ITEM_COLUMNS = tuple(f.name for f in fields(ItemRow))


@dataclass
class BatchRow:
    id: int
    created_at: float
    target: Target
    force: bool
    held: bool
    target_problem: str | None = None  # a Reason code: why ``target`` is UNSET


# Columns with few distinct values: one string object each instead of one per row (SQLite
# returns a new str every time; the engine holds a row per queued file).
_FEW_VALUES = ("state", "content_type", "reason_code", "job_status")
_NO_TIME = 0.0
_last_time = [_NO_TIME]  # rows written together share their time: one float for a block


def _item(row: sqlite3.Row) -> ItemRow:
    values = {k: row[k] for k in ITEM_COLUMNS}
    for k in _FEW_VALUES:
        if type(values[k]) is str:
            values[k] = sys.intern(values[k])
    if type(values["next_attempt_at"]) is float and values["next_attempt_at"] == 0:
        values["next_attempt_at"] = _NO_TIME
    last = _last_time[0]  # read once: another thread may replace it meanwhile
    if values["created_at"] == last:
        values["created_at"] = last
    else:
        _last_time[0] = values["created_at"]
    if values["updated_at"] == values["created_at"]:
        values["updated_at"] = values["created_at"]
    raw = row["path_raw"] if "path_raw" in row.keys() else None  # noqa: SIM118 - sqlite3.Row
    if raw is not None:
        values["path"] = os.fsdecode(raw)
    return ItemRow(**values)
