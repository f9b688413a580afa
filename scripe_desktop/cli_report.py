"""How the command line reports: a live progress line on a terminal, one line or one JSON
object per finished file, and a summary. Scripts depend on the JSON shape: keep it stable."""

from __future__ import annotations

import json
import sys
import threading
from typing import IO, Any

from .engine.events import AttachKind, ItemSnapshot, ItemState, Totals
from .engine.inspect import human_size
from .reason_words import item_reason

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def cli_status(item: ItemSnapshot) -> str:
    """The contract's status words: attached, uploaded, skipped, duplicate, failed."""
    state = item.state
    if state is ItemState.SKIPPED:
        return "skipped"
    if state is ItemState.DUPLICATE:
        return "duplicate"
    if state in (ItemState.FAILED, ItemState.CANCELLED, ItemState.NEEDS_DESTINATION):
        return "failed"
    if item.target.kind is AttachKind.NONE:
        return "uploaded" if state is ItemState.DONE else "failed"
    if item.job_id:
        return "attached"
    return "uploaded" if item.upload_id else "failed"


def item_record(item: ItemSnapshot) -> dict[str, Any]:
    return {
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
        self._progress_len = 0

    def finished(self, item: ItemSnapshot) -> None:
        with self._lock:
            if item.id in self._reported:
                return
            self._reported.add(item.id)
            record = item_record(item)
            status = record["status"]
            self.counts[status] = self.counts.get(status, 0) + 1
            self._clear_progress()
            if self.as_json:
                self.out.write(json.dumps(record) + "\n")
            else:
                self.out.write(_human_line(item, status) + "\n")
            self.out.flush()

    def progress(self, items: list[ItemSnapshot], done: int, totals: Totals) -> None:
        """``3/10 files · 12 MB of 40 MB · 3.1 MB/s · about 9 s left`` on one rewritten line."""
        if not self.live:
            return
        size = sum(i.size for i in items)
        sent = sum(i.size if i.state.finished or i.job_id else i.bytes_sent for i in items)
        speed = totals.bytes_per_second
        eta = f" · about {_duration(totals.eta_seconds)} left" if totals.eta_seconds else ""
        rate = f" · {human_size(speed)}/s" if speed else ""
        line = f"{done}/{len(items)} files · {human_size(sent)} of {human_size(size)}{rate}{eta}"
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
            counts = {k: self.counts.get(k, 0) for k in _STATUSES}
            counts["total"] = sum(self.counts.values())
            if self.as_json:
                self.out.write(json.dumps({"summary": counts}) + "\n")
            else:
                parts = [f"{v} {k}" for k, v in counts.items() if v and k != "total"]
                self.out.write(f"Done: {', '.join(parts) or 'nothing to do'}.\n")
            self.out.flush()

    def _clear_progress(self) -> None:
        if self.live and self._progress_len:
            self.err.write("\r" + " " * self._progress_len + "\r")
            self._progress_len = 0


_STATUSES = ("attached", "uploaded", "skipped", "duplicate", "failed")


def _human_line(item: ItemSnapshot, status: str) -> str:
    if status in ("skipped", "duplicate", "failed"):
        return f"{status:9} {item.path}: {item_reason(item) or ''}".rstrip()
    extra = item.result_id or item.job_id or item.upload_id or ""
    return f"{status:9} {item.path} ({human_size(item.size)}) {extra}".rstrip()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
