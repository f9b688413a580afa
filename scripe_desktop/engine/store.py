"""The durable queue: one SQLite file (WAL) holding batches, items and what was attached.

Every idempotency key is written here before the request that uses it is sent, so a crash or a
lost response can only ever replay an operation, never repeat it. The API key is never stored.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .events import AttachKind, Target
from .store_open import QueueFile
from .store_scans import ScanRecords, insert_scan, lossless_path
from .store_schema import (  # re-exported: the engine and the tests import them from here
    _MIGRATIONS,
    _PART_MIGRATIONS,
    FRESH_UPLOAD,
    ITEM_COLUMNS,
    SCHEMA_VERSION,
    BatchRow,
    ItemRow,
    _item,
    new_idempotency_key,
)

__all__ = [
    "FRESH_UPLOAD",
    "ITEM_COLUMNS",
    "SCHEMA_VERSION",
    "_MIGRATIONS",
    "_PART_MIGRATIONS",
    "BatchRow",
    "ItemRow",
    "QueueStore",
    "_item",
    "new_idempotency_key",
]


class QueueStore(QueueFile, ScanRecords):
    """Thread-safe access to the queue database; short transactions only."""

    # -- batches --------------------------------------------------------------------------

    def add_batch(
        self,
        target: Target,
        *,
        force: bool,
        held: bool,
        batch_id: int | None = None,
        scan_roots: Iterable[str | Path] | None = None,
        include_hidden: bool = False,
    ) -> int:
        """``batch_id`` None: the next free id; else that id (chosen by a front end). With
        ``scan_roots``, what the batch must scan is saved in the same write."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO batches(id, created_at, target_kind, project_id, force, held) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    batch_id,
                    time.time(),
                    target.kind.value,
                    target.project_id,
                    int(force),
                    int(held),
                ),
            )
            batch_id = int(cur.lastrowid or 0)
            if scan_roots is not None:
                insert_scan(db, batch_id, scan_roots, include_hidden)
            return batch_id

    def update_batch(self, batch_id: int, **values: Any) -> None:
        if "target" in values:
            target: Target = values.pop("target")
            values["target_kind"] = target.kind.value
            values["project_id"] = target.project_id
        cols = ", ".join(f"{k}=?" for k in values)
        with self.transaction() as db:
            db.execute(f"UPDATE batches SET {cols} WHERE id=?", (*values.values(), batch_id))

    def batches(self) -> dict[int, BatchRow]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM batches").fetchall()
        return {
            r["id"]: BatchRow(
                r["id"],
                r["created_at"],
                Target(AttachKind(r["target_kind"]), r["project_id"]),
                bool(r["force"]),
                bool(r["held"]),
                r["target_problem"],
            )
            for r in rows
        }

    # -- whole-queue flags ----------------------------------------------------------------

    def flag(self, name: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM engine_flags WHERE name=?", (name,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_flag(self, name: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM engine_flags WHERE name=?", (name,))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO engine_flags(name, value) VALUES (?, ?)", (name, value)
                )

    # -- items ----------------------------------------------------------------------------

    def insert_items(self, rows: Iterable[dict[str, Any]]) -> list[ItemRow]:
        """Insert many items in one transaction (a scan inserts in blocks)."""
        now = time.time()
        out: list[ItemRow] = []
        with self.transaction() as db:
            for values in rows:
                values = {"created_at": now, "updated_at": now, **lossless_path(values)}
                if isinstance(values.get("reason_data"), dict):
                    values["reason_data"] = json.dumps(values["reason_data"])
                cols = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                cur = db.execute(
                    f"INSERT INTO items({cols}) VALUES ({marks})", tuple(values.values())
                )
                row = db.execute("SELECT * FROM items WHERE id=?", (cur.lastrowid,)).fetchone()
                out.append(_item(row))
        return out

    def update_item(self, row: ItemRow, **values: Any) -> ItemRow:
        """Write the given columns and return the updated working copy."""
        values["updated_at"] = time.time()
        if isinstance(values.get("reason_data"), dict):
            values["reason_data"] = json.dumps(values["reason_data"])
        cols = ", ".join(f"{k}=?" for k in values)
        with self.transaction() as db:
            db.execute(f"UPDATE items SET {cols} WHERE id=?", (*values.values(), row.id))
        return replace(row, **values)

    def delete_items(self, ids: Iterable[int]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM items WHERE id=?", [(i,) for i in ids])

    def items(self) -> list[ItemRow]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM items ORDER BY id").fetchall()
        return [_item(r) for r in rows]

    # -- what was attached (duplicate detection) -------------------------------------------

    def record_attached(self, sha256: str, size: int, target_key: str, item_id: int) -> None:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO attached(sha256, size, target_key, item_id, attached_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (sha256, size, target_key, item_id, time.time()),
            )
            if cur.rowcount:  # in the journal before the attach request can be sent
                self.journal.add(sha256, size, target_key)

    def set_attached_result(self, item_id: int, result_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE attached SET result_id=? WHERE item_id=?", (result_id, item_id))

    def forget_attached(self, item_id: int) -> None:
        """A job that FAILED did not really attach anything: the content may be sent again."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT sha256, size, target_key FROM attached WHERE item_id=?", (item_id,)
            ).fetchall()
            db.execute("DELETE FROM attached WHERE item_id=?", (item_id,))
            for r in rows:
                self.journal.forget(r[0], r[1], r[2])

    def attached_size_exists(self, size: int, target_key: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM attached WHERE size=? AND target_key=? LIMIT 1", (size, target_key)
            ).fetchone()
        return row is not None

    def find_attached(self, sha256: str, size: int, target_key: str) -> int | None:
        """The item id that already attached this content to this target, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT item_id FROM attached WHERE sha256=? AND size=? AND target_key=?",
                (sha256, size, target_key),
            ).fetchone()
        return None if row is None else int(row[0] or 0)
