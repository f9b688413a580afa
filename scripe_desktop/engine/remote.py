"""The engine in a child process, behind the same methods as :class:`UploadEngine`.

Why: the engine's threads (scanning, hashing, HTTP, SQLite) are Python and share one GIL. In
the same process as the GUI, every Qt callback into Python (each table cell painted) had to
win the GIL against them, and a busy queue froze the window for 100–200 ms at a time. In its own
process the engine can use the other core and the GUI thread only ever waits for itself.

Commands go down a pipe in order; events come back in batches every few milliseconds and are
mirrored here, so ``items()``, ``totals()`` and ``conditions_now()`` never wait for the child.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from .config import EngineConfig
from .events import (
    Condition,
    ConditionKind,
    ConditionsChanged,
    Event,
    ItemAdded,
    ItemChanged,
    ItemProgress,
    ItemRemoved,
    ItemSnapshot,
    Totals,
    TotalsChanged,
)
from .queue import Bus

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.03
_STOPPED = Condition(
    ConditionKind.ENGINE_STOPPED,
    "Uploading stopped unexpectedly. Nothing is lost: restart Scripe Desktop to continue.",
)
_EMPTY_TOTALS = Totals(0, 0, 0.0, None, False)


class EngineProcessError(RuntimeError):
    """The engine process could not start or stopped unexpectedly."""


class RemoteEngine:
    """Drop-in for UploadEngine in the GUI: same commands, same events, another process."""

    def __init__(self, config: EngineConfig, api_key: str | None = None) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a process with Qt threads
        self._conn, child = ctx.Pipe()
        self._send_lock = threading.Lock()
        self._bus = Bus()
        self._items: dict[int, ItemSnapshot] = {}
        self._progress: dict[int, int] = {}
        self._totals = _EMPTY_TOTALS
        self._conditions: tuple[Condition, ...] = ()
        self._lock = threading.Lock()
        self._replies: dict[int, Any] = {}
        self._reply_ready = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._closed = False
        # The key travels inside the pipe with the process arguments: never argv or environ.
        self._proc = ctx.Process(
            target=serve,
            args=(config, api_key, child, logging.getLogger().getEffectiveLevel()),
            name="scripe-engine",
            daemon=True,
        )
        self._proc.start()
        child.close()
        self._reader = threading.Thread(target=self._read, name="scripe-engine-events", daemon=True)
        self._reader.start()
        if not self._ready.wait(30) or self._failure is not None:
            self._proc.kill()
            raise EngineProcessError(str(self._failure or "the engine did not start")) from (
                self._failure
            )

    # -- plumbing -------------------------------------------------------------------------------

    def _read(self) -> None:
        try:
            while True:
                kind, *payload = self._conn.recv()
                if kind == "events":
                    self._apply(payload[0])
                elif kind == "reply":
                    with self._lock:
                        self._replies[payload[0]] = payload[1]
                        self._reply_ready.notify_all()
                elif kind == "snapshot":
                    items, self._totals, self._conditions = payload
                    self._items = {i.id: i for i in items}
                    self._ready.set()
                elif kind == "failed":
                    self._failure = payload[0]
                    self._ready.set()
                    return
                elif kind == "bye":
                    return
        except (EOFError, OSError):
            if not self._ready.is_set():  # died before its snapshot: fail the start at once
                self._failure = EngineProcessError("the engine process exited while starting")
                self._ready.set()
            elif not self._closed:
                log.error("the engine process stopped unexpectedly")
                self._apply([ConditionsChanged((*self._conditions, _STOPPED))])
        finally:
            with self._lock:
                self._closed = True
                self._reply_ready.notify_all()

    def _apply(self, events: list[Event]) -> None:
        """Mirror first, then tell subscribers (they may call items() at once)."""
        for event in events:
            if isinstance(event, ItemAdded | ItemChanged):
                self._items[event.item.id] = event.item
                self._progress.pop(event.item.id, None)
            elif isinstance(event, ItemProgress):
                self._progress[event.item_id] = event.bytes_sent
            elif isinstance(event, ItemRemoved):
                self._items.pop(event.item_id, None)
                self._progress.pop(event.item_id, None)
            elif isinstance(event, TotalsChanged):
                self._totals = event.totals
            elif isinstance(event, ConditionsChanged):
                self._conditions = event.conditions
            self._bus.emit(event)

    def _send(self, message: tuple[Any, ...]) -> None:
        if self._closed:
            raise EngineProcessError("the engine process has stopped")
        try:
            with self._send_lock:
                self._conn.send(message)
        except OSError as exc:  # the child died: a broken pipe
            raise EngineProcessError("the engine process has stopped") from exc

    def _call(self, name: str, *args: Any, wait: bool = False, **kwargs: Any) -> Any:
        call_id = next(self._ids) if wait else 0
        self._send(("call", call_id, name, args, kwargs))
        if not wait:
            return None
        with self._lock:
            while call_id not in self._replies:
                if self._closed:
                    raise EngineProcessError("the engine process has stopped")
                self._reply_ready.wait(1.0)
            ok, value = self._replies.pop(call_id)
        if not ok:
            raise value
        return value

    # -- the UploadEngine surface ---------------------------------------------------------------

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        return self._bus.subscribe(callback)

    def start(self) -> None:
        self._call("start", wait=True)

    def shutdown(self, timeout: float = 10.0) -> None:
        if self._closed:
            return
        with contextlib.suppress(EngineProcessError, OSError):
            self._send(("shutdown",))
        self._reader.join(timeout)
        self._closed = True
        self._proc.join(2)
        if self._proc.is_alive():
            self._proc.kill()
        self._conn.close()

    def items(self) -> list[ItemSnapshot]:
        items = list(self._items.values())
        progress = dict(self._progress)
        return [replace(i, bytes_sent=progress[i.id]) if i.id in progress else i for i in items]

    def item(self, item_id: int) -> ItemSnapshot | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def batch_items(self, batch_id: int) -> list[ItemSnapshot]:
        return [i for i in self.items() if i.batch_id == batch_id]

    def totals(self) -> Totals:
        return self._totals

    def conditions_now(self) -> tuple[Condition, ...]:
        return self._conditions

    def add_paths(self, paths: Any, target: Any, **kwargs: Any) -> int:
        return int(self._call("add_paths", [str(p) for p in paths], target, wait=True, **kwargs))

    def rate_limit(self) -> int | None:
        return self._call("rate_limit", wait=True)  # type: ignore[no-any-return]

    def concurrency(self) -> int:
        return int(self._call("concurrency", wait=True))

    def wait_scanned(self, timeout: float | None = None) -> bool:
        return bool(self._call("wait_scanned", timeout, wait=True))

    def __getattr__(self, name: str) -> Callable[..., None]:
        """Every other command (pause, retry, set_api_key, ...) is sent in order, not awaited."""
        if name.startswith("_") or name not in _COMMANDS:
            raise AttributeError(name)
        return lambda *args, **kwargs: self._call(name, *[_listify(a) for a in args], **kwargs)


_COMMANDS = frozenset(
    {
        "start_batch", "set_batch_target", "pause", "resume", "cancel", "retry", "remove",
        "pause_all", "resume_all", "retry_failed", "clear_finished", "try_now", "send_to",
        "send_copies",
        "set_concurrency", "set_rate_limit", "set_api_key",
    }
)  # fmt: skip


def _listify(value: Any) -> Any:
    """Generators (``pause(r.id for r in ...)``) cannot be pickled: send a list."""
    if hasattr(value, "__next__"):
        return list(value)
    return value


def serve(
    config: EngineConfig, api_key: str | None, conn: Connection, level: int = logging.WARNING
) -> None:
    """The child process: run an UploadEngine and relay commands and events."""
    from scripe_desktop.api import install_redaction

    from .engine import UploadEngine

    logging.basicConfig(level=level, format="%(asctime)s engine %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))  # a line per request
    install_redaction()
    send_lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with send_lock:
            conn.send(message)

    try:
        engine = UploadEngine(config, api_key)
    except Exception as exc:
        send(("failed", exc))
        return
    outbox: list[Event] = []
    outbox_lock = threading.Lock()
    done = threading.Event()

    def collect(event: Event) -> None:
        with outbox_lock:
            outbox.append(event)

    def flush() -> None:
        with outbox_lock:
            batch = outbox[:]
            outbox.clear()
        if batch:
            send(("events", batch))

    def pump() -> None:
        while not done.wait(BATCH_SECONDS):
            flush()

    engine.subscribe(collect)
    send(("snapshot", engine.items(), engine.totals(), engine.conditions_now()))
    pumper = threading.Thread(target=pump, name="scripe-engine-pump", daemon=True)
    pumper.start()
    try:
        while True:
            message = conn.recv()
            if message[0] == "shutdown":
                break
            _, call_id, name, args, kwargs = message
            try:
                flush()  # events that happened before this command reach the parent first
                result = (True, getattr(engine, name)(*args, **kwargs))
            except Exception as exc:
                log.exception("engine command %s failed", name)
                result = (False, exc)
            if call_id:
                send(("reply", call_id, result))
    except (EOFError, OSError):
        pass  # the app went away: save and stop
    finally:
        engine.shutdown()
        done.set()
        pumper.join(1)
        try:
            flush()
            send(("bye",))
        except OSError:
            pass
        time.sleep(0.01)
        conn.close()
