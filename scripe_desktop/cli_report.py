"""How the command line reports: a live progress line on a terminal, one line or one JSON
object per finished file, and a summary. Scripts depend on the JSON shape: keep it stable."""

from __future__ import annotations

import json
import sys
import threading
from typing import IO, Any

from .engine.events import AttachKind, ItemSnapshot, ItemState, Reason, Totals
from .engine.inspect import human_size
from .reason_words import item_reason

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def cli_status(item: ItemSnapshot) -> str:
    """The contract's status words: attached, uploaded, skipped, duplicate, failed."""
    state = item.state
    if state is ItemState.SKIPPED:
        return "skipped"
    if state is ItemState.DUPLICATE or item.reason_code == Reason.ALREADY_ATTACHED:
        return "duplicate"  # the second: attached by an earlier run, found again, not re-sent
    if state in (ItemState.FAILED, ItemState.CANCELLED, ItemState.NEEDS_DESTINATION):
        return "failed"
    if item.target.kind is AttachKind.NONE:
        return "uploaded" if state is ItemState.DONE else "failed"
    if item.job_id or state is ItemState.DONE:  # DONE without a job: attached earlier
        return "attached"
    return "uploaded" if item.upload_id else "failed"


def item_record(item: ItemSnapshot) -> dict[str, Any]:
    """The stable JSON shape (plus an internal ``notAttached`` flag, never printed)."""
    return {
        "notAttached": cli_status(item) == "uploaded" and item.target.kind is not AttachKind.NONE,
        "path": item.path,
        "status": cli_status(item),
        "reason": item_reason(item),
        "contentType": item.content_type,
        "size": item.size,
        "uploadId": item.upload_id,
        "jobId": item.job_id,
        "jobStatus": item.job_status,
        "resultId": item.result_id,
    }


class Reporter:
    """Prints what finished, once per item, and a progress line when stderr is a terminal."""

    def __init__(self, *, as_json: bool, out: IO[str] = sys.stdout, err: IO[str] = sys.stderr):
        self.as_json = as_json
        self.out = out
        self.err = err
        self.live = err.isatty() and not as_json
        self._lock = threading.Lock()
        self._reported: set[int] = set()
        self.counts: dict[str, int] = {}
        self.not_attached = 0  # "uploaded" items that were meant to be attached
        self._progress_len = 0

    def finished(self, item: ItemSnapshot) -> None:
        with self._lock:
            if item.id in self._reported:
                return
            self._reported.add(item.id)
            self._write(item_record(item))

    def path_failed(self, path: str, reason: str) -> None:
        """A named path that could not even be looked at (missing, unreadable)."""
        record: dict[str, Any] = {k: None for k in _FIELDS}
        record.update(path=path, status="failed", reason=reason, size=0)
        with self._lock:
            self._write(record)

    def _write(self, record: dict[str, Any]) -> None:
        """Count and print one record; the caller holds the lock."""
        status = record["status"]
        self.counts[status] = self.counts.get(status, 0) + 1
        if record.pop("notAttached", False):
            self.not_attached += 1
        self._clear_progress()
        if self.as_json:
            self.out.write(json.dumps(record) + "\n")
        else:
            self.out.write(_human_line(record) + "\n")
        self.out.flush()

    def progress(self, done: int, count: int, size: int, sent: int, totals: Totals) -> None:
        """``3/10 files · 12 MB of 40 MB · 3.1 MB/s · about 9 s left`` on one rewritten line."""
        if not self.live:
            return
        speed = totals.bytes_per_second
        eta = f" · about {_duration(totals.eta_seconds)} left" if totals.eta_seconds else ""
        rate = f" · {human_size(speed)}/s" if speed else ""
        line = f"{done}/{count} files · {human_size(sent)} of {human_size(size)}{rate}{eta}"
        with self._lock:
            self.err.write("\r" + line.ljust(self._progress_len))
            self.err.flush()
            self._progress_len = len(line)

    def message(self, text: str) -> None:
        with self._lock:
            self._clear_progress()
            self.err.write(text + "\n")
            self.err.flush()

    def summary(self) -> None:
        with self._lock:
            self._clear_progress()
            counts: dict[str, int] = {k: self.counts.get(k, 0) for k in _STATUSES}
            counts["total"] = sum(self.counts.values())
            if self.not_attached:  # only then: scripts comparing the summary stay unchanged
                counts["notAttached"] = self.not_attached
            if self.as_json:
                self.out.write(json.dumps({"summary": counts}) + "\n")
            else:
                parts = [f"{v} {k}" for k, v in counts.items() if v and k in _STATUSES]
                if self.not_attached:
                    parts.append(f"{self.not_attached} not attached yet")
                self.out.write(f"Done: {', '.join(parts) or 'nothing to do'}.\n")
            self.out.flush()

    def _clear_progress(self) -> None:
        if self.live and self._progress_len:
            self.err.write("\r" + " " * self._progress_len + "\r")
            self._progress_len = 0

    def exit_code(self) -> int:
        """1 when a file failed or was left unattached: the summary shows why."""
        return EXIT_FAILED if self.counts.get("failed") or self.not_attached else EXIT_OK


_STATUSES = ("attached", "uploaded", "skipped", "duplicate", "failed")
_FIELDS = (
    "path",
    "status",
    "reason",
    "contentType",
    "size",
    "uploadId",
    "jobId",
    "jobStatus",
    "resultId",
)


def _human_line(record: dict[str, Any]) -> str:
    status, path, reason = record["status"], record["path"], record["reason"]
    if status in ("skipped", "duplicate", "failed"):
        return f"{status:9} {path}: {reason or ''}".rstrip()
    extra = record["resultId"] or record["jobId"] or record["uploadId"] or ""
    line = f"{status:9} {path} ({human_size(record['size'] or 0)}) {extra}".rstrip()
    return f"{line} — {reason}" if reason else line


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
