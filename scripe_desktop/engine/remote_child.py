"""The engine side of the protocol: what runs in the child process (or the engine's thread).

Why one sender: every message the engine side writes (events, replies, the farewell) goes through
one queue and one thread, so they leave in the order they happened, by construction. Commands are
read and run in order on one thread; a command that waits (``wait_scanned``) runs on its own.

``serve_process`` is the spawned child's entry point (``EngineProcess`` in ``remote.py`` names it
as its target); it lives here so the child imports only the engine side.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from . import protocol as p
from .arenas import fewer_malloc_arenas
from .config import EngineConfig
from .events import Event, ItemProgress, TotalsChanged
from .priority import run_in_background
from .store_safety import QueueStoreError

log = logging.getLogger(__name__)

GATHER_SECONDS = 0.002  # after a first event, let a few more join its message
MAX_EVENTS_PER_MESSAGE = 500  # a message decodes in a few ms on the GUI thread
SNAPSHOT_CHUNK = 500
BATCH_ID_BLOCK = 1 << 20


class EngineHost:
    """The engine side of one connection: runs commands, sends events and replies in order."""

    def __init__(self, engine: Any, conn: Connection) -> None:
        self.engine = engine
        self.conn = conn
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_loop, name="scripe-engine-send")
        self._steps: deque[tuple[p.Call, Iterator[Any]]] = deque()  # stepwise, oldest first

    def serve(self) -> None:
        """Until Shutdown or a closed pipe; then stop the engine (it saves) and say Bye."""
        self.engine.subscribe(self._outbox.put)  # first, so no event falls before the snapshot
        items = self.engine.items()
        for start in range(0, len(items), SNAPSHOT_CHUNK):
            self._write(p.SnapshotPart(items[start : start + SNAPSHOT_CHUNK]))
        ids = self.engine.reserve_batch_ids(BATCH_ID_BLOCK)
        self._write(p.Ready(self.engine.totals(), tuple(self.engine.conditions_now()), ids))
        self._sender.start()
        try:
            while True:
                if self._steps and not self.conn.poll(0):
                    self._step()  # nothing else to do: the next chunk of a long command
                    continue
                message = self._receive()
                if isinstance(message, p.Shutdown):
                    break
                if isinstance(message, p.Call):
                    self._run(message)
        except (EOFError, OSError):
            pass  # the front end went away: save and stop
        finally:
            try:
                while self._steps:  # a remove asked for is finished before the engine stops
                    self._step()
                self.engine.shutdown()
            except QueueStoreError as exc:  # already told; the next start recovers the rest
                log.info("stopping the engine could not record everything: %s", exc)
            finally:
                self._outbox.put(p.Bye())
                self._sender.join(5)
                self.conn.close()

    def _receive(self) -> Any:
        """The next message; one that is not part of the protocol is refused (its caller gets
        a Failure, so nothing waits forever) and the engine goes on."""
        payload = self.conn.recv_bytes()
        try:
            return p.loads(payload)
        except p.ProtocolError as exc:
            log.error("refused a message from the front end: %s", exc)
            call_id = p.call_id_of(payload)
            if call_id:
                self._outbox.put(p.refused(call_id, "an undecodable command"))
            return None

    def _run(self, call: p.Call) -> None:
        cmd = call.command
        if p.COMMANDS.get(getattr(cmd, "method", "")) is not type(cmd):  # outside the registry
            log.error("refused %r: not an engine command", type(cmd).__name__)
            if call.call_id:
                self._outbox.put(p.refused(call.call_id, type(cmd).__name__))
            return
        if cmd.blocking:
            threading.Thread(target=self._execute, args=(call,), daemon=True).start()
        elif cmd.stepwise:
            try:
                steps = iter(getattr(self.engine, cmd.method + "_steps")(**cmd.kwargs()))
            except Exception as exc:
                self._outbox.put(p.failure_of(call.call_id, exc))
                return
            self._steps.append((call, steps))
            self._step()  # its first step at once, in the order the commands came
        else:
            self._execute(call)

    def _step(self) -> None:
        """One step of the oldest stepwise command; its reply when it has no more."""
        call, steps = self._steps[0]
        try:
            next(steps)
            return
        except StopIteration:
            reply: Any = p.Reply(call.call_id, None) if call.call_id else None
        except Exception as exc:
            log.exception("engine command %s failed", call.command.method)
            reply = p.failure_of(call.call_id, exc)
        self._steps.popleft()
        if reply is not None:
            self._outbox.put(reply)

    def _execute(self, call: p.Call) -> None:
        cmd = call.command
        try:
            value = getattr(self.engine, cmd.method)(**cmd.kwargs())
        except Exception as exc:
            log.exception("engine command %s failed", cmd.method)
            self._outbox.put(p.failure_of(call.call_id, exc))
            return
        if call.call_id:
            self._outbox.put(p.Reply(call.call_id, value))

    def _write(self, message: Any) -> None:
        self.conn.send_bytes(p.dumps(message))

    def _write_events(self, events: list[Event]) -> None:
        """One message; if an event cannot be encoded (a bug), the others still go."""
        try:
            payload = p.dumps(p.Events(events))
        except p.ProtocolError:
            log.exception("an engine event could not be encoded; sending the others")
            payload = p.dumps(p.Events([e for e in events if _encodable(e)]))
        self.conn.send_bytes(payload)

    def _send_loop(self) -> None:
        """The only writer once the snapshot is out: events grouped, replies in their place."""
        while True:
            item = self._outbox.get()
            trailer = item if isinstance(item, _MESSAGES) else None
            pending: list[Event] = [] if trailer else [item]
            if pending:
                time.sleep(GATHER_SECONDS)
                while len(pending) < MAX_EVENTS_PER_MESSAGE:
                    try:
                        item = self._outbox.get_nowait()
                    except queue.Empty:
                        break
                    if isinstance(item, _MESSAGES):
                        trailer = item
                        break
                    pending.append(item)
            try:
                if pending:
                    self._write_events(_coalesce(pending))
                if trailer is not None:
                    self._write(trailer)
            except p.ProtocolError:
                log.exception("an engine message could not be encoded")
            except OSError:
                return  # the front end is gone
            if isinstance(trailer, p.Bye):
                return


_MESSAGES = (p.Reply, p.Failure, p.Bye)


def _encodable(event: Event) -> bool:
    try:
        p.encode(event)
    except p.ProtocolError:
        return False
    return True


def _coalesce(events: list[Event]) -> list[Event]:
    """Keep order; drop a byte count or totals that a later one in the same message replaces."""
    seen_progress: set[int] = set()
    seen_totals = False
    kept: list[Event] = []
    for event in reversed(events):
        if isinstance(event, ItemProgress):
            if event.item_id in seen_progress:
                continue
            seen_progress.add(event.item_id)
        elif isinstance(event, TotalsChanged):
            if seen_totals:
                continue
            seen_totals = True
        kept.append(event)
    kept.reverse()
    return kept


def _failed_start(conn: Connection, exc: BaseException) -> None:
    try:
        conn.send_bytes(p.dumps(p.failure_of(0, exc)))
    finally:
        conn.close()


def serve_process(
    config: EngineConfig,
    api_key: str | None,
    conn: Connection,
    level: int = logging.WARNING,
    log_file: Path | None = None,
) -> None:
    """The child process's entry point."""
    from .engine import UploadEngine

    fewer_malloc_arenas()  # before the engine starts its threads
    run_in_background()  # the window's event loop comes first (engine/priority.py)
    _setup_logging(level, log_file)
    try:
        engine = UploadEngine(config, api_key)
    except Exception as exc:
        _failed_start(conn, exc)
        return
    from .watch.host import BackgroundSync  # the app's watched folders (engine/watch/host.py)

    EngineHost(BackgroundSync(engine, config.home), conn).serve()


def _setup_logging(level: int, log_file: Path | None) -> None:
    """stderr as before, and the window's ``engine.log`` (``logfile.py``): this process is its
    only writer, so it rotates it alone. Every handler redacts keys, as the window's do."""
    from scripe_desktop.api import install_redaction
    from scripe_desktop.logfile import file_handler

    logging.basicConfig(level=level, format="%(asctime)s engine %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))  # a line per request
    problem: OSError | None = None
    if log_file is not None:
        try:
            logging.getLogger().addHandler(file_handler(log_file))
        except OSError as exc:  # an unwritable log folder must not stop the uploads
            problem = exc
    install_redaction()
    if problem is not None:
        log.warning("cannot write the engine log %s: %s", log_file, problem)
