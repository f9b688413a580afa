"""Starting the engine: what runs on a worker before the window can talk to it.

Why apart from the controller: this is the part that blocks (the sandbox's start, the keyring,
spawning the engine), so it is plain functions a worker thread runs; they touch no Qt object.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripe_desktop.credentials import (
    CredentialError,
    CredentialStore,
    MemoryKeyring,
    resolve_api_key,
)
from scripe_desktop.engine import EngineConfig
from scripe_desktop.engine.remote import EngineProcess, EngineThread
from scripe_desktop.logfile import engine_log_file

from .app_settings import AppSettings

log = logging.getLogger(__name__)
SANDBOX_KEY = "scripe_sk_test_desktopsandbox0001"


@dataclass
class LaunchOptions:
    """What ``run_gui`` (or a test) decides before the controller starts."""

    home: Path
    settings: AppSettings
    store: CredentialStore | None = None  # None: the OS keyring
    sandbox: bool = False
    sandbox_instance: Any = None  # an already running Sandbox (tests); else started here
    api_base: str | None = None  # overrides the settings (tests, SCRIPE_API_BASE)
    paths: list[Path] = field(default_factory=list)
    tray_available: bool | None = None  # None: ask Qt
    env: dict[str, str] | None = None  # for resolve_api_key (tests pass {})
    # The engine runs in its own process so its threads never compete with the GUI thread
    # for the GIL; in-process is for tests that reach into the engine.
    engine_in_process: bool = False
    background: bool = False  # started at login: come up in the tray, no window (if a tray)


@dataclass
class Booted:
    handle: EngineProcess | EngineThread
    key: str | None
    base: str
    sandbox: Any
    key_problem: str | None
    config: EngineConfig
    store: CredentialStore


class EngineCalls:
    """``app.engine.rate_limit()`` for tests: a command by name, waiting for its answer."""

    def __init__(self, bridge: Any) -> None:  # an EngineBridge
        self._bridge = bridge

    def __getattr__(self, name: str) -> Any:
        return lambda *args: self._bridge.request(name, *args)


def boot(options: LaunchOptions, sandbox: Any, api_base: str, store: CredentialStore) -> Booted:
    """Worker thread: the sandbox (if asked for), the key, then the engine."""
    base = api_base
    key: str | None = None
    problem: str | None = None
    if options.sandbox:
        if sandbox is None:
            from .sandbox_process import SandboxProcess

            sandbox = SandboxProcess(SANDBOX_KEY).start()
        base, key = sandbox.base_url, sandbox.api_key
        store = CredentialStore(MemoryKeyring())
        store.save(key)
    else:
        try:
            env = options.env if options.env is not None else os.environ
            key, _source = resolve_api_key(store, env)
        except CredentialError as exc:
            problem = str(exc)
            log.warning("no stored key: %s", exc)
    settings = options.settings
    config = EngineConfig(
        home=options.home,
        api_base=base,
        concurrency=settings.concurrency,
        rate_limit_bps=settings.rate_limit_bps,
    )
    handle = spawn_engine(config, key, in_process=options.engine_in_process)
    return Booted(handle, key, base, sandbox, problem, config, store)


def spawn_engine(
    config: EngineConfig, key: str | None, *, in_process: bool
) -> EngineProcess | EngineThread:
    """Worker thread: start the engine; its snapshot then arrives on the pipe. A child process
    logs to ``engine.log`` beside the window's log file (``logfile.py``)."""
    if in_process:
        return EngineThread(config, key)
    return EngineProcess(config, key, log_file=engine_log_file())
