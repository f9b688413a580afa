"""The pipeline's last step: claim the content for a destination and attach it there.

Apart from ``pipeline.py`` so each reads in one sitting. The destination is the batch's *as it
is when attaching*: a person may change it while the bytes go out, so it is read, claimed and
given its attach key in one step under the queue lock (see ``engine.set_batch_target``).
Expected failures come back as outcomes of the one classifier, never as exceptions.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from scripe_desktop.api import ApiError, ScripeClient

from . import conditions as cond
from .dedup import Claim
from .events import AttachKind, ConditionKind, ItemState, Reason
from .failures import EXPECTED, ErrorPolicy, Outcome, TwinPending, held
from .queue import QueueState
from .store import ItemRow, new_idempotency_key

log = logging.getLogger(__name__)


class Retry(Exception):
    """Internal: go round the loop again (re-mint, re-inspect)."""


class AttachStep:
    """Mixed into ``Pipeline``, which provides these attributes and methods."""

    queue: QueueState
    conditions: cond.Conditions
    policy: ErrorPolicy
    client: Callable[[], ScripeClient]
    clock: Callable[[], float]
    on_late_attach: Callable[[int], None]
    _stops: dict[int, threading.Event]

    def _set(self, row: ItemRow, **values: object) -> ItemRow:
        raise NotImplementedError

    def _stopped(self, item_id: int) -> bool:
        raise NotImplementedError

    def _reset_upload(self, row: ItemRow, **values: object) -> ItemRow:
        raise NotImplementedError

    def _duplicate_before_upload(self, row: ItemRow) -> Outcome | bool:
        """Hash first only when a same-size file went to this target (else hash while sending).
        Only a hint: the claim that counts is made when attaching, to the target of then."""
        target = self.queue.target_of(row)
        if target.kind is AttachKind.UNSET or self.queue.batches[row.batch_id].force:
            return False
        if not self.queue.duplicates.may_exist(row.size, target.key):
            return False
        sha = row.sha256 or _hash_file(Path(row.path))
        row = self._set(row, sha256=sha)
        with self.queue.lock:
            target = self.queue.target_of(row)
            claim = self._claim(row, target.key)
        if claim is Claim.TWIN_PENDING:
            return self.policy.judge(row, TwinPending())
        return claim is Claim.DUPLICATE

    def _claim(self, row: ItemRow, target_key: str) -> Claim:
        """Claim the content for this target (caller holds the queue lock)."""
        claim, first = self.queue.duplicates.claim(row, target_key)
        if claim is Claim.DUPLICATE:
            same = first.name if first and first.name != row.name else None
            where = f" (same as “{same}”)" if same else ""
            self._set(
                row,
                state=ItemState.DUPLICATE.value,
                reason=f"“{row.name}” was already uploaded to this destination{where}.",
                reason_code=Reason.DUPLICATE.value,
                reason_data={"same_as": same},
            )
        return claim

    def _attach(self, row: ItemRow) -> Outcome | None:
        """Attach to the batch's destination of now; an outcome when it did not happen."""
        # Whole-queue holds come first: no request is sent while they last (a due re-check of
        # the daily limit admits one attach, this one or another file's).
        for kind in (ConditionKind.KEY_NEEDED, ConditionKind.SPEND_CAP):
            if not self.conditions.admit(kind, row.id):
                return held(kind, self.conditions, self.clock())
        with self.queue.lock:
            row = self.queue.get(row.id) or row
            if self._stopped(row.id):
                return None  # paused or cancelled: its state says so already
            batch = self.queue.batches[row.batch_id]
            target = batch.target
            if target.kind is AttachKind.UNSET:
                code = batch.target_problem or Reason.NO_PROJECT.value
                self._set(
                    row,
                    state=ItemState.NEEDS_DESTINATION.value,
                    reason="Choose where to send these.",
                    reason_code=code,
                    reason_data={},
                )
                return None
            claim = self._claim(row, target.key)
            if claim is Claim.TWIN_PENDING:  # the original may still fail: wait, don't give up
                return self.policy.judge(row, TwinPending())
            if claim is Claim.DUPLICATE:
                return None
            if target.kind is AttachKind.NONE:
                self._set(row, state=ItemState.DONE.value, reason=None, detail=None,
                          reason_code=None, reason_data={})  # fmt: skip
                return None
            new_key = {} if row.attach_key else {"attach_key": new_idempotency_key("att")}
            row = self._set(
                row, state=ItemState.ATTACHING.value, reason=None, reason_code=None, **new_key
            )
        try:
            client = self.client()
            if target.kind is AttachKind.SOURCE:
                job = client.attach_source(
                    target.project_id or "", row.upload_id or "", row.name, row.attach_key or ""
                )
            else:
                job = client.attach_knowledge(
                    row.upload_id or "", row.name, row.attach_key or "", target.project_id
                )
        except ApiError as err:
            return self._refused_attach(row, err)
        except EXPECTED as exc:
            return self.policy.judge(row, exc)
        self.conditions.clear(ConditionKind.OFFLINE, ConditionKind.SPEND_CAP)
        row = self._set(
            row, job_id=job.id, job_status=job.status, state=ItemState.PROCESSING.value, attempts=0
        )
        if row.state == ItemState.CANCELLED:  # cancelled while the attach was in flight
            self.on_late_attach(row.id)
        return None

    def _refused_attach(self, row: ItemRow, err: ApiError) -> Outcome | None:
        reason = err.details.get("reason")
        if reason in ("upload_expired", "upload_not_received", "upload_not_found"):
            # upload_not_found: Scripe no longer has the upload; send the file again
            log.info("item %s: %s; uploading again", row.id, err)
            self._reset_upload(row)
            raise Retry() from err
        if reason == "upload_already_attached" and err.status == 422:
            # An earlier attach went through but its answer was lost (a kill, 24 h later,
            # a new key): this upload *is* attached. Never send it again.
            log.info("item %s: %s; it was attached by an earlier attempt", row.id, err)
            self._set(
                row,
                state=ItemState.DONE.value,
                reason="Attached by an earlier attempt (its answer was lost).",
                detail=str(err),
                reason_code=None,
                reason_data={},
            )
            return None
        return self.policy.judge(row, err)


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
