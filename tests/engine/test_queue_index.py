"""The queue's incremental index must always agree with a full walk of the rows."""

from __future__ import annotations

import random
from pathlib import Path

from scripe_desktop.engine.events import AttachKind, ItemState, Target
from scripe_desktop.engine.queue import Bus, QueueState
from scripe_desktop.engine.store import QueueStore


def _brute(q: QueueState) -> tuple[dict[str, set[int]], int, int]:
    by_state: dict[str, set[int]] = {}
    left = pending = 0
    for r in q.rows.values():
        by_state.setdefault(r.state, set()).add(r.id)
        if not ItemState(r.state).finished:
            left += 1
            if not r.put_done:
                pending += r.size - r.bytes_sent
    return by_state, left, pending


def test_index_matches_a_full_walk_after_random_changes(tmp_path: Path) -> None:
    rng = random.Random(7)
    q = QueueState(QueueStore(tmp_path / "q.sqlite3"), Bus())
    batch = q.add_batch(Target(AttachKind.KNOWLEDGE), force=False, held=False)
    rows = q.insert(
        {
            "batch_id": batch,
            "path": f"/f{i}",
            "name": f"f{i}",
            "size": rng.randint(1, 10**6),
            "state": "waiting",
        }
        for i in range(300)
    )
    ids = [r.id for r in rows]
    states = [s.value for s in ItemState]
    for _ in range(3000):
        item = rng.choice(ids)
        action = rng.random()
        if action < 0.5:
            q.update(item, state=rng.choice(states), put_done=int(rng.random() < 0.3))
        elif action < 0.9:
            row = q.get(item)
            if row is not None:
                q.set_progress(item, rng.randint(0, row.size), row.size)
        elif q.get(item) is not None:
            q.remove([item])
    by_state, left, pending = _brute(q)
    assert {k: v for k, v in q.index.by_state.items() if v} == by_state
    assert q.left() == (left, pending)
    for state in ItemState:
        assert [r.id for r in q.in_state(state)] == sorted(by_state.get(state.value, ()))
    # and a fresh mirror built from the database agrees too
    again = QueueState(q.store, Bus())
    assert again.left()[0] == left
