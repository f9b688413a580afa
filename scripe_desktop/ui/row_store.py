"""The queue's rows held as columns, with a whole snapshot rebuilt only when one is asked for.

Why not one ``ItemSnapshot`` per row: at 50,000 rows the objects, their path strings and the
id → row dict cost about 37 MB of the window's memory (0.75 KB a row). The window reads a few
fields of every row (state and name for the filter, size, bytes sent and state for "bytes
left", the batch for summaries) and all fields only of the rows on screen or selected. So every
field is a column: numbers in arrays, repeated values (content type with destination, folder)
as an index into a small table, the rarely set ones (reasons, job and result ids) in a sparse
table by item id. About 0.15 KB a row; a snapshot costs a few microseconds to rebuild. Plain
Python, no Qt: the table model stores its rows here.
"""

from __future__ import annotations

import dataclasses
import sys
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterator
from operator import attrgetter
from typing import Any, NamedTuple

from scripe_desktop.engine.codec import EMPTY
from scripe_desktop.engine.events import ItemSnapshot, ItemState, Target

_SHARED_MAX = 24  # short strings (job states, reason codes) are kept once, not per row
_STATES = tuple(ItemState)
_CODE = {state: n for n, state in enumerate(_STATES)}
# The fields most rows leave at their default, kept per item id only when one is set.
_EXTRA = (
    "reason",
    "detail",
    "upload_id",
    "job_id",
    "job_status",
    "job_progress",
    "result_id",
    "reason_code",
    "reason_data",
    "next_attempt_at",
)
_NO_EXTRA = (None, None, None, None, None, None, None, None, EMPTY, 0.0)
_extra_of = attrgetter(*_EXTRA)  # one C call per row instead of ten getattr
_ORDER = (
    "id",
    "batch_id",
    "path",
    "name",
    "size",
    "content_type",
    "target",
    "state",
    "bytes_sent",
    *_EXTRA[:7],
    "created_at",
    "updated_at",
    *_EXTRA[7:],
)
# Snapshots are rebuilt positionally (a third faster than by keyword): the order must hold.
assert tuple(f.name for f in dataclasses.fields(ItemSnapshot)) == _ORDER, "ItemSnapshot changed"


class WaitFacts(NamedTuple):
    """The fields of a row that say what it waits for (read like an ``ItemSnapshot``)."""

    state: ItemState
    size: int
    batch_id: int
    upload_id: str | None
    reason: str | None


def _shared(value: Any) -> Any:
    return sys.intern(value) if type(value) is str and len(value) <= _SHARED_MAX else value


class _Table:
    """Distinct values by index: a folder or a (content type, destination) pair per row."""

    __slots__ = ("_index", "values")

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._index: dict[Any, int] = {}

    def code(self, value: Any) -> int:
        n = self._index.get(value)
        if n is None:
            n = self._index[value] = len(self.values)
            self.values.append(value)
        return n


