"""The queue database: schema versions, migrations, durability across reopen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scripe_desktop.engine.events import AttachKind, Target
from scripe_desktop.engine.store import _MIGRATIONS, SCHEMA_VERSION, QueueStore


def test_new_database_is_at_the_current_version_in_wal_mode(tmp_path: Path) -> None:
    store = QueueStore(tmp_path / "q.sqlite3")
    assert store.schema_version() == SCHEMA_VERSION
    mode = sqlite3.connect(tmp_path / "q.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    store.close()


def test_version_one_database_is_migrated_keeping_its_items(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(_MIGRATIONS[1])
    con.execute(
        "INSERT INTO batches(id, created_at, target_kind, project_id)"
        " VALUES (1, 0, 'source', 'proj_x')"
    )
    con.execute(
        "INSERT INTO items(batch_id, path, name, size, state, mint_key, upload_id, created_at,"
        " updated_at) VALUES (1, '/a.txt', 'a.txt', 5, 'uploading', 'mint_abc', 'upl_1', 0, 0)"
    )
    con.execute("PRAGMA user_version=1")
    con.commit()
    con.close()
    store = QueueStore(path)
    assert store.schema_version() == SCHEMA_VERSION
    [row] = store.items()
    assert (row.name, row.mint_key, row.upload_id, row.job_progress) == (
        "a.txt",
        "mint_abc",
        "upl_1",
        None,
    )
    batch = store.batches()[1]
    assert batch.target == Target(AttachKind.SOURCE, "proj_x") and batch.held is False
    store.close()


def test_a_newer_database_is_refused_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    QueueStore(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(RuntimeError, match="newer Scripe Desktop"):
        QueueStore(path)


def test_rows_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    store = QueueStore(path)
    batch = store.add_batch(Target(AttachKind.KNOWLEDGE), force=False, held=True)
    [row] = store.insert_items([{"batch_id": batch, "path": "/x", "name": "x", "state": "waiting"}])
    store.update_item(row, mint_key="mint_1", state="uploading")
    store.record_attached("ab" * 32, 10, "knowledge:", row.id)
    store.close()
    again = QueueStore(path)
    [row2] = again.items()
    assert (row2.mint_key, row2.state) == ("mint_1", "uploading")
    assert again.find_attached("ab" * 32, 10, "knowledge:") == row.id
    assert again.batches()[batch].held is True
    again.close()


def test_schema_parts_are_versioned_on_their_own_and_a_reader_opens_a_new_queue(
    tmp_path: Path,
) -> None:
    path = tmp_path / "q.sqlite3"
    reader = QueueStore(path, exclusive=False)  # `scripe-desktop status` before any upload
    assert reader.batches() == {} and reader.items() == []
    reader.close()
    store = QueueStore(path)
    parts = dict(store._db.execute("SELECT part, version FROM schema_parts").fetchall())
    assert parts == {"scan": 1, "attached": 1}
    batch = store.add_batch(
        Target(AttachKind.NONE), force=False, held=False, scan_roots=[tmp_path / "x"]
    )
    assert store.unfinished_scans() == [(batch, [str(tmp_path / "x")], False)]
    store.finish_scan(batch, 0, 0)
    assert store.unfinished_scans() == [] and store.scan_done(batch)
    store.close()


def test_a_new_queue_beside_the_journal_knows_what_was_attached(tmp_path: Path) -> None:
    store = QueueStore(tmp_path / "q.sqlite3")
    store.record_attached("ab" * 32, 10, "knowledge:", 1)
    store.record_attached("cd" * 32, 20, "knowledge:", 2)
    store.forget_attached(2)  # its job failed: may be sent again
    store.close()
    (tmp_path / "q.sqlite3").unlink()
    for side in ("q.sqlite3-wal", "q.sqlite3-shm"):
        (tmp_path / side).unlink(missing_ok=True)
    again = QueueStore(tmp_path / "q.sqlite3")
    assert again.find_attached("ab" * 32, 10, "knowledge:") == 0  # known, no item of its own
    assert again.find_attached("cd" * 32, 20, "knowledge:") is None
    again.close()


def test_every_query_on_what_was_attached_uses_an_index(tmp_path: Path) -> None:
    """Each attach confirms, each failed job forgets, each same-size file asks: at 20,000
    attached files a full scan per file made a run slower the longer it was (issue 11 #13)."""
    store = QueueStore(tmp_path / "q.sqlite3")
    queries = {
        "confirm": "UPDATE attached SET result_id='r' WHERE item_id=1",
        "forget": "DELETE FROM attached WHERE item_id=1",
        "forget rows": "SELECT sha256, size, target_key FROM attached WHERE item_id=1",
        "same size": "SELECT 1 FROM attached WHERE size=1 AND target_key='k' LIMIT 1",
        "same content": "SELECT item_id FROM attached WHERE sha256='s' AND size=1 "
        "AND target_key='k'",
    }
    for what, sql in queries.items():
        plan = " ".join(r[-1] for r in store._db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING" in plan and "SCAN" not in plan, (what, plan)
    store.close()


def test_rows_share_their_repeated_values_and_keep_them_exact(tmp_path: Path) -> None:
    """The engine holds a row per queued file (50,000): a state, a type or a time written
    together is one object, not one per row; what each row says is unchanged."""
    store = QueueStore(tmp_path / "q.sqlite3")
    batch = store.add_batch(Target(AttachKind.KNOWLEDGE), force=False, held=False)
    values = [
        {"batch_id": batch, "path": f"/in/n{i}.txt", "name": f"n{i}.txt", "size": 40 + i,
         "content_type": "text/plain", "state": "waiting"}
        for i in range(3)
    ]  # fmt: skip
    for rows in (store.insert_items(values), store.items()):  # written, and read back
        a, b, c = rows
        assert a.state is b.state is c.state and a.state == "waiting"
        assert a.content_type is b.content_type and a.content_type == "text/plain"
        assert a.created_at is a.updated_at is b.created_at is c.updated_at
        assert [r.size for r in rows] == [40, 41, 42]
    raw = sqlite3.connect(tmp_path / "q.sqlite3").execute(
        "SELECT created_at, updated_at, next_attempt_at FROM items"
    )
    assert [(a.created_at, a.updated_at, a.next_attempt_at)] * 3 == raw.fetchall()
    later = store.update_item(b, state="uploading", reason_code="busy")
    assert later.updated_at > later.created_at == a.created_at and later.state == "uploading"
    store.close()
