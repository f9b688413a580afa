"""The syncer's set of open folders: re-read from the shared list, each with its rules, its
change notices (or polling, and why) and its pause. A mixin of FolderSyncer, kept apart so
each file reads in one sitting; it uses the syncer's index, settler and rescan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scripe_desktop.engine.events import ItemState, Reason

from .folders import SyncSettings, WatchedFolder
from .hints import EVENTS, POLLING, FolderWatch, Mode
from .rules import IgnoreRules


@dataclass(frozen=True)
class FolderStatus:
    path: str
    mode: str  # "events" | "polling"
    reason: str | None  # plain words when polling
    pending: int
    paused: bool


@dataclass
class Active:
    folder: WatchedFolder
    rules: IgnoreRules
    watch: FolderWatch | None
    mode: Mode
    next_poll: float = 0.0
    paused: bool = False


class FolderSet:
    _active: dict[str, Active]
    _settings: SyncSettings
    _stamp: float
    _started: bool
    folder_list: Any
    index: Any
    settler: Any
    engine: Any
    _inflight: dict[str, tuple[str, str]]

    def status(self) -> list[FolderStatus]:
        """Each open folder: events or polling (and why), files waiting to settle, paused."""
        return [
            FolderStatus(
                a.folder.path,
                a.mode.kind,
                a.mode.reason,
                len(self.settler.pending_in(a.folder.path)),
                a.paused,
            )
            for a in list(self._active.values())
        ]

    def _reload_settings(self) -> None:
        stamp = self.folder_list.stamp()
        if stamp == self._stamp and not self._pause_changed():
            return
        self._stamp = stamp
        self._settings = self.folder_list.load()
        wanted = {f.path: f for f in self._settings.folders}
        for path in [p for p in self._active if p not in wanted]:
            active = self._active.pop(path)
            if active.watch:
                active.watch.stop()
        for path, folder in wanted.items():
            paused = folder.paused or self._settings.paused()
            active = self._active.get(path)
            if active is None:
                self._active[path] = self._open(folder, paused)
                if self._started:
                    self._rescan(path, "added")
                continue
            was_paused = active.paused
            rules_changed = (folder.ignore, folder.include_hidden) != (
                active.folder.ignore,
                active.folder.include_hidden,
            )
            active.folder, active.paused = folder, paused
            if rules_changed:  # pending files a new rule ignores are dropped; freed ones found
                active.rules = IgnoreRules(folder.ignore, include_hidden=folder.include_hidden)
                self._drop_ignored(path, active.rules)
            if was_paused != paused:
                self._hold_items(path, paused)
            if (was_paused and not paused) or (rules_changed and not paused):
                self._rescan(path, "resumed" if was_paused else "rules changed")

    def _hold_items(self, folder: str, paused: bool) -> None:
        """Pausing syncing holds this folder's files the engine has not sent yet (and resuming
        lets them go); files someone dropped on the window are never touched, nor are files
        held by the window's "Pause all"."""
        paths = {p for p, (f, _rel) in self._inflight.items() if f == folder}
        if not paths:
            return
        if paused:
            ids = [i.id for i in self.engine.items() if i.path in paths and not i.state.finished]
            self.engine.pause(ids)
            return
        ids = [
            i.id
            for i in self.engine.items()
            if i.path in paths
            and i.state is ItemState.PAUSED
            and i.reason_code != Reason.PAUSED_ALL.value
        ]
        self.engine.resume(ids)

    def _drop_ignored(self, folder: str, rules: IgnoreRules) -> None:
        """A rule added while files wait to settle: those it now ignores never go up."""
        for rel, path in self.settler.pending_in(folder):
            if rules.ignored_path(rel):
                self.settler.drop(path)

    def _pause_changed(self) -> bool:
        paused = self._settings.paused()
        return any(a.paused != (a.folder.paused or paused) for a in self._active.values())

    def _open(self, folder: WatchedFolder, paused: bool) -> Active:
        rules = IgnoreRules(folder.ignore, include_hidden=folder.include_hidden)
        if not self._watch_events:
            return Active(folder, rules, None, Mode(EVENTS), paused=paused)
        watch = FolderWatch(
            folder.path,
            self._hint,
            poll_seconds=self._poll_seconds,
            force_polling=self._force_polling or folder.poll,
            observer_factory=self._observer_factory,
        )
        mode = watch.start()
        self.index.folder_meta(folder.path, mode=mode.kind, mode_reason=mode.reason)
        if mode.kind == POLLING and mode.reason:
            self._on_notice("polling", mode.reason)
        return Active(folder, rules, watch, mode, paused=paused)

    # provided by FolderSyncer
    _watch_events: bool
    _poll_seconds: float
    _force_polling: bool
    _observer_factory: Any
    _on_notice: Any

    def _rescan(self, folder: str, reason: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _hint(self, folder: str, path: str, is_dir: bool) -> None:  # pragma: no cover
        raise NotImplementedError
