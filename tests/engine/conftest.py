"""Fixtures for engine tests: a real sandbox over loopback, real engines on real SQLite files.

``make_engine`` builds the engine a test asks for; in modules marked ``both_engines`` every test
runs against the UploadEngine directly and through the protocol (in-process and child process).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scripe_desktop.engine import AttachKind, EngineConfig, ItemState, Target, UploadEngine
from scripe_desktop.engine.events import Event, ItemSnapshot
from scripe_desktop.engine.remote import RemoteEngine
from scripe_desktop.sandbox import Sandbox


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    sb = Sandbox(data_dir=tmp_path / "sandbox", job_duration=0.2, project_count=3).start()
    yield sb
    sb.stop()


@pytest.fixture
def project_id(sandbox: Sandbox) -> str:
    import httpx

    resp = httpx.get(
        sandbox.base_url + "/v1/projects",
        headers={"Authorization": f"Bearer {sandbox.api_key}", "Scripe-Api-Version": "2026-08-01"},
    )
    return resp.json()["data"][0]["id"]


class Recorder:
    """Collects every event an engine emits (from its worker threads)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type) -> list[Any]:
        with self._lock:
            return [e for e in self.events if isinstance(e, kind)]


ENGINE_KINDS = ("direct", "protocol-thread", "protocol-process")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Modules marked ``both_engines`` run once per engine: the UploadEngine itself, and the
    protocol client talking to an engine in this process and in a child process."""
    if "engine_kind" in metafunc.fixturenames:
        every = metafunc.definition.get_closest_marker("both_engines")
        only_direct = metafunc.definition.get_closest_marker("direct_engine_only")
        kinds = ENGINE_KINDS if every and not only_direct else ()
        metafunc.parametrize("engine_kind", kinds or ("direct",))


@pytest.fixture
def make_engine(
    tmp_path: Path, sandbox: Sandbox, engine_kind: str
) -> Iterator[Callable[..., tuple[UploadEngine, Recorder]]]:
    engines: list[Any] = []

    def make(
        home: Path | None = None, key: str | None = "default", start: bool = True, **cfg: Any
    ) -> tuple[UploadEngine, Recorder]:
        config = EngineConfig(
            home=home or tmp_path / "home",
            api_base=sandbox.base_url,
            # A child process cannot share the sandbox's clock object: it uses real time.
            **({} if engine_kind == "protocol-process" else {"clock": sandbox.clock.now}),
            **cfg,
        )
        api_key = sandbox.api_key if key == "default" else key
        engine: Any
        if engine_kind == "direct":
            engine = UploadEngine(config, api_key)
        else:
            engine = RemoteEngine(config, api_key, in_process=engine_kind == "protocol-thread")
        recorder = Recorder()
        engine.subscribe(recorder)
        engines.append(engine)
        if start:
            engine.start()
        return engine, recorder

    yield make
    for engine in engines:
        with contextlib.suppress(Exception):
            engine.shutdown(timeout=5)


def clear_of_midnight(sandbox: Sandbox, margin: float = 3600.0) -> None:
    """Move the (session-wide, forward-only) sandbox clock past the next 00:00 UTC if it is
    closer than ``margin``: a daily limit resets then, and a test's clock steps must not."""
    now = sandbox.clock.now()
    midnight = (now // 86400 + 1) * 86400
    if midnight - now < margin:
        sandbox.clock.advance(midnight - now + margin)


def wait_for(pred: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def workers_idle(engine: UploadEngine, *item_ids: int) -> bool:
    """No worker thread runs for these items (or for any, when none are given): whatever a
    worker was going to do to them has been done. A condition to wait on instead of a sleep."""
    running = engine._running
    ids = item_ids or tuple(running)
    return not any(running[i].is_alive() for i in ids if i in running)


def run_batch(
    engine: UploadEngine, paths: list[Path], target: Target, timeout: float = 30.0, **kw: Any
) -> list[ItemSnapshot]:
    batch = engine.add_paths(paths, target, **kw)
    engine.wait_scanned(10)

    def settled() -> bool:
        items = engine.batch_items(batch)
        return bool(items) and all(i.state.finished for i in items)

    wait_for(settled, timeout, f"batch {batch} to finish: {engine.batch_items(batch)}")
    return sorted(engine.batch_items(batch), key=lambda i: i.name)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def attached_uploads(sb: Sandbox) -> list[dict[str, Any]]:
    """Every upload that was attached as a source or knowledge, with its stored bytes' hash."""
    rec = sb.records()
    by_id = {u["id"]: u for u in rec["uploads"]}
    return [by_id[a["uploadId"]] for a in rec["sources"] + rec["knowledge"]]


SOURCE = AttachKind.SOURCE
KNOWLEDGE = AttachKind.KNOWLEDGE
NONE = AttachKind.NONE
DONE = ItemState.DONE


@pytest.fixture(autouse=True)
def _only_lifecycle_moves(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every engine test also checks that no item left the lifecycle table (engine/lifecycle.py):
    the queue drops such a move and logs it as an error."""
    yield
    bad = [r.getMessage() for r in caplog.records if "is not in the lifecycle" in r.getMessage()]
    assert not bad, bad


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_engines: run with the UploadEngine and through the protocol"
    )
    config.addinivalue_line(
        "markers", "direct_engine_only: in a both_engines module, only the UploadEngine itself"
    )
