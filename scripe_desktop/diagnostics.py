"""The text a user pastes into a support request ("Copy diagnostics" in Help → About).

Plain Python, no Qt, so the CLI or a test can build it too. It says what support asks first
(version, OS, Qt, which keyring holds the key, what the queue holds, what went wrong lately)
and never the key: the API key is not an input here, and the finished text goes through the
same redaction as the log, so a key that slipped into an error message is cut out as well.
"""

from __future__ import annotations

import platform
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .api.redact import redact
from .engine.config import default_home
from .engine.events import Condition, ItemSnapshot, ItemState
from .logfile import LOG_FILE, app_log_file, engine_log_beside

MAX_LOG_LINES = 10
MAX_ITEM_ERRORS = 10
TAIL_BYTES = 256 * 1024
_STAMP = len("2024-05-14 10:00:00,123")  # the start of each line (logfile.LOG_FORMAT)


def log_file() -> Path:
    """The file the window logs to (``logfile.LOG_FILE``), else the default place."""
    return app_log_file() or default_home() / LOG_FILE


def log_folder() -> Path:
    return log_file().parent


def os_description() -> str:
    """``Debian GNU/Linux 12 (Linux 6.1.0, x86_64)``, ``Windows 11 (10.0.22631, AMD64)``..."""
    system, release, machine = platform.system(), platform.release(), platform.machine()
    if system == "Linux":
        try:
            name = platform.freedesktop_os_release().get("PRETTY_NAME", "Linux")
        except OSError:
            name = "Linux"
        return f"{name} (Linux {release}, {machine})"
    if system == "Darwin":
        return f"macOS {platform.mac_ver()[0]} ({machine})"
    if system == "Windows":
        return f"Windows {release} ({platform.version()}, {machine})"
    return f"{system} {release} ({machine})"


def recent_log_problems(path: Path, limit: int = MAX_LOG_LINES) -> list[str]:
    """The last WARNING/ERROR/CRITICAL lines of the window's log and of its engine process's
    log beside it, merged by time; the engine's marked ``[engine]``. Reads each file's last
    256 KiB."""
    window = [(line[:_STAMP], line) for line in _problems_in(path)]
    engine = [(line[:_STAMP], f"[engine] {line}") for line in _problems_in(engine_log_beside(path))]
    merged = sorted(window + engine, key=lambda pair: pair[0])  # stable: each file's own order
    return [line for _, line in merged[-limit:]]


def _problems_in(path: Path) -> list[str]:
    try:
        with path.open("rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - TAIL_BYTES))
            tail = f.read().decode("utf-8", "replace")
    except OSError:
        return []
    marks = (" WARNING ", " ERROR ", " CRITICAL ")
    return [line for line in tail.splitlines() if any(m in line for m in marks)]


@dataclass
class Diagnostics:
    """Everything the report says; ``text()`` renders it."""

    qt: str = "not loaded"
    keyring_backend: str = "unknown"
    items: Sequence[ItemSnapshot] = ()
    conditions: Sequence[Condition] = ()
    counts: Mapping[str, int] | None = None  # files per state, when not counted from ``items``
    log_path: Path = field(default_factory=log_file)
    extra: dict[str, str] = field(default_factory=dict)

    def queue_counts(self) -> dict[str, int]:
        counts = Counter(self.counts or {}) or Counter(item.state.value for item in self.items)
        return {state.value: counts[state.value] for state in ItemState if counts[state.value]}

    def item_errors(self) -> list[str]:
        failed = [i for i in self.items if i.state is ItemState.FAILED]
        failed.sort(key=lambda i: i.updated_at, reverse=True)
        lines = []
        for item in failed[:MAX_ITEM_ERRORS]:
            when = _stamp(item.updated_at)
            detail = f" [{item.detail}]" if item.detail else ""
            lines.append(f"{when} {item.name}: {item.reason or 'failed'}{detail}")
        return lines

    def text(self) -> str:
        counts = self.queue_counts()
        queue = ", ".join(f"{n} {state}" for state, n in counts.items()) or "empty"
        out = [
            f"Scripe Desktop {__version__} ({'installed bundle' if _frozen() else 'from source'})",
            f"OS: {os_description()}",
            f"Python: {platform.python_version()}",
            f"Qt: {self.qt}",
            f"Keyring back end: {self.keyring_backend}",
            f"Log file: {self.log_path} (and {engine_log_beside(self.log_path).name} beside it)",
            *(f"{k}: {v}" for k, v in self.extra.items()),
            f"Queue: {queue} (total {sum(counts.values())})",
            "Now: " + ("; ".join(f"{c.kind.value}: {c.message}" for c in self.conditions) or "ok"),
        ]
        out += _section("Last failed files", self.item_errors())
        out += _section("Last problems in the log", recent_log_problems(self.log_path))
        out.append(f"Generated: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S UTC')}")
        return redact("\n".join(out)) + "\n"


def _section(title: str, lines: Iterable[str]) -> list[str]:
    body = [f"  {line}" for line in lines]
    return [f"{title}:", *body] if body else [f"{title}: none"]


def _stamp(epoch: float) -> str:
    if not epoch:
        return "?"
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
