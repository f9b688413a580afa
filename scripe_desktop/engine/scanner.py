"""Turns dropped paths into queue items on a thread of its own.

A 10,000-file folder is inserted in blocks, so front ends see the queue fill progressively and
no one thread holds the database for long.

A batch's roots are saved with the batch, and its scan is marked done only at the end: after a
quit, a kill or a full disk, the next start scans the rest (files already queued are skipped).
One bad entry never ends a scan: it becomes one skipped row.
"""

from __future__ import annotations

import logging
import os
import queue as stdqueue
import threading
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .events import ItemState, Reason, ScanProgress
from .inspect import display_name, inspect_file, walk
from .queue import QueueState
from .store import ItemRow
from .store_safety import QueueStoreError

log = logging.getLogger(__name__)

BLOCK = 200
BLOCK_SECONDS = 0.25
SNIFF_BATCH = 32
SNIFF_THREADS = max(1, min(4, os.cpu_count() or 1))
# Finished rows a re-run of the same folder finds again instead of adding new ones.
_FOUND_AGAIN = (ItemState.DONE.value, ItemState.DUPLICATE.value)


@dataclass(frozen=True)
class ScanJob:
    batch_id: int
    paths: tuple[Path, ...]
    include_hidden: bool = False
    resume: bool = False  # started before: skip what the batch already holds


