"""The list of watched folders and the sync pause, in one small JSON file in the state directory.

Why a file and not the queue database: the window, ``scripe-desktop watch …`` and a running
``sync`` all edit it, possibly at the same time and from different processes. Each change is a
read-modify-write under an OS lock, written to a temporary name and renamed over the old file,
so a reader never sees half a list and a crash never loses it. A running ``sync`` notices
changes by the file's modification time.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from scripe_desktop.engine.events import AttachKind, Target
from scripe_desktop.engine.lockfile import wait_lock

FOLDERS_FILE = "watched-folders.json"


class FolderError(ValueError):
    """A watched-folder request that cannot be honoured; the message is for people."""


@dataclass(frozen=True)
class WatchedFolder:
    path: str  # absolute, resolved: the folder's identity
    attach: str  # "source" | "knowledge"
    project_id: str | None = None
    paused: bool = False
    include_hidden: bool = False
    ignore: tuple[str, ...] = ()  # user patterns, gitignore-style
    poll: bool = False  # the user asked for polling (e.g. a share the app does not recognise)
    added_at: float = field(default_factory=time.time)

    @property
    def target(self) -> Target:
        return Target(AttachKind(self.attach), self.project_id)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ignore"] = list(self.ignore)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WatchedFolder:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["ignore"] = tuple(known.get("ignore") or ())
        return cls(**known)


@dataclass(frozen=True)
class SyncSettings:
    folders: tuple[WatchedFolder, ...] = ()
    paused_until: float | None = None  # epoch seconds; float("inf") = until resumed

    def paused(self, now: float | None = None) -> bool:
        return self.paused_until is not None and (now or time.time()) < self.paused_until

    def find(self, path: str | Path) -> WatchedFolder | None:
        key = normalize(path)
        return next((f for f in self.folders if f.path == key), None)


def normalize(path: str | Path) -> str:
    return str(Path(path).expanduser().resolve())


class FolderList:
    """Load and change the shared list; every change is atomic and locked."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / FOLDERS_FILE

    def load(self) -> SyncSettings:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return SyncSettings()
        except (OSError, ValueError):
            return SyncSettings()  # unreadable: treat as empty, never crash the app
        until = data.get("pausedUntil")
        folders = tuple(WatchedFolder.from_json(f) for f in data.get("folders", []))
        return SyncSettings(folders, float(until) if until is not None else None)

    def stamp(self) -> float:
        """Modification time, so a running sync can tell the list changed."""
        try:
            return self.path.stat().st_mtime_ns / 1e9
        except OSError:
            return 0.0

    def update(self, change: Callable[[SyncSettings], SyncSettings]) -> SyncSettings:
        with self._locked():
            new = change(self.load())
            self._write(new)
            return new

    # -- the operations front ends use ----------------------------------------------------------

    def add(self, folder: WatchedFolder) -> WatchedFolder:
        path = Path(folder.path)
        if not path.is_dir():
            raise FolderError(f"“{folder.path}” is not a folder.")
        folder = replace(folder, path=normalize(path))
        folder.target  # noqa: B018 - raises ValueError for sources without a project

        def change(s: SyncSettings) -> SyncSettings:
            for other in s.folders:
                if other.path == folder.path:
                    raise FolderError(f"“{folder.path}” is already watched.")
                a, b = Path(other.path), Path(folder.path)
                if b.is_relative_to(a) or a.is_relative_to(b):
                    raise FolderError(
                        f"“{folder.path}” overlaps the watched folder “{other.path}”: "
                        "a folder can be watched only once."
                    )
            return replace(s, folders=(*s.folders, folder))

        self.update(change)
        return folder

    def remove(self, path: str | Path) -> WatchedFolder:
        key = normalize(path)
        found: list[WatchedFolder] = []

        def change(s: SyncSettings) -> SyncSettings:
            found.extend(f for f in s.folders if f.path == key)
            if not found:
                raise FolderError(f"“{path}” is not a watched folder.")
            return replace(s, folders=tuple(f for f in s.folders if f.path != key))

        self.update(change)
        return found[0]

    def edit(self, path: str | Path, **values: Any) -> WatchedFolder:
        key = normalize(path)
        out: list[WatchedFolder] = []

        def change(s: SyncSettings) -> SyncSettings:
            folders = []
            for f in s.folders:
                if f.path == key:
                    f = replace(f, **values)
                    f.target  # noqa: B018 - validates attach/project together
                    out.append(f)
                folders.append(f)
            if not out:
                raise FolderError(f"“{path}” is not a watched folder.")
            return replace(s, folders=tuple(folders))

        self.update(change)
        return out[0]

    def pause_until(self, until: float | None) -> None:
        """None resumes. The time survives a restart (it is in the file)."""
        self.update(lambda s: replace(s, paused_until=until))

    # -- plumbing -------------------------------------------------------------------------------

    def _write(self, s: SyncSettings) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        until = s.paused_until
        data = {
            "version": 1,
            "pausedUntil": None if until is None else min(until, 1e15),
            "folders": [f.to_json() for f in s.folders],
        }
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=2), "utf-8")
        os.replace(tmp, self.path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a+b") as fh:
            wait_lock(fh.fileno())  # released when the file closes (lockfile.py)
            yield
