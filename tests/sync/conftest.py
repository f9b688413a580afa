"""Fixtures for watched-folder tests: the real sandbox, real engines, real inotify.

Evidence comes from the sandbox's records (what was attached, under which name, with which
bytes), never from the client's own claims.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scripe_desktop.engine.watch import FolderList, FolderSyncer, WatchedFolder
from scripe_desktop.sandbox import Sandbox
from tests.engine.conftest import make_engine, project_id, sandbox, wait_for  # noqa: F401

SETTLE = 0.4


@pytest.fixture
def engine_kind() -> str:
    """The watcher drives the engine object itself (tests/engine also runs it over the
    protocol); the window's engine process is covered by tests/ui/test_watched_folders.py."""
    return "direct"


def attached(sb: Sandbox) -> list[dict[str, Any]]:
    """Every source or knowledge document, with the name and the bytes' SHA-256 it got."""
    rec = sb.records()
    by_id = {u["id"]: u for u in rec["uploads"]}
    return [
        {"name": a["name"], "sha256": by_id[a["uploadId"]]["sha256"], "projectId": a["projectId"]}
        for a in rec["sources"] + rec["knowledge"]
    ]


def names(sb: Sandbox) -> Counter[str]:
    return Counter(a["name"] for a in attached(sb))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def wait_names(sb: Sandbox, expected: dict[str, int], timeout: float = 30.0) -> None:
    """Wait until at least these names were attached that many times."""

    def ok() -> bool:
        got = names(sb)
        return all(got[n] >= c for n, c in expected.items())

    wait_for(ok, timeout, f"attachments {expected}; have {dict(names(sb))}")


@pytest.fixture
def watched(tmp_path: Path) -> Path:
    folder = tmp_path / "watched"
    folder.mkdir()
    return folder


@pytest.fixture
def make_syncer(
    tmp_path: Path,
    make_engine: Callable[..., Any],  # noqa: F811
) -> Iterator[Callable[..., FolderSyncer]]:
    syncers: list[FolderSyncer] = []

    def make(
        folder: Path,
        *,
        attach: str = "knowledge",
        project: str | None = None,
        settle: float = SETTLE,
        add: bool = True,
        engine_cfg: dict[str, Any] | None = None,
        **kw: Any,
    ) -> FolderSyncer:
        home = tmp_path / "home"
        if add:
            FolderList(home).add(WatchedFolder(str(folder), attach, project))
        engine, _ = make_engine(home=home, **(engine_cfg or {}))
        syncer = FolderSyncer(engine, home, settle=settle, **kw)
        syncer.start()
        syncers.append(syncer)
        return syncer

    yield make
    for s in syncers:
        with contextlib.suppress(Exception):
            s.stop(5)
