"""Keeps every watched folder in step with Scripe, on the engine's public API only.

One thread. Hints (change notices, engine events, timers) go into an inbox; the thread turns
them into rescans and pending paths, asks each due path the stability questions, decides with
the index whether it is new, a new version, a rename or nothing, and hands new work to
``engine.add_paths`` in one batch per folder. Qt-free: the window and ``scripe-desktop sync``
run the same object (the window with the engine in its child process).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.observers import Observer

from scripe_desktop.engine.events import (
    ConditionKind,
    ConditionsChanged,
    Event,
    ItemAdded,
    ItemChanged,
    ItemSnapshot,
)

from .decide import Decider
from .folders import FolderList, SyncSettings
from .folderset import Active, FolderSet
from .hints import POLLING, OverflowWatch
from .index import WatchIndex
from .recovery import reconcile
from .rules import FileStat, walk
from .stability import Settler, Verdict

INDEX_RETRY = 3.0  # a file the index could not record (a full disk) is looked at again then

log = logging.getLogger(__name__)

SETTINGS_CHECK, WAKE_GAP = 1.0, 30.0  # s between looks at the list; a wall jump this big: slept


class FolderSyncer(FolderSet):
    def __init__(
        self,
        engine: Any,
        home: Path,
        *,
        settle: float = 5.0,
        on_change: str = "upload",
        poll_seconds: float = 5.0,
        rescan_seconds: float = 3600.0,
        force_polling: bool = False,
        watch_events: bool = True,
        observer_factory: Callable[[], Any] = Observer,
        on_finished: Callable[[ItemSnapshot], None] | None = None,
        on_notice: Callable[[str, str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.folder_list = FolderList(home)
        self.index = WatchIndex(home)
        self.settler = Settler(settle, clock)
        self.decider = Decider(self.index, on_change)
        self._poll_seconds = poll_seconds
        self._rescan_seconds = rescan_seconds
        self._force_polling = force_polling
        self._watch_events = watch_events
        self._observer_factory = observer_factory
        self._on_finished = on_finished or (lambda item: None)
        self._on_notice = on_notice or (lambda kind, text: None)
        self._clock = clock
        self._wall = wall  # runs on while the machine sleeps; the monotonic clock does not
        self.rescans: deque[tuple[str, str]] = deque(maxlen=50)  # (folder, why): log, tests
        self.turns = 0  # passes of the loop, so a test can wait for "it looked and saw nothing"
        self._inbox: deque[tuple[Any, ...]] = deque()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._active: dict[str, Active] = {}
        self._settings = SyncSettings()
        self._stamp = -1.0
        self._inflight: dict[str, tuple[str, str]] = {}  # path -> (folder, rel), in the engine
        self._following: dict[int, tuple[str, str]] = {}  # attached, job still running
        self._following_paths: set[str] = set()  # the engine would merge a new version in
        self._quiet = threading.Event()
        self._gone: dict[str, set[str]] = {}  # rows whose file vanished, kept for moves
        self._offline = False
        self._started = False
        self._overflow = OverflowWatch(lambda: self.rescan(None, "overflow"))
        self._thread = threading.Thread(target=self._run, name="scripe-watch", daemon=True)
        self._unsubscribe: Callable[[], None] | None = None

    # -- public ---------------------------------------------------------------------------------

    def start(self) -> None:
        self._unsubscribe = self.engine.subscribe(self._on_engine_event)
        self._overflow.install()
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._overflow.remove()
        if self._unsubscribe:
            self._unsubscribe()
        for active in self._active.values():
            if active.watch:
                active.watch.stop()
        self.index.close()

    def rescan(self, folder: str | None, reason: str) -> None:
        """Ask for a rescan of one folder (or all): after wake, reconnect, overflow, …"""
        self._post(("rescan", folder, reason))

    def wait_idle(self, timeout: float | None = None, *, jobs: bool = False) -> bool:
        """True once nothing is pending, left to scan or being uploaded; with ``jobs`` also
        once Scripe finished processing every attached file (``sync --once``)."""
        return (self._quiet if jobs else self._idle).wait(timeout)

    # -- inbox (any thread) ---------------------------------------------------------------------

    def _post(self, message: tuple[Any, ...]) -> None:
        self._inbox.append(message)
        self._idle.clear()
        self._quiet.clear()
        self._wake.set()

    def _hint(self, folder: str, path: str, is_dir: bool) -> None:
        self._post(("hint", folder, path, is_dir))

    def _on_engine_event(self, event: Event) -> None:
        if isinstance(event, ItemAdded | ItemChanged):
            item = event.item  # only what _on_item acts on: progress events would flood us
            if (item.path in self._inflight and (item.state.finished or item.job_id)) or (
                item.id in self._following and item.state.finished
            ):
                self._post(("item", item))
        elif isinstance(event, ConditionsChanged):
            offline = any(c.kind is ConditionKind.OFFLINE for c in event.conditions)
            if self._offline and not offline:
                self.rescan(None, "network back")
            self._offline = offline

    # -- the thread -----------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._reload_settings()
            self._reconcile()
            for path, active in self._active.items():  # a pause that began or ended meanwhile
                self._hold_items(path, active.paused)
                self._rescan(path, "start")
            self._started = True
            next_full = self._clock() + self._rescan_seconds
            last = (self._wall(), self._clock())
            next_settings = self._clock() + SETTINGS_CHECK
            while not self._stop.is_set():
                self._wake.clear()
                now = self._clock()
                wall = self._wall()
                if (wall - last[0]) - (now - last[1]) > WAKE_GAP:
                    self.rescan(None, "wake")
                last = (wall, now)
                if now >= next_settings:
                    self._reload_settings()
                    next_settings = now + SETTINGS_CHECK
                if now >= next_full:
                    self.rescan(None, "hourly")
                    next_full = now + self._rescan_seconds
                self._drain()
                self._poll_due(now)
                self._settle_due()
                timeout = self._timeout(next_full, next_settings)
                if not self._inbox and not self.settler and not self._inflight:
                    self._idle.set()
                    if not self._following:
                        self._quiet.set()
                self.turns += 1
                self._wake.wait(timeout)
        except Exception:
            log.exception("the folder watcher stopped")

    def _timeout(self, *deadlines: float) -> float:
        now = self._clock()
        waits = [d - now for d in deadlines]
        due = self.settler.next_due()
        if due is not None:
            waits.append(due)
        waits += [a.next_poll - now for a in self._active.values() if a.mode.kind == POLLING]
        return max(0.01, min(waits))

    def _drain(self) -> None:
        finished: dict[str, list[tuple[str, int, str, str | None]]] = {}
        rescans: dict[str | None, str] = {}
        while self._inbox:
            kind, *rest = self._inbox.popleft()
            if kind == "hint":
                self._on_hint(*rest)
            elif kind == "item":
                self._on_item(rest[0], finished)
            elif kind == "rescan":
                rescans.setdefault(rest[0], rest[1])
        for folder, done in finished.items():
            self.index.finish(folder, done)
        if None in rescans:
            rescans = dict.fromkeys(self._active, rescans[None])
        for folder, reason in rescans.items():
            if folder in self._active:
                self._rescan(folder, reason)

    def _on_hint(self, folder: str, path: str, is_dir: bool) -> None:
        active = self._active.get(folder)
        if active is None or not path.startswith(folder.rstrip("/") + os.sep):
            return
        rel = Path(os.path.relpath(path, folder)).as_posix()
        if active.rules.ignored_path(rel):
            return
        if is_dir:  # a folder created or moved in: everything inside is new to us
            if os.path.isdir(path) and not os.path.islink(path):
                for sub, st in walk(Path(folder), active.rules, below=rel):
                    self.settler.touch(folder, sub, os.path.join(folder, sub), st)
            return
        self.settler.touch(folder, rel, path)

    def _on_item(self, item: ItemSnapshot, finished: dict[str, list[Any]]) -> None:
        """Attached (or finished): the watcher's part is done and the file is looked at again;
        the final outcome (processing in Scripe) is recorded and reported when it comes."""
        if item.id in self._following:
            if item.state.finished:
                folder, rel = self._following.pop(item.id)
                self._following_paths.discard(item.path)
                finished.setdefault(folder, []).append(
                    (rel, item.id, item.state.value, item.reason)
                )
                self._on_finished(item)
            return
        where = self._inflight.get(item.path)
        if where is None or not (item.state.finished or item.job_id):
            return
        del self._inflight[item.path]
        folder, rel = where
        if item.state.finished:
            finished.setdefault(folder, []).append((rel, item.id, item.state.value, item.reason))
            self._on_finished(item)
        else:
            self._following[item.id] = where
            self._following_paths.add(item.path)
            self.index.item_known(folder, rel, item.id)
        row = self.index.get(folder, rel)
        st = self.decider.current(folder, rel)
        if row is not None and st is not None and st != row.stat:  # changed meanwhile
            self.settler.touch(folder, rel, item.path, st)

    # -- rescans --------------------------------------------------------------------------------

    def _rescan(self, folder: str, reason: str) -> None:
        active = self._active[folder]
        root = Path(folder)
        if active.paused:
            return
        if not root.is_dir():
            log.warning("watched folder %s is missing; nothing is forgotten", folder)
            return
        t0 = time.monotonic()
        known = self.index.known(folder)
        seen = 0
        for rel, st in walk(root, active.rules):
            seen += 1
            old = known.pop(rel, None)
            if old is not None and old == (st.size, st.mtime_ns, st.ino):
                continue
            self.settler.touch(folder, rel, os.path.join(folder, rel), st)
        gone = {rel for rel in known if os.path.join(folder, rel) not in self._inflight}
        if gone:
            self._gone.setdefault(folder, set()).update(gone)
        took = time.monotonic() - t0
        self.index.folder_meta(folder, last_scan=time.time())
        self.rescans.append((folder, reason))
        if active.mode.kind == POLLING:  # never spend more than a tenth of the time polling
            active.next_poll = self._clock() + max(self._poll_seconds, 10 * took)
        log.info("rescan of %s (%s): %d files in %.2f s", folder, reason, seen, took)

    def _poll_due(self, now: float) -> None:
        for path, active in self._active.items():
            if active.mode.kind == POLLING and active.watch and now >= active.next_poll:
                self._rescan(path, "poll")

    # -- stable files ---------------------------------------------------------------------------

    def _settle_due(self) -> None:
        work: dict[str, list[tuple[str, FileStat, str | None, int]]] = {}
        due = self.settler.due()
        if due:  # a destination changed or a pause began a moment ago: honour it now
            self._reload_settings()
        for folder, rel, path in due:
            active = self._active.get(folder)
            if active is None or active.paused:
                self.settler.drop(path)  # a rescan on resume finds it again
                continue
            if path in self._inflight or path in self._following_paths:
                # its previous version is still with the engine (uploading, or processing in
                # Scripe), which would take a new version for the same file: look again later
                self.settler.hold(folder, rel, path, None, self.settler.settle * 2)
                continue
            verdict, st = self.settler.check(path)
            if verdict != Verdict.STABLE or st is None:
                continue
            try:
                todo = self.decider.decide(folder, rel, st, self._gone.get(folder, set()))
            except sqlite3.Error as exc:  # the index can't be written (a full disk): later
                log.info("%s: not recorded yet (%s); looking again in a moment", path, exc)
                self.settler.hold(folder, rel, path, None, INDEX_RETRY)
                continue
            if todo is not None:
                work.setdefault(folder, []).append(todo)
        for folder, rows in work.items():
            self._hand_over(folder, rows)
        for folder in list(self._gone):
            if folder not in self.settler.folders():  # no move can still claim them
                self.index.forget(folder, self._gone.pop(folder))

    def _hand_over(self, folder: str, rows: list[tuple[str, FileStat, str | None, int]]) -> None:
        active = self._active[folder]
        paths = [os.path.join(folder, rel) for rel, *_ in rows]
        try:
            self.index.record(folder, rows, "queued")
        except sqlite3.Error as exc:  # the index can't be written (a full disk): nothing is
            log.info("%s: %d file(s) not recorded yet (%s)", folder, len(rows), exc)  # lost:
            for path, (rel, *_) in zip(paths, rows, strict=True):  # they are looked at again
                self.settler.hold(folder, rel, path, None, INDEX_RETRY)
            return
        for path, (rel, *_) in zip(paths, rows, strict=True):
            self._inflight[path] = (folder, rel)  # before add_paths: its events may be quick
        # a queue that can't be written holds them and adds them later (engine/held_drops.py)
        batch = self.engine.add_paths(paths, active.folder.target)
        try:
            self.index.queued(folder, [rel for rel, *_ in rows], batch)
        except sqlite3.Error as exc:  # the engine has them; a restart hands them over again
            # (recovery.py: harmless, the queue knows them)
            log.info("%s: batch %s not recorded in the index (%s)", folder, batch, exc)
        log.info("%s: %d file(s) handed to the engine (batch %s)", folder, len(rows), batch)

    def _reconcile(self) -> None:
        state = reconcile(self.index, self.engine.items)
        self._inflight.update(state.inflight)
        self._following.update(state.following)
        self._following_paths.update(os.path.join(*where) for where in state.following.values())
        for folder, rel, path in state.again:
            if folder in self._active:
                self.settler.touch(folder, rel, path)
