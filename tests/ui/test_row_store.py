"""The window's rows kept as columns give back exactly the snapshots they were given."""

from __future__ import annotations

import dataclasses

from scripe_desktop.engine import codec
from scripe_desktop.engine.events import AttachKind, ItemSnapshot, ItemState, Target
from scripe_desktop.ui.row_store import RowStore

KNOWLEDGE = Target(AttachKind.KNOWLEDGE)
SOURCES = Target(AttachKind.SOURCE, "proj_1")


def snap(item_id: int, **kw: object) -> ItemSnapshot:
    values: dict[str, object] = dict(
        id=item_id,
        batch_id=1,
        path=f"/home/ana/talks/f{item_id}.mp3",
        name=f"f{item_id}.mp3",
        size=1000 * item_id,
        content_type="audio/mpeg",
        target=KNOWLEDGE,
        state=ItemState.WAITING,
        created_at=1.5 * item_id,
        updated_at=2.5 * item_id,
    )
    values.update(kw)
    return ItemSnapshot(**values)  # type: ignore[arg-type]


def odd_ones() -> list[ItemSnapshot]:
    """Every field away from its default somewhere, and paths the folder table cannot hold."""
    return [
        snap(1),
        snap(
            2,
            state=ItemState.DONE,
            bytes_sent=2000,
            upload_id="up_2",
            job_id="job_2",
            job_status="succeeded",
            job_progress=1.0,
            result_id="src_2",
            target=SOURCES,
        ),
        snap(
            3,
            state=ItemState.FAILED,
            reason="It could not be read.",
            detail="EACCES",
            reason_code="unreadable",
            reason_data={"errno": 13},
        ),
        snap(
            4,
            state=ItemState.WAITING,
            reason_code="rate_limited",
            reason_data={"retry_at": 99.0},
            next_attempt_at=99.0,
        ),
        snap(5, path="/home/ana/renamed-on-disk.mp3", name="f5.mp3"),  # path not ending in it
        snap(6, path="/srv/x", name=""),  # no name at all
        snap(7, content_type=None, target=Target(AttachKind.UNSET), batch_id=2),
        snap(8, path="relative/f8.mp3", name="f8.mp3", size=0, state=ItemState.SKIPPED),
    ]


def test_every_snapshot_comes_back_as_it_went_in() -> None:
    items = odd_ones()
    store = RowStore()
    store.append(items)
    assert len(store) == len(items)
    assert [store.snapshot(row) for row in range(len(store))] == items
    assert [store.row_of(i.id) for i in items] == list(range(len(items)))
    assert store.row_of(99) is None


def test_snapshots_decoded_from_the_engine_pipe_round_trip() -> None:
    """The window is fed what the codec decodes; the store must not lose any of it."""
    items = [codec.loads(codec.dumps(i)) for i in odd_ones()]
    store = RowStore()
    store.append(items)
    assert [store.snapshot(row) for row in range(len(store))] == items


def test_an_update_replaces_every_field_and_clears_what_went_back_to_default() -> None:
    store = RowStore()
    store.append(odd_ones())
    row = store.row_of(3)
    assert row is not None
    fresh = snap(3, state=ItemState.UPLOADING, bytes_sent=10, batch_id=4, target=SOURCES)
    store.update(row, fresh)
    assert store.snapshot(row) == fresh  # reason, detail and code are gone
    moved = dataclasses.replace(fresh, path="/elsewhere/other.mp3")
    store.update(row, moved)
    assert store.snapshot(row) == moved
    store.update(row, fresh)  # and back to a path ending in its name
    assert store.snapshot(row) == fresh
    store.set_sent(row, 2500)
    assert store.sent(row) == 2500 and store.snapshot(row).bytes_sent == 2500


def test_deleting_rows_shifts_the_rest_and_forgets_the_deleted() -> None:
    items = odd_ones()
    store = RowStore()
    store.append(items)
    store.delete(2, 4)  # items 3, 4, 5
    kept = items[:2] + items[5:]
    assert [store.snapshot(row) for row in range(len(store))] == kept
    assert [store.row_of(i.id) for i in kept] == list(range(len(kept)))
    assert all(store.row_of(n) is None for n in (3, 4, 5))
    store.append([snap(9, path="/odd/place", name="f9.mp3")])
    assert store.snapshot(store.row_of(9) or 0).path == "/odd/place"
    store.delete(0, len(store) - 1)
    assert len(store) == 0 and store.row_of(1) is None
    store.append([items[2]])  # the value tables started afresh and still work
    assert store.snapshot(0) == items[2]


def test_ids_out_of_order_are_still_found() -> None:
    store = RowStore()
    store.append([snap(5), snap(3), snap(9)])
    assert [store.row_of(n) for n in (5, 3, 9, 4)] == [0, 1, 2, None]
    store.delete(0, 0)
    assert [store.row_of(n) for n in (5, 3, 9)] == [None, 0, 1]
    store.append([snap(1)])
    assert store.row_of(1) == 2 and store.snapshot(2) == snap(1)


def test_rows_filters_by_state_and_batch() -> None:
    store = RowStore()
    store.append(odd_ones())
    failed_or_waiting = {ItemState.FAILED, ItemState.WAITING}
    assert [store.id(r) for r in store.rows(failed_or_waiting)] == [1, 3, 4, 5, 6, 7]
    assert [store.id(r) for r in store.rows(batch_id=2)] == [7]
    assert [store.id(r) for r in store.rows({ItemState.DONE}, batch_id=2)] == []
    assert list(store.rows()) == list(range(8))
    assert store.has_batch(2) and not store.has_batch(3)
    assert store.names()[:2] == ["f1.mp3", "f2.mp3"]
    assert store.state(1) is ItemState.DONE and store.batch(6) == 2 and store.size(0) == 1000


def test_reset_replaces_everything() -> None:
    store = RowStore()
    store.append(odd_ones())
    store.reset([snap(20), snap(21)])
    assert len(store) == 2 and store.row_of(1) is None
    assert [store.snapshot(r) for r in (0, 1)] == [snap(20), snap(21)]


def test_destination_and_wait_facts_read_like_the_snapshot() -> None:
    """Whole-batch questions (summaries, notifications, the close dialog) read these instead of
    rebuilding snapshots; they must say what the snapshot says."""
    store = RowStore()
    items = odd_ones()
    store.append(items)
    for row, item in enumerate(items):
        assert store.target(row) == item.target
        facts = store.wait_facts(row)
        assert (facts.state, facts.size, facts.batch_id) == (item.state, item.size, item.batch_id)
        assert (facts.upload_id, facts.reason) == (item.upload_id, item.reason)
