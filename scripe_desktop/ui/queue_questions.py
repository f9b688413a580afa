"""Whole-queue questions the window asks of its model, answered from the row columns.

Why apart from the table model: the status line, the close dialog, summaries, notifications
and the selection read every row or a whole batch; these answers come from the columns
(``RowStore``) and the tally, never from a snapshot per row (at 50,000 rows, rebuilding them
took about half a second per question). A mixin of ``QueueModel``, kept apart so that each
module reads in one sitting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator

from scripe_desktop.engine.events import ItemSnapshot, ItemState, Target

from . import queue_cells as cells
from .queue_cells import CellContext
from .queue_tally import QueueTally
from .row_store import RowStore, WaitFacts
from .texts import Wait


class QueueQuestions:
    # provided by QueueModel
    _store: RowStore
    _tally: QueueTally
    ctx: CellContext
    clock: Callable[[], float]

    def item(self, row: int) -> ItemSnapshot:
        raise NotImplementedError

    def speed_of(self, item_id: int, now: float | None = None) -> float:
        raise NotImplementedError

    def count(self, state: ItemState) -> int:
        """How many rows are in ``state`` (kept up to date incrementally, O(1))."""
        return max(0, self._tally.states[state])

    def left(self) -> tuple[int, int, int, int]:
        """(files not finished, of them with Scripe, of them paused, bytes still to send), O(1):
        the one "files left" figure (``queue_facts.files_left``)."""
        unfinished = len(self._store) - sum(self.count(s) for s in ItemState if s.finished)
        processing = sum(self.count(s) for s in cells.PROCESSING_STATES)
        paused = self.count(ItemState.PAUSED)
        return unfinished, processing, paused, max(0, self._tally.bytes_left)

    def system_files(self, batch_id: int) -> int:
        """Rows of ``batch_id`` that an OS wrote by itself (hidden, counted apart), O(1)."""
        return max(0, self._tally.system[batch_id])

    def items(
        self, states: Collection[ItemState] | None = None, batch_id: int | None = None
    ) -> list[ItemSnapshot]:
        """Snapshots in row order, of the given states and/or batch (both None: all of them).

        Each is rebuilt from the store (microseconds): ask for the rows you need."""
        return [self.item(n) for n in self._store.rows(states, batch_id)]

    def names_and_targets(
        self, states: Collection[ItemState] | None = None, batch_id: int | None = None
    ) -> list[tuple[str, Target]]:
        """(name, destination) of the matching rows in row order, without snapshots: a whole
        batch's summary or notifications at 50,000 rows took ~0.5 s each through ``items``."""
        return self._store.names_and_targets(self._store.rows(states, batch_id))

    def batch_counts(self, batch_id: int) -> dict[str, int]:
        """The batch's rows per state value, as the engine counts them in a ``BatchSummary``
        (its summary line, said again after rows were removed from the list)."""
        store = self._store
        return dict(Counter(store.state(n).value for n in store.rows(None, batch_id)))

    def first_target(self, states: Collection[ItemState] | None, batch_id: int) -> Target | None:
        """The destination of the batch's first row in ``states`` (None: no such row)."""
        row = next(self._store.rows(states, batch_id), None)
        return None if row is None else self._store.target(row)

    def waits(self, states: Collection[ItemState]) -> Iterator[tuple[WaitFacts, Wait | None]]:
        """Each matching row's state facts and what it waits for, without snapshots (the close
        dialog asks this of every unfinished row)."""
        store, now = self._store, self.clock()
        for n in store.rows(states):
            facts = store.wait_facts(n)
            speed = self.speed_of(store.id(n), now)
            yield facts, cells.wait_for(facts, store.sent(n), speed, self.ctx)

    def ids(self, states: Collection[ItemState] | None = None) -> list[int]:
        """Item ids in row order, of the given states (None: all), without building snapshots."""
        return [self._store.id(n) for n in self._store.rows(states)]

    def ids_of(self, rows: list[int]) -> list[int]:
        return [self._store.id(n) for n in rows]

    def states_of(self, rows: list[int]) -> set[ItemState]:
        """The distinct states of ``rows`` (which actions a selection allows), no snapshots."""
        return {self._store.state(n) for n in rows}

    def any_result(self, rows: list[int]) -> bool:
        return any(self._store.result_id(n) for n in rows)

    def url_of(self, row: int) -> str | None:
        """Where "Open in Scripe" goes for ``row`` (None: nowhere yet)."""
        return cells.open_url(self.item(row), self.ctx)

    def has_batch(self, batch_id: int) -> bool:
        return self._store.has_batch(batch_id)

    def wait_for(self, item: ItemSnapshot, bytes_sent: int, speed: float) -> Wait | None:
        """What a waiting or stalled file waits for (None: it is moving)."""
        return cells.wait_for(item, bytes_sent, speed, self.ctx)
