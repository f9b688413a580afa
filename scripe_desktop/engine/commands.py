"""Per-file and whole-queue commands (pause, resume, cancel, retry, remove, pause all).

Each checks the lifecycle table (lifecycle.py) instead of its own list of states. A mixin of
UploadEngine, split out so each module reads in one sitting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .events import ConditionKind, ItemState, Reason
from .lifecycle import Action, allows
from .store import FRESH_UPLOAD, ItemRow

if TYPE_CHECKING:
    from .conditions import Conditions
    from .jobs import JobTracker
    from .pipeline import Pipeline
    from .queue import QueueState

PAUSED_ALL_FLAG = "paused_all"
REMOVE_CHUNK = 1000  # rows per step of a remove: a few ms of SQLite and events


class ItemCommands:
    queue: QueueState
    pipeline: Pipeline
    jobs: JobTracker
    conditions: Conditions
    _paused_all: bool

    def _wake_scheduler(self) -> None: ...
    def _emit_totals(self, force: bool = False) -> None: ...

    def _rows(self, item_ids: Iterable[int]) -> list[ItemRow]:
        gone = self.queue.removing
        return [r for i in item_ids if i not in gone and (r := self.queue.get(i)) is not None]

    def pause(self, item_ids: Iterable[int]) -> None:
        for row in self._rows(item_ids):
            with self.queue.lock:  # the flag and the state together (see QueueState.update)
                current = self.queue.rows.get(row.id)
                if current is not None and allows(current.state, Action.PAUSE):
                    self.pipeline.request_stop(row.id)
                    self.queue.update(row.id, state=ItemState.PAUSED.value)

    def resume(self, item_ids: Iterable[int]) -> None:
        """Resume these files (even while "Pause all" holds the rest: a person asked)."""
        for row in self._rows(item_ids):
            if allows(row.state, Action.RESUME):
                self.queue.update(
                    row.id, state=ItemState.WAITING.value, next_attempt_at=0.0, reason_code=None
                )
        self._wake_scheduler()

    def cancel(self, item_ids: Iterable[int]) -> None:
        for row in self._rows(item_ids):
            if not allows(row.state, Action.CANCEL):
                continue
            if row.state == ItemState.PROCESSING.value:
                self.jobs.request_cancel(row.id)  # only a QUEUED job can be cancelled
                continue
            with self.queue.lock:
                self.pipeline.request_stop(row.id)
                self.queue.update(row.id, state=ItemState.CANCELLED.value, reason=None)
            self.queue.duplicates.release(row.id)

    def retry(self, item_ids: Iterable[int]) -> None:
        again = ItemState.PAUSED if self._paused_all else ItemState.WAITING
        for row in self._rows(item_ids):
            if allows(row.state, Action.RETRY):
                values: dict[str, object] = {"state": again.value, "attempts": 0}
                if row.job_status in ("FAILED", "CANCELLED"):
                    # That upload is spent on the ended job: send the file again, attach anew.
                    values.update(FRESH_UPLOAD, job_id=None, job_status=None, job_progress=None)
                reason_code = Reason.PAUSED_ALL.value if self._paused_all else None
                self.queue.update(
                    row.id, reason=None, detail=None, next_attempt_at=0.0,
                    reason_code=reason_code, reason_data={}, **values,
                )  # fmt: skip
        self._wake_scheduler()

    def remove(self, item_ids: Iterable[int]) -> None:
        for _ in self.remove_steps(item_ids):
            pass

    def remove_steps(self, item_ids: Iterable[int]) -> Iterator[None]:
        """Remove in chunks (the protocol's host runs other commands between them). At once:
        no worker starts on these rows any more, and no later command touches them."""
        rows = self._rows(item_ids)
        ids = [r.id for r in rows]
        self.queue.removing.update(ids)
        for row in rows:
            self.pipeline.request_stop(row.id)
            if not ItemState(row.state).finished:
                self.queue.duplicates.release(row.id)
        for start in range(0, len(ids), REMOVE_CHUNK):
            self.queue.remove(ids[start : start + REMOVE_CHUNK])
            yield

    def unfinished_scan_batches(self) -> list[int]:
        """Batches whose scan a quit, kill or full disk interrupted (resumed on start)."""
        return sorted(
            {batch_id for batch_id, _roots, _hidden in self.queue.store.unfinished_scans()}
        )

    def fatal(self) -> str | None:
        """Why the queue file can't be written any more (a full disk...), or None."""
        fatal = self.queue.store.fatal
        return None if fatal is None else str(fatal)

    def pause_all(self) -> None:
        """Hold everything until resume_all, new drops and retries included; survives a
        restart (a flag in the queue database)."""
        self._paused_all = self.queue.hold_new = True
        self.queue.store.set_flag(PAUSED_ALL_FLAG, "1")
        pausable = [
            r for st in ItemState if allows(st, Action.PAUSE) for r in self.queue.in_state(st)
        ]
        for row in pausable:
            with self.queue.lock:
                current = self.queue.rows.get(row.id)
                if current is not None and allows(current.state, Action.PAUSE):
                    self.pipeline.request_stop(row.id)
                    self.queue.update(
                        row.id, state=ItemState.PAUSED.value, reason_code=Reason.PAUSED_ALL.value
                    )
        self._emit_totals(force=True)

    def resume_all(self) -> None:
        self._paused_all = self.queue.hold_new = False
        self.queue.store.set_flag(PAUSED_ALL_FLAG, None)
        self.resume(r.id for r in self.queue.in_state(ItemState.PAUSED))
        self._emit_totals(force=True)

    def try_now(self) -> None:
        """Someone asked explicitly: waiting items stop waiting out their backoff or limit."""
        for row in self.queue.in_state(ItemState.WAITING):
            if row.next_attempt_at:
                self.queue.update(row.id, next_attempt_at=0.0)
        self.conditions.recheck_now(ConditionKind.SPEND_CAP)  # one attach asks, not every file
        self.conditions.clear(ConditionKind.RATE_LIMITED)
        self._wake_scheduler()
