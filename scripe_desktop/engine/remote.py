"""Running an engine behind the protocol: in a child process (the app) or a thread (CLI, tests).

Why a child process: the engine's threads (scanning, hashing, HTTP, SQLite) are Python and share
one GIL; in the GUI's process every Qt callback into Python had to win it against them. In its
own process the engine can use the other core.

This module is the front end's side: starting the engine (``EngineProcess``, ``EngineThread``)
and a blocking client (``RemoteEngine``). The engine's side, which serves the pipe, is
``remote_child.py``.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import protocol as p
from .config import EngineConfig
from .events import Condition, ConditionKind, Event
from .remote_child import EngineHost, _failed_start, serve_process

log = logging.getLogger(__name__)

STOPPED = Condition(
    ConditionKind.ENGINE_STOPPED,
    "Uploading stopped unexpectedly. Nothing is lost.",
)
_STOPPED = STOPPED  # older name, still used by tests


class EngineProcessError(RuntimeError):
    """The engine process could not start or stopped unexpectedly."""


class EngineProcess:
    """An engine in a child process; ``conn`` is the front end's end of its pipe."""

    def __init__(
        self, config: EngineConfig, api_key: str | None = None, *, log_file: Path | None = None
    ) -> None:
        """``log_file``: the child's own rotating log (the window's ``engine.log``); None:
        stderr only."""
        ctx = multiprocessing.get_context("spawn")  # no fork of a process with Qt threads
        self.conn, child = ctx.Pipe()
        # The key travels inside the spawn pipe with the arguments: never argv or environ.
        level = logging.getLogger().getEffectiveLevel()
        self._proc = ctx.Process(
            target=serve_process,
            args=(config, api_key, child, level, log_file),
            name="scripe-engine",
            daemon=True,
        )
        self._proc.start()
        child.close()
        self.engine: Any = None  # not reachable from here

    @property
    def pid(self) -> int | None:
        return self._proc.pid

    def is_alive(self) -> bool:
        return self._proc.is_alive()

    def kill(self) -> None:
        if self._proc.is_alive():
            self._proc.kill()

    def join(self, timeout: float) -> None:
        self._proc.join(timeout)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(2)


class EngineThread:
    """The same protocol over an in-process pipe: the CLI and tests (``engine`` is reachable)."""

    def __init__(
        self, config: EngineConfig, api_key: str | None = None, *, engine: Any = None
    ) -> None:
        """``engine``: one already built (the CLI: its start-up errors are raised as they are)."""
        from .engine import UploadEngine

        self.conn, theirs = multiprocessing.Pipe()
        self.engine: Any = engine
        try:
            if self.engine is None:
                self.engine = UploadEngine(config, api_key)
        except Exception as exc:
            _failed_start(theirs, exc)
            self._thread = None
            return
        host = EngineHost(self.engine, theirs)
        self._thread: threading.Thread | None = threading.Thread(
            target=host.serve, name="scripe-engine-host", daemon=True
        )
        self._thread.start()

    pid = None

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def kill(self) -> None:
        """Tests: behave as a dead engine process would (the pipe closes)."""
        self.conn.close()

    def join(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)


