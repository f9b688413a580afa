"""After a restart (or a kill -9): what happened to the files handed over last time.

Each is followed to its end if the engine has it, recorded if it already finished, or handed
over again if the engine never got it (stopped between the hand-over and the engine's scan).
The engine's own idempotency keys make a second hand-over of a file it did get harmless.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scripe_desktop.engine.events import ItemSnapshot

from .index import WatchIndex


@dataclass
class Recovered:
    inflight: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (folder, rel)
    following: dict[int, tuple[str, str]] = field(default_factory=dict)  # item id -> ...
    again: list[tuple[str, str, str]] = field(default_factory=list)  # (folder, rel, path)


def reconcile(index: WatchIndex, items: Callable[[], Iterable[ItemSnapshot]]) -> Recovered:
    """``items`` is asked only when files were handed over: a snapshot of a 50,000-file queue
    is ~13 MB the engine process need not build at every start."""
    out = Recovered()
    rows = index.in_state("queued")
    if not rows:
        return out
    latest: dict[str, ItemSnapshot] = {}
    for item in items():
        if item.path not in latest or item.id > latest[item.path].id:
            latest[item.path] = item
    finished: dict[str, list[tuple[str, int, str, str | None]]] = {}
    for row in rows:
        path = os.path.join(row.folder, row.rel)
        item = latest.get(path)
        if item is None or row.batch_id is None or item.batch_id < row.batch_id:
            index.forget(row.folder, [row.rel])
            out.again.append((row.folder, row.rel, path))
        elif item.state.finished:
            done = (row.rel, item.id, item.state.value, item.reason)
            finished.setdefault(row.folder, []).append(done)
        elif item.job_id:
            out.following[item.id] = (row.folder, row.rel)
        else:
            out.inflight[path] = (row.folder, row.rel)
    for folder, done in finished.items():
        index.finish(folder, done)
    return out