class RowStore:
    """Rows in the order they were added; row numbers shift down when rows are deleted."""

    def __init__(self) -> None:
        self.reset([])

    def reset(self, items: list[ItemSnapshot]) -> None:
        self._ids = array("q")
        self._batches = array("q")
        self._sizes = array("q")
        self._sent = array("q")
        self._states = bytearray()
        self._shapes = array("L")  # (content type, target)
        self._folders = array("L")  # the path up to the name
        self._names: list[str] = []
        self._created = array("d")
        self._updated = array("d")
        self._extra: dict[int, tuple[Any, ...]] = {}  # item id -> the _EXTRA values
        self._paths: dict[int, str] = {}  # item id -> path, where it does not end in the name
        self._shape_table = _Table()
        self._folder_table = _Table()
        self._index: dict[int, int] | None = None  # only once ids stop arriving in order
        self.append(items)

    def __len__(self) -> int:
        return len(self._ids)

    # -- writing -----------------------------------------------------------------------------

    def append(self, items: list[ItemSnapshot]) -> None:
        for item in items:
            if self._index is None and self._ids and item.id <= self._ids[-1]:
                # out of order: look rows up by a dict from now on (ids normally only grow)
                self._index = {n: row for row, n in enumerate(self._ids)}
            if self._index is not None:
                self._index[item.id] = len(self._ids)
            self._ids.append(item.id)
            self._batches.append(item.batch_id)
            self._sizes.append(item.size)
            self._sent.append(item.bytes_sent)
            self._states.append(_CODE[item.state])
            self._shapes.append(self._shape_table.code((item.content_type, item.target)))
            self._folders.append(self._folder_table.code(self._folder_of(item)))
            self._names.append(item.name)
            self._created.append(item.created_at)
            self._updated.append(item.updated_at)
            self._set_extra(item)

    def update(self, row: int, item: ItemSnapshot) -> None:
        """A newer snapshot of the item on ``row`` (same id)."""
        self._batches[row] = item.batch_id
        self._sizes[row] = item.size
        self._sent[row] = item.bytes_sent
        self._states[row] = _CODE[item.state]
        self._shapes[row] = self._shape_table.code((item.content_type, item.target))
        self._paths.pop(item.id, None)
        self._folders[row] = self._folder_table.code(self._folder_of(item))
        self._names[row] = item.name
        self._created[row] = item.created_at
        self._updated[row] = item.updated_at
        self._set_extra(item)

    def set_sent(self, row: int, sent: int) -> None:
        self._sent[row] = sent

    def delete(self, first: int, last: int) -> None:
        """Rows ``first`` to ``last`` inclusive."""
        for item_id in self._ids[first : last + 1]:
            self._extra.pop(item_id, None)
            self._paths.pop(item_id, None)
        for column in self._columns():
            del column[first : last + 1]
        if self._index is not None:
            self._index = {n: row for row, n in enumerate(self._ids)}
        if not self._ids:
            self.reset([])  # the value tables start afresh too

    def _columns(self) -> tuple[Any, ...]:
        return (
            self._ids,
            self._batches,
            self._sizes,
            self._sent,
            self._states,
            self._shapes,
            self._folders,
            self._names,
            self._created,
            self._updated,
        )

    def _folder_of(self, item: ItemSnapshot) -> str:
        name, path = item.name, item.path
        if name and path.endswith(name):
            return path[: len(path) - len(name)]
        self._paths[item.id] = path
        return ""

    def _set_extra(self, item: ItemSnapshot) -> None:
        values = _extra_of(item)
        if values[:8] == _NO_EXTRA[:8] and not values[8] and not values[9]:
            self._extra.pop(item.id, None)
        else:  # codes and job states repeat on every finished row: one copy of each
            self._extra[item.id] = tuple(_shared(v) for v in values)

    # -- reading -----------------------------------------------------------------------------

    def row_of(self, item_id: int) -> int | None:
        if self._index is not None:
            return self._index.get(item_id)
        row = bisect_left(self._ids, item_id)
        return row if row < len(self._ids) and self._ids[row] == item_id else None

    def id(self, row: int) -> int:
        return self._ids[row]

    def state(self, row: int) -> ItemState:
        return _STATES[self._states[row]]

    def name(self, row: int) -> str:
        return self._names[row]

    def batch(self, row: int) -> int:
        return self._batches[row]

    def size(self, row: int) -> int:
        return self._sizes[row]

    def sent(self, row: int) -> int:
        return self._sent[row]

    def target(self, row: int) -> Target:
        return self._shape_table.values[self._shapes[row]][1]

    def result_id(self, row: int) -> str | None:
        return self._extra.get(self._ids[row], _NO_EXTRA)[6]

    def wait_facts(self, row: int) -> WaitFacts:
        """What ``queue_cells.wait_for`` reads of a row, without rebuilding its snapshot."""
        x = self._extra.get(self._ids[row], _NO_EXTRA)
        return WaitFacts(
            _STATES[self._states[row]], self._sizes[row], self._batches[row], x[2], x[0]
        )

    def names(self) -> list[str]:
        """Every row's name, in row order (read-only)."""
        return self._names

    def snapshot(self, row: int) -> ItemSnapshot:
        item_id = self._ids[row]
        content_type, target = self._shape_table.values[self._shapes[row]]
        name = self._names[row]
        path = self._paths.get(item_id) or self._folder_table.values[self._folders[row]] + name
        x = self._extra.get(item_id, _NO_EXTRA)
        return ItemSnapshot(
            item_id,
            self._batches[row],
            path,
            name,
            self._sizes[row],
            content_type,
            target,
            _STATES[self._states[row]],
            self._sent[row],
            *x[:7],
            self._created[row],
            self._updated[row],
            *x[7:],
        )

    def rows(
        self, states: Collection[ItemState] | None = None, batch_id: int | None = None
    ) -> Iterator[int]:
        """Row numbers in order, of the given states and/or batch (both None: every row)."""
        every = range(len(self._ids))
        batches, codes = self._batches, self._states
        if states is None:
            if batch_id is None:
                return iter(every)
            return (n for n in every if batches[n] == batch_id)
        wanted = bytes(_CODE[s] for s in states)
        if batch_id is None:
            return (n for n in every if codes[n] in wanted)
        return (n for n in every if batches[n] == batch_id and codes[n] in wanted)

    def names_and_targets(self, rows: Iterator[int]) -> list[tuple[str, Target]]:
        """(name, destination) of ``rows``: whole-batch questions without snapshots."""
        names, shapes, table = self._names, self._shapes, self._shape_table.values
        return [(names[n], table[shapes[n]][1]) for n in rows]

    def has_batch(self, batch_id: int) -> bool:
        return batch_id in self._batches