class RemoteEngine:
    """A blocking Python client of the protocol with the UploadEngine surface (CLI, tests).

    It keeps no copy of the queue: reads are commands answered by the engine.
    """

    def __init__(
        self,
        config: EngineConfig,
        api_key: str | None = None,
        *,
        in_process: bool = False,
        engine: Any = None,
    ) -> None:
        """In a child process, or in this one (``in_process``, or around ``engine``)."""
        if engine is not None or in_process:
            self._handle: Any = EngineThread(config, api_key, engine=engine)
        else:
            self._handle = EngineProcess(config, api_key)
        self._proc = getattr(self._handle, "_proc", None)
        self._conn = self._handle.conn
        self._subs: list[Callable[[Event], None]] = []
        self._lock = threading.Lock()
        self._replies: dict[int, Any] = {}
        self._arrived = threading.Condition(self._lock)
        self._ids = iter(range(1, 1 << 62))
        self._conditions: tuple[Condition, ...] = ()
        self._batch_ids = range(0)
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="scripe-engine-read", daemon=True)
        self._reader.start()
        if not self._ready.wait(30) or self._failure is not None:
            self._handle.kill()
            raise EngineProcessError(str(self._failure or "the engine did not start")) from (
                self._failure
            )

    @property
    def engine(self) -> Any:
        """The UploadEngine itself when it runs in this process (tests), else None."""
        return self._handle.engine

    def _read(self) -> None:
        try:
            while True:
                message = p.loads(self._conn.recv_bytes())
                if isinstance(message, p.Events):
                    for event in message.events:
                        if isinstance(event, p.ev.ConditionsChanged):
                            self._conditions = event.conditions
                        for fn in list(self._subs):
                            fn(event)
                elif isinstance(message, p.Reply | p.Failure):
                    if isinstance(message, p.Failure) and message.call_id == 0:
                        if self._ready.is_set():  # an order sent without waiting failed
                            log.error("engine command failed: %s", message.message)
                            continue
                        self._failure = p.rebuild(message)
                        self._ready.set()
                        return
                    with self._lock:
                        self._replies[message.call_id] = message
                        self._arrived.notify_all()
                elif isinstance(message, p.Ready):
                    self._conditions = message.conditions
                    self._batch_ids = range(*message.batch_ids)
                    self._ready.set()
                elif isinstance(message, p.Bye):
                    return
        except (EOFError, OSError):
            if not self._ready.is_set():
                self._failure = EngineProcessError("the engine process exited while starting")
                self._ready.set()
            elif not self._closed:
                log.error("the engine process stopped unexpectedly")
                self._conditions = (*self._conditions, STOPPED)
                for fn in list(self._subs):
                    fn(p.ev.ConditionsChanged(self._conditions))
        finally:
            with self._lock:
                self._closed = True
                self._arrived.notify_all()

    def _call(self, method: str, *args: Any, wait: bool = True, **kwargs: Any) -> Any:
        if self._closed:
            raise EngineProcessError("the engine process has stopped")
        call_id = next(self._ids) if wait else 0
        try:
            with self._lock:
                self._conn.send_bytes(
                    p.dumps(p.Call(call_id, p.make_command(method, *args, **kwargs)))
                )
        except OSError as exc:
            raise EngineProcessError("the engine process has stopped") from exc
        if not wait:
            return None
        with self._lock:
            while call_id not in self._replies:
                if self._closed:
                    raise EngineProcessError("the engine process has stopped")
                self._arrived.wait(1.0)
            answer = self._replies.pop(call_id)
        if isinstance(answer, p.Failure):
            raise p.rebuild(answer)
        return answer.value

    # -- the UploadEngine surface ---------------------------------------------------------------

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        self._subs.append(callback)
        return lambda: self._subs.remove(callback) if callback in self._subs else None

    def start(self) -> None:
        self._call("start")

    def shutdown(self, timeout: float = 10.0) -> None:
        if not self._closed:
            try:
                with self._lock:
                    self._conn.send_bytes(p.dumps(p.Shutdown()))
            except OSError:
                pass
            self._reader.join(timeout)
        self._closed = True
        self._handle.join(2)
        self._conn.close()

    def add_paths(self, paths: Any, target: Any, **kwargs: Any) -> int:
        """The batch id is ours (from the reserved range): no round trip needed to learn it."""
        batch_id = kwargs.pop("batch_id", None)
        if batch_id is None:
            batch_id, self._batch_ids = self._batch_ids[0], self._batch_ids[1:]
        self._call("add_paths", [str(x) for x in paths], target, batch_id=batch_id, **kwargs)
        return batch_id

    def conditions_now(self) -> tuple[Condition, ...]:
        """Also after the engine died: then the last ones known, with "stopped"."""
        try:
            return tuple(self._call("conditions_now"))
        except EngineProcessError:
            return self._conditions

    def __getattr__(self, name: str) -> Callable[..., Any]:
        """Every other command by name; reads wait for their answer, orders do too (in order)."""
        if name.startswith("_") or name not in p.COMMANDS:
            raise AttributeError(name)
        return lambda *args, **kwargs: self._call(name, *args, **kwargs)


class CommandClient:
    """The protocol's commands on an engine in this very process, with no pipe between: what
    the window's folder watcher uses inside the engine process (``watch/host.py``). Each call is
    built as its registered command (an unknown one is refused) and run as the host runs it, so
    the folder syncer asks of the engine only what the protocol offers, wherever it runs."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        return self._engine.subscribe(callback)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_") or name not in p.COMMANDS:
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            cmd = p.make_command(name, *args, **kwargs)
            return getattr(self._engine, cmd.method)(**cmd.kwargs())

        return call
