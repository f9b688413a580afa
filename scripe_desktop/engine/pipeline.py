"""What one worker does for one file: check, mint, PUT, attach (``attach_step.py``).

Each step first records the idempotency key it is about to use, so a crash at any point resumes
as a replay. The ingestion job is followed by the job tracker, not here, so slow processing in
Scripe never holds an upload slot.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scripe_desktop.api import (
    Cancelled,
    FileChangedError,
    NetworkError,
    ScripeClient,
    ScripeError,
    StorageClient,
    StorageError,
    StorageStalled,
    StorageUnreachable,
)

from . import conditions as cond
from .attach_step import AttachStep, Retry
from .events import ConditionKind, ItemState
from .failures import EXPECTED, ErrorPolicy, ItemGone, KeepsChanging, Outcome
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


@dataclass
class Pipeline(AttachStep):
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
        stopped = lambda: self._stopped(item_id)  # noqa: E731
        try:
            outcome = self._process(row)
            if outcome is not None:  # a step did not get through: what it met, judged
                self.policy.apply(self.queue.get(item_id) or row, outcome, stopped=stopped)
        except Cancelled:
            log.info("item %s stopped on request", item_id)
        except QueueStoreError:  # the queue file can't be written: told once, by the store
            pass
        except Exception as exc:  # a bug: classified too, none escapes the worker
            current = self.queue.get(item_id)
            try:
                if current is not None:
                    self.policy.handle(current, exc, stopped=stopped)
            except QueueStoreError:
                pass
            except Exception:  # never leave an item "uploading" with no worker behind it
                log.exception("handling the failure of item %s failed", item_id)
                self.queue.update(
                    item_id,
                    unless=lambda _: stopped(),
                    state=ItemState.WAITING.value,
                    next_attempt_at=self.clock() + 30,
                )
        finally:
            self._stops.pop(item_id, None)

    def _process(self, row: ItemRow) -> Outcome | None:
        """Check, mint, PUT, attach; each step returns the row to go on with, or an outcome
        (the one classifier's, for what it met) that ends this pass; None: nothing to apply."""
        last = ""
        for _ in range(MAX_REMINTS + 2):
            try:
                if not row.put_done:
                    step = self._check_file(row)
                    if not isinstance(step, ItemRow) or step.state == ItemState.SKIPPED:
                        return step if isinstance(step, Outcome) else None
                    dup = self._duplicate_before_upload(step)
                    if dup is not False:
                        return dup if isinstance(dup, Outcome) else None
                    step = self._upload(step)
                    if isinstance(step, Outcome):
                        return step
                    row = step
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
            return self.policy.judge(row, KeepsChanging(row.name))
        raise RuntimeError("gave up after repeated fresh uploads")

    # -- steps ----------------------------------------------------------------------------------

    def _check_file(self, row: ItemRow) -> ItemRow | Outcome:
        """Never send different bytes under an old mint: re-inspect a file that changed."""
        path = Path(row.path)
        try:
            st = path.stat()
        except FileNotFoundError:
            return self.policy.judge(row, ItemGone(row.name))
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

    def _upload(self, row: ItemRow) -> ItemRow | Outcome:
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
            step = self._mint(row)
            if isinstance(step, Outcome):
                return step
            row = step
        return self._put(row)

    def _mint(self, row: ItemRow) -> ItemRow | Outcome:
        try:
            up = self.client().mint_upload(row.content_type or "", row.size, row.mint_key or "")
        except EXPECTED as exc:
            return self.policy.judge(row, exc)
        self.conditions.clear(ConditionKind.OFFLINE)
        expires = up.expires_at.timestamp() if up.expires_at else self.clock() + 600
        return self._set(
            row,
            content_type=up.content_type,  # the PUT must carry exactly the minted type
            upload_id=up.id,
            upload_url=up.upload_url,
            upload_expires_at=expires,
            minted_at=self.clock(),
        )

    def _put(self, row: ItemRow) -> ItemRow | Outcome:
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
        sent = False
        try:
            self.storage.put_file(
                row.upload_url or "", Path(row.path), row.content_type or "", row.size,
                progress=progress, gate=gate, on_chunk=digest.update,
            )  # fmt: skip
            sent = True
        except FileChangedError:
            self._reinspect(row)
            raise Retry("changed") from None
        except StorageError as err:
            if err.kind.value != "expired":
                return self.policy.judge(row, err)
            log.info("item %s: storage refused the URL (%s); minting again", row.id, err)
            self._reset_upload(row)
            raise Retry() from err
        except StorageStalled as err:
            err.api_answers = self._api_answers()  # slow storage, or are we offline?
            return self.policy.judge(row, err)
        except StorageUnreachable as err:
            # No connection to the storage address at all. If Scripe itself answers, this
            # computer is online and the address may be gone for good (the local sandbox
            # restarted on another port): the next try mints a fresh URL instead of waiting for
            # this one to expire. Otherwise we are offline. (A connection cut mid-transfer keeps
            # its still valid URL.)
            err.api_answers = self._api_answers()
            if err.api_answers:
                log.info("item %s: storage unreachable, Scripe answers: a new URL next", row.id)
                row = self._reset_upload(row)
            return self.policy.judge(row, err)
        except EXPECTED as exc:
            return self.policy.judge(row, exc)
        finally:
            digest.close()
            if not sent:  # the next attempt starts from byte 0: the bar says so
                self.queue.set_progress(row.id, 0, row.size, force=True)
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
        except ScripeError as exc:
            return not isinstance(exc, NetworkError)
        except Exception:  # no key, say: we can't tell
            return False
        return True


def _identity(path: Path) -> tuple[int, int, int, int, int] | None:
    try:
        return _identity_of(path.stat())
    except OSError:
        return None


def _identity_of(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What any write changes, even one that puts back the old size and date."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
