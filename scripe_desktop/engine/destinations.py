"""Where files go, owned by the engine: retargeting a batch, "Send to…", sending copies.

A file's destination is read when it is attached (pipeline ``_attach``, under the queue lock),
so moving a file only has to change its batch. A file whose attach was already sent stays where
that request sent it (its stored attach key belongs to that request's body) and is reported, so
the front end can say so and offer to send a copy: an upload can be attached only once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .events import Event, ItemState, Reason, RetargetReport, Target
from .lifecycle import Action, allows
from .queue import QueueState
from .store import FRESH_UPLOAD, ItemRow

# Items that were waiting only for a usable destination, or were duplicates at the old one:
# with a new destination they go back to the queue (and are checked for duplicates there).
_REOPEN = {ItemState.DUPLICATE, ItemState.NEEDS_DESTINATION}
_REOPEN_FAILED = {Reason.PROJECT_GONE.value, Reason.NO_PROJECT.value, Reason.PROJECT_MISSING.value}


def _attach_sent(row: ItemRow) -> bool:
    return bool(row.attach_key or row.job_id) or row.state == ItemState.DONE


class Destinations:
    def __init__(
        self, queue: QueueState, emit: Callable[[Event], None], wake: Callable[[], None]
    ) -> None:
        self.queue = queue
        self._emit = emit
        self._wake = wake

    def retarget(self, batch_id: int, target: Target) -> RetargetReport:
        """The whole batch goes to ``target`` from now on, except what was already attached."""
        q = self.queue
        with q.lock:
            old = q.batches[batch_id]
            rows = q.select(lambda r: r.batch_id == batch_id)
            sent = [r for r in rows if _attach_sent(r)]
            if sent:  # they keep their destination, in a batch of their own
                keep = q.add_batch(old.target, force=old.force, held=False)
                for row in sent:
                    q.update(row.id, batch_id=keep)
            q.update_batch(batch_id, target=target, target_problem=None, held=0)
            for row in rows:
                if not _attach_sent(row):
                    self._reopen(row, batch_id)
            report = RetargetReport(
                batch_id, target, _group(sent, old.target), len(rows) - len(sent)
            )
        self._emit(report)
        self._wake()
        return report

    def send_to(self, item_ids: Iterable[int], target: Target) -> RetargetReport:
        """ "Send to…" on any selection: every file that may still go elsewhere moves to a new
        batch for ``target``; the others are reported where they already went."""
        q = self.queue
        with q.lock:
            rows = [r for i in item_ids if (r := q.rows.get(i)) is not None]
            # already attached (or being attached): reported, never moved
            stuck = [r for r in rows if _attach_sent(r) and r.state != ItemState.FAILED]
            movable = [r for r in rows if r not in stuck and allows(r.state, Action.SEND_TO)]
            batch_id = q.add_batch(target, force=False, held=False) if movable else 0
            for row in movable:
                self._reopen(row, batch_id, failed_too=True)
            already = tuple(
                (t, ids)
                for t in {q.target_of(r) for r in stuck}
                for ids in [tuple(r.id for r in stuck if q.target_of(r) == t)]
            )
            report = RetargetReport(batch_id, target, already, len(movable))
        self._emit(report)
        self._wake()
        return report

    def send_copies(self, item_ids: Iterable[int], target: Target) -> int:
        """Also send these files to ``target``: new items, new uploads, their own attach."""
        q = self.queue
        rows = [r for i in item_ids if (r := q.get(i)) is not None]
        batch_id = q.add_batch(target, force=False, held=False)
        q.insert(
            {
                "batch_id": batch_id,
                "path": r.path,
                "name": r.name,
                "size": r.size,
                "mtime_ns": r.mtime_ns,
                "content_type": r.content_type,
                "sha256": r.sha256,
                "state": ItemState.WAITING.value,
            }
            for r in rows
        )
        self._wake()
        return batch_id

    def _reopen(self, row: ItemRow, batch_id: int, *, failed_too: bool = False) -> None:
        """Move an item whose attach was not sent; re-queue it if it waited for a place."""
        q = self.queue
        q.duplicates.release(row.id)  # a claim made under the old destination
        values: dict[str, Any] = {"batch_id": batch_id}
        state = ItemState(row.state)
        reopen = state in _REOPEN or (
            state is ItemState.FAILED and (failed_too or row.reason_code in _REOPEN_FAILED)
        )
        if reopen:
            values.update(
                state=ItemState.PAUSED.value if q.hold_new else ItemState.WAITING.value,
                reason=None, detail=None, reason_code=None, reason_data={},
                attempts=0, next_attempt_at=0.0,
            )  # fmt: skip
            if row.job_status in ("FAILED", "CANCELLED"):  # that upload is spent
                values.update(FRESH_UPLOAD, job_id=None, job_status=None, job_progress=None)
            elif row.attach_key and not row.job_id:  # refused for good: never attached
                values["attach_key"] = None
        q.update(row.id, **values)


def _group(rows: list[ItemRow], target: Target) -> tuple[tuple[Target, tuple[int, ...]], ...]:
    return ((target, tuple(r.id for r in rows)),) if rows else ()
