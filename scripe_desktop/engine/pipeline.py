"""What one worker does for one file: check, mint, PUT, attach.

Each step first records the idempotency key it is about to use, so a crash at any point resumes
as a replay. The ingestion job is followed by the job tracker, not here, so slow processing in
Scripe never holds an upload slot.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scripe_desktop.api import (
    ApiError,
    Cancelled,
    FileChangedError,
    NetworkError,
    ScripeClient,
    ScripeError,
    StorageClient,
    StorageError,
    StorageStalled,
)

from . import conditions as cond
from .dedup import Claim
from .events import AttachKind, ConditionKind, ItemState, Reason
from .failures import ErrorPolicy, ItemGone, KeepsChanging, Outcome, TwinPending, held
from .hashing import BackgroundHasher
from .inspect import inspect_file
from .pacing import RateLimiter, SpeedMeter
from .queue import QueueState
from .store import FRESH_UPLOAD, ItemRow, new_idempotency_key
from .store_safety import QueueStoreError

log = logging.getLogger(__name__)

DAY = 24 * 3600.0
REUPLOAD_AFTER = DAY - 15 * 60  # attach must happen within 24 h of the mint; keep a margin
URL_MARGIN = 30.0  # do not start a PUT on a URL that expires within this many seconds
MAX_REMINTS = 3


class Retry(Exception):
    """Internal: go round the loop again (re-mint, re-inspect)."""


@dataclass
class Pipeline:
    """Shared by all workers; holds no per-item state except the stop flags."""

    queue: QueueState
    storage: StorageClient
    limiter: RateLimiter
    meter: SpeedMeter
    conditions: cond.Conditions
    policy: ErrorPolicy
    client: Callable[[], ScripeClient]
    clock: Callable[[], float]
    on_late_attach: Callable[[int], None] = lambda item_id: None  # cancel its job if we can
    _stops: dict[int, threading.Event] = field(default_factory=dict)

    # -- stop flags (pause / cancel / remove / shutdown) ----------------------------------------

    def arm(self, item_id: int) -> None:
        """A fresh stop flag for a worker about to start (a stale one must not stop it)."""
        self._stops[item_id] = threading.Event()

    def stop_flag(self, item_id: int) -> threading.Event:
        return self._stops.setdefault(item_id, threading.Event())

    def request_stop(self, item_id: int) -> None:
        flag = self._stops.get(item_id)
        if flag is not None:
            flag.set()

    def _stopped(self, item_id: int) -> bool:
        flag = self._stops.get(item_id)
        return flag is not None and flag.is_set()

    def _set(self, row: ItemRow, **values: object) -> ItemRow:
        """Update the item, but never overwrite a pause/cancel a person asked for meanwhile."""
        return self.queue.update(row.id, unless=lambda _: self._stopped(row.id), **values) or row

    # -- the worker -----------------------------------------------------------------------------

    def run(self, item_id: int) -> None:
        row = self.queue.get(item_id)
        if row is None or row.state != ItemState.WAITING or self._stopped(item_id):
            self._stops.pop(item_id, None)
            return  # paused, cancelled or removed between dispatch and start
        try:
            outcome = self._process(row)
            if outcome is not None:  # a step said "not now" without sending a request
                self.policy.apply(row, outcome, stopped=lambda: self._stopped(item_id))
        except Cancelled:
            log.info("item %s stopped on request", item_id)
        except QueueStoreError:  # the queue file can't be written: told once, by the store
            pass
        except Exception as exc:  # every failure is classified, none escapes the worker
            current = self.queue.get(item_id)
            try:
                if current is not None:
                    self.policy.handle(current, exc, stopped=lambda: self._stopped(item_id))
            except QueueStoreError:
                pass
            except Exception:  # never leave an item "uploading" with no worker behind it
                log.exception("handling the failure of item %s failed", item_id)
                self.queue.update(
                    item_id,
                    unless=lambda _: self._stopped(item_id),
                    state=ItemState.WAITING.value,
                    next_attempt_at=self.clock() + 30,
                )
        finally:
            self._stops.pop(item_id, None)

    def _process(self, row: ItemRow) -> Outcome | None:
        """Upload, then attach to the batch's destination *as it is when attaching*: a person
        may change it while the bytes go out (read under the queue lock, see ``_attach``)."""
        last = ""
        for _ in range(MAX_REMINTS + 2):
            try:
                if not row.put_done:
                    row = self._check_file(row)
                    if row.state == ItemState.SKIPPED:
                        return None
                    if self._duplicate_before_upload(row):
                        return None
                    row = self._upload(row)
                self._check_stop(row)
                if row.job_id:  # attached already (e.g. paused mid-attach): just follow the job
                    self._set(row, state=ItemState.PROCESSING.value)
                    return None
                too_old = (
                    row.minted_at is not None and self.clock() - row.minted_at > REUPLOAD_AFTER
                )
                # Only before any attach was sent: a sent one may have succeeded, and must be
                # retried with its own key (a replay), never replaced by a new attach.
                if too_old and not row.attach_key:
                    log.info("item %s: upload older than 24 h, uploading again", row.id)
                    row = self._reset_upload(row)
                    continue
                return self._attach(row)
            except Retry as again:
                row = self.queue.get(row.id) or row
                last = str(again)
        if last == "changed":
            raise KeepsChanging(row.name)
        raise RuntimeError("gave up after repeated fresh uploads")

    # -- steps ----------------------------------------------------------------------------------

    def _check_file(self, row: ItemRow) -> ItemRow:
        """Never send different bytes under an old mint: re-inspect a file that changed."""
        path = Path(row.path)
        try:
            st = path.stat()
        except FileNotFoundError:
            raise ItemGone(row.name) from None
        if st.st_size == row.size and st.st_mtime_ns == row.mtime_ns:
            return row
        return self._reinspect(row)

    def _reinspect(self, row: ItemRow) -> ItemRow:
        log.info("item %s changed on disk since it was queued; checking it again", row.id)
        found = inspect_file(Path(row.path))
        if not found.ok:
            return self._set(
                row, state=ItemState.SKIPPED.value, reason=found.skip_reason, detail=found.detail
            )
        return self._reset_upload(
            row,
            size=found.size,
            mtime_ns=found.mtime_ns,
            content_type=found.content_type,
            sha256=None,
        )

    def _reset_upload(self, row: ItemRow, **values: object) -> ItemRow:
        """Forget the mint: the next pass mints anew with a new key (and attaches with one)."""
        return self._set(row, **{**FRESH_UPLOAD, **values})

    def _check_stop(self, row: ItemRow) -> None:
        """Between steps: a pause or cancel stops the item before its next request."""
        if self._stopped(row.id):
            raise Cancelled()

    def _upload(self, row: ItemRow) -> ItemRow:
        self._check_stop(row)
        if row.upload_url and (row.upload_expires_at or 0) - URL_MARGIN <= self.clock():
            row = self._reset_upload(row)
        # one write: the state change and, before any request, the key the mint will use
        key = {} if row.mint_key or row.upload_url else {"mint_key": new_idempotency_key("mint")}
        row = self._set(
            row,
            state=ItemState.UPLOADING.value,
            reason=None,
            detail=None,
            reason_code=None,
            reason_data={},
            **key,
        )
        if not row.upload_url:
            up = self.client().mint_upload(row.content_type or "", row.size, row.mint_key or "")
            self.conditions.clear(ConditionKind.OFFLINE)
            expires = up.expires_at.timestamp() if up.expires_at else self.clock() + 600
            row = self._set(
                row,
                content_type=up.content_type,  # the PUT must carry exactly the minted type
                upload_id=up.id,
                upload_url=up.upload_url,
                upload_expires_at=expires,
                minted_at=self.clock(),
            )
        return self._put(row)

    def _put(self, row: ItemRow) -> ItemRow:
        digest = BackgroundHasher()
        stop = self.stop_flag(row.id)
        sent_before = 0

        def gate(n: int) -> None:
            if stop.is_set():
                raise Cancelled()
            self.limiter.acquire(n, stop.is_set)

        def progress(sent: int) -> None:
            nonlocal sent_before
            self.meter.add(sent - sent_before)
            sent_before = sent
            self.queue.set_progress(row.id, sent, row.size)

        self.queue.set_progress(row.id, 0, row.size, force=True)  # honest: a restart is from 0
        before = _identity(Path(row.path))
        try:
            self.storage.put_file(
                row.upload_url or "",
                Path(row.path),
                row.content_type or "",
                row.size,
                progress=progress,
                gate=gate,
                on_chunk=digest.update,
            )
        except StorageError as err:
            self.queue.set_progress(row.id, 0, row.size, force=True)
            if err.kind.value == "expired":
                log.info("item %s: storage refused the URL (%s); minting again", row.id, err)
                self._reset_upload(row)
                raise Retry() from err
            raise
        except FileChangedError:
            self.queue.set_progress(row.id, 0, row.size, force=True)
            self._reinspect(row)
            raise Retry("changed") from None
        except StorageStalled as err:
            self.queue.set_progress(row.id, 0, row.size, force=True)
            err.api_answers = self._api_answers()  # slow storage, or are we offline?
            raise
        except Exception:
            self.queue.set_progress(row.id, 0, row.size, force=True)
            raise
        finally:
            digest.close()
        st = Path(row.path).stat()
        if st.st_size != row.size or st.st_mtime_ns != row.mtime_ns or _identity_of(st) != before:
            # Rewritten while it was sent (even with its old size and date: the change time
            # moves on every write): those bytes may be torn. Never attach them.
            log.info("item %s changed while it was being sent; sending it again", row.id)
            self._reinspect(row)
            raise Retry("changed")
        self.conditions.clear(ConditionKind.OFFLINE)
        return self._set(row, put_done=1, sha256=digest.hexdigest(), bytes_sent=row.size)

    def _api_answers(self) -> bool:
        """After a stalled PUT: does Scripe itself answer (any HTTP answer counts)?"""
        try:
            self.client().health()
        except NetworkError:
            return False
        except ScripeError:
            return True
        return True

    def _duplicate_before_upload(self, row: ItemRow) -> bool:
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
            return self._claim(row, target.key) is Claim.DUPLICATE

    def _claim(self, row: ItemRow, target_key: str) -> Claim:
        """Claim the content for this target (caller holds the queue lock)."""
        claim, first = self.queue.duplicates.claim(row, target_key)
        if claim is Claim.TWIN_PENDING:
            raise TwinPending()  # the original may still fail: wait, don't give up
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
        """Attach to the batch's destination of now; an outcome when a hold says "not now"."""
        # Whole-queue holds come first: no request is sent while they last.
        for kind in (ConditionKind.KEY_NEEDED, ConditionKind.SPEND_CAP):
            if self.conditions.holding(kind):
                return held(kind, self.conditions, self.clock())
        # Destination, duplicate claim and the attach key in one step under the queue lock: a
        # retarget (engine.set_batch_target) sees either no attach key (and moves this file)
        # or one (and leaves it where this request sends it).
        with self.queue.lock:
            row = self.queue.get(row.id) or row
            if self._stopped(row.id):
                raise Cancelled()
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
            if self._claim(row, target.key) is Claim.DUPLICATE:
                return None
            if target.kind is AttachKind.NONE:
                self._set(row, state=ItemState.DONE.value, reason=None, detail=None,
                          reason_code=None, reason_data={})  # fmt: skip
                return None
            new_key = {} if row.attach_key else {"attach_key": new_idempotency_key("att")}
            row = self._set(
                row, state=ItemState.ATTACHING.value, reason=None, reason_code=None, **new_key
            )
        client = self.client()
        try:
            if target.kind is AttachKind.SOURCE:
                job = client.attach_source(
                    target.project_id or "", row.upload_id or "", row.name, row.attach_key or ""
                )
            else:
                job = client.attach_knowledge(
                    row.upload_id or "", row.name, row.attach_key or "", target.project_id
                )
        except ApiError as err:
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
            raise
        self.conditions.clear(ConditionKind.OFFLINE, ConditionKind.SPEND_CAP)
        row = self._set(
            row, job_id=job.id, job_status=job.status, state=ItemState.PROCESSING.value, attempts=0
        )
        if row.state == ItemState.CANCELLED:  # cancelled while the attach was in flight
            self.on_late_attach(row.id)
        return None


def _identity(path: Path) -> tuple[int, int, int, int, int] | None:
    try:
        return _identity_of(path.stat())
    except OSError:
        return None


def _identity_of(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What any write changes, even one that puts back the old size and date."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