class Scanner:
    def __init__(self, queue: QueueState, on_items: Any) -> None:
        self.queue = queue
        self._on_items = on_items  # wakes the scheduler when new work exists
        self._jobs: stdqueue.Queue[ScanJob | None] = stdqueue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._loop, name="scripe-scan", daemon=True)
        self._pool = ThreadPoolExecutor(SNIFF_THREADS, thread_name_prefix="scripe-sniff")

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._jobs.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def submit(self, job: ScanJob) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self.queue.scanning.add(job.batch_id)
        self._jobs.put(job)

    def resume_unfinished(self) -> int:
        """Queue again every scan a quit, kill or full disk interrupted; how many."""
        scans = [s for s in self.queue.store.unfinished_scans() if s[0] not in self.queue.scanning]
        for batch_id, roots, hidden in scans:
            self.submit(ScanJob(batch_id, tuple(Path(r) for r in roots), hidden, resume=True))
        return len(scans)

    def wait_idle(self, timeout: float | None = None) -> bool:
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                self._scan(job)
            except QueueStoreError as exc:  # disk full, file replaced: the next start resumes
                log.info("scanning batch %s stopped: %s", job.batch_id, exc)
            except CancelledError:  # the engine is stopping (its pool cancelled): not a failure
                log.info("scanning batch %s stopped with the engine", job.batch_id)
            except Exception:
                log.exception("scanning batch %s failed", job.batch_id)
            finally:
                self.queue.scanning.discard(job.batch_id)
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()

    def _scan(self, job: ScanJob) -> None:
        open_rows, done_rows = self._earlier_rows(job.batch_id)
        block: list[dict[str, Any]] = []
        pending: list[tuple[Path, str | None]] = []
        skipped = 0
        last_flush = time.monotonic()
        seen: set[str] = self.queue.store.batch_paths(job.batch_id) if job.resume else set()
        found = len(seen)

        def inspect_pending() -> None:
            nonlocal skipped
            # libmagic runs outside the GIL (ctypes), so sniffing in parallel uses every core
            rows = self._pool.map(lambda ps: self._row(job.batch_id, *ps), pending)
            for row in rows:
                block.append(row)
                skipped += row["state"] == ItemState.SKIPPED.value
            pending.clear()

        for path, skip in walk(list(job.paths), include_hidden=job.include_hidden):
            key = str(path.absolute())
            if key in seen:
                continue
            seen.add(key)
            found += 1
            if key in open_rows:  # a file already waiting for this destination: adopt it
                self.queue.update(open_rows[key], batch_id=job.batch_id)
                continue
            if key in done_rows and self._found_again(done_rows[key], path, job.batch_id):
                continue  # finished there already: no new row per re-run, the row moves
            pending.append((path, skip))
            if len(pending) >= SNIFF_BATCH:
                inspect_pending()
            if block and (len(block) >= BLOCK or time.monotonic() - last_flush > BLOCK_SECONDS):
                self._flush(block, job.batch_id, found - len(pending), skipped)
                block, last_flush = [], time.monotonic()
        inspect_pending()
        self._flush(block, job.batch_id, found, skipped)
        self.queue.store.finish_scan(job.batch_id, found, skipped)
        self.queue.scanning.discard(job.batch_id)
        self.queue.bus.emit(ScanProgress(job.batch_id, found, skipped, done=True))
        self.queue.scan_finished(job.batch_id)
        if found == 0:
            log.info("batch %s: nothing found in %s", job.batch_id, job.paths)

    def _earlier_rows(self, batch_id: int) -> tuple[dict[str, int], dict[str, list[ItemRow]]]:
        """Rows for the same destination: waiting ones (path -> id) and finished ones that a
        re-run may find again (path -> rows: duplicates, and files attached from there). One
        pass over the queue per drop, not per file."""
        batch = self.queue.batches[batch_id]
        key = batch.target.key
        open_rows: dict[str, int] = {}
        done_rows: dict[str, list[ItemRow]] = {}
        for r in self.queue.select(lambda r: self.queue.target_of(r).key == key):
            if not ItemState(r.state).finished:
                open_rows[r.path] = r.id
            elif r.state in _FOUND_AGAIN and not batch.force:
                done_rows.setdefault(r.path, []).append(r)
        return open_rows, done_rows

    def _found_again(self, rows: list[ItemRow], path: Path, batch_id: int) -> bool:
        """An unchanged file this queue already attached (or found to be a duplicate) to this
        destination: its row joins the new batch and says so; nothing is hashed or sent.

        The attached row itself moves (it keeps its state, ids and the record of what was
        attached, which twins wait on), so a re-run never adds a row, the first time or any
        other. A row whose claim was given back (a failed job) is not trusted."""
        try:
            st = path.stat()
        except OSError:
            return False
        target_key = self.queue.batches[batch_id].target.key
        for row in sorted(rows, key=lambda r: (r.state != ItemState.DONE.value, -r.id)):
            if (row.size, row.mtime_ns) != (st.st_size, st.st_mtime_ns):
                continue
            if row.state == ItemState.DUPLICATE.value:
                self.queue.update(row.id, batch_id=batch_id)
                return True
            if self.queue.duplicates.owns(row, target_key):
                self.queue.update(
                    row.id,
                    batch_id=batch_id,
                    reason=f"“{row.name}” is already in Scripe; it was not sent again.",
                    reason_code=Reason.ALREADY_ATTACHED.value,
                    reason_data={},
                )
                return True
        return False

    def _flush(self, block: list[dict[str, Any]], batch_id: int, found: int, skipped: int) -> None:
        if block:
            self.queue.insert(block)
            self._on_items()
        self.queue.bus.emit(ScanProgress(batch_id, found, skipped))

    @staticmethod
    def _row(batch_id: int, path: Path, skip: str | None) -> dict[str, Any]:
        try:
            return Scanner._inspect_row(batch_id, path, skip)
        except Exception as exc:  # one odd entry must not cost the rest of the folder
            log.warning("inspecting %r failed", path, exc_info=True)
            return {
                "batch_id": batch_id,
                "path": str(path.absolute()),
                "name": display_name(path.name),
                "state": ItemState.SKIPPED.value,
                "reason": f"“{display_name(path.name)}” can't be read.",
                "detail": repr(exc),
            }

    @staticmethod
    def _inspect_row(batch_id: int, path: Path, skip: str | None) -> dict[str, Any]:
        base: dict[str, Any] = {
            "batch_id": batch_id,
            "path": str(path.absolute()),
            "name": path.name,
        }
        if skip is not None:
            return {**base, "state": ItemState.SKIPPED.value, "reason": skip}
        found = inspect_file(path)
        base.update(size=found.size, mtime_ns=found.mtime_ns, content_type=found.content_type)
        if not found.ok:
            return {
                **base,
                "content_type": found.detected,  # shown ("a 30 MB PNG is an Image"), never sent
                "state": ItemState.SKIPPED.value,
                "reason": found.skip_reason,
                "detail": found.detail,
            }
        return {**base, "state": ItemState.WAITING.value}
