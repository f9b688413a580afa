"""The headless command line, on the same engine as the desktop app, through the same protocol:
``upload`` and ``resume`` drive an in-process engine with the window's commands and events
(``engine/remote.py``), never its insides.

Exit codes are a contract: 0 no file failed, 1 some failed, 2 usage or configuration error
(no key, malformed key, API unreachable), 130 interrupted (the queue is saved).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from .api import ProxySettingsError, ScripeClient, install_redaction
from .cli_commands import (  # re-exported: cli_sync and older callers import them from here
    UsageError,
    _api_base,
    _check_key,
    _key,
    _target,
    cmd_login,
    cmd_logout,
    cmd_status,
)
from .cli_follow import Follower, not_attached, settled
from .cli_parser import build_parser, parse_rate
from .cli_report import EXIT_INTERRUPTED, EXIT_USAGE, Reporter
from .engine import AttachKind, EngineConfig, UploadEngine, default_home
from .engine.arenas import fewer_malloc_arenas
from .engine.events import ConditionKind, ItemSnapshot
from .engine.inspect import TypeDatabaseError
from .engine.lockfile import QueueBusyError
from .engine.protocol import CommandFailed
from .engine.remote import RemoteEngine
from .engine.store_safety import QueueStoreError

__all__ = [
    "UsageError",
    "_api_base",
    "_check_key",
    "_key",
    "_target",
    "build_parser",
    "main",
    "parse_rate",
]

log = logging.getLogger("scripe_desktop.cli")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["sandbox"]:  # its options belong to the sandbox's own parser
        from .sandbox.__main__ import main as sandbox_main

        return sandbox_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_redaction()
    if args.command in ("upload", "resume", "sync"):
        fewer_malloc_arenas()  # before the engine starts its threads (engine/arenas.py)
    commands = {
        "upload": cmd_upload,
        "resume": cmd_resume,
        "status": cmd_status,
        "login": cmd_login,
        "logout": cmd_logout,
    }
    from .cli_sync import COMMANDS as SYNC_COMMANDS

    commands.update(SYNC_COMMANDS)
    try:
        return commands[args.command](args)
    except (
        UsageError,
        TypeDatabaseError,
        QueueBusyError,
        ProxySettingsError,
        QueueStoreError,
        CommandFailed,  # an engine command refused (its message is for people)
    ) as exc:
        print(f"scripe-desktop: {exc}", file=sys.stderr)
        return EXIT_USAGE


# -- commands -------------------------------------------------------------------------------


def cmd_upload(args: argparse.Namespace) -> int:
    key, base = _key(), _api_base(args)
    with ScripeClient(key, base) as client:
        _check_key(client, AttachKind(args.attach))
        target = _target(args, client)
    reporter = Reporter(as_json=args.json)
    good, bad = _look_at_paths(args.paths)
    if not good:
        raise UsageError("; ".join(reason for _path, reason in bad))
    engine = _engine(args, key, base, rate=args.limit_rate)
    for path, reason in bad:  # the others are uploaded; the command then exits 1
        reporter.path_failed(str(path), reason)
    batch: list[int] = []
    follower = Follower(
        lambda s: bool(batch) and s.batch_id == batch[0], args.wait, reporter.finished
    )
    if engine.totals().paused:  # "Pause all" in the app holds new files too: say so, add none
        engine.shutdown()
        raise UsageError(
            "Uploads are paused (“Pause all” in Scripe Desktop). "
            "Run “scripe-desktop resume” or choose “Resume all” in the app to continue."
        )
    engine.subscribe(follower)  # before the scan can emit anything (it runs on start)
    engine.try_now()  # files of this drop still waiting from an earlier run: no old backoffs
    batch.append(engine.add_paths(good, target, force=args.force))
    return _run(engine, follower, reporter)


def cmd_resume(args: argparse.Namespace) -> int:
    key, base = _key(), _api_base(args)
    with ScripeClient(key, base) as client:
        _check_key(client)
    engine = _engine(args, key, base, rate=None)
    reporter = Reporter(as_json=args.json)
    if engine.totals().paused:
        engine.resume_all()  # an explicit resume ends "Pause all" too
    engine.try_now()  # an explicit resume does not wait out earlier backoffs
    rescanned = set(engine.unfinished_scan_batches())
    start_ids = {s.id for s in engine.items() if not settled(s, args.wait)}
    follower = Follower(
        lambda s: s.id in start_ids or s.batch_id in rescanned, args.wait, reporter.finished
    )
    engine.subscribe(follower)
    follower.adopt([s for s in engine.items() if s.id in start_ids])
    return _run(engine, follower, reporter)


def _engine(args: argparse.Namespace, key: str, base: str, *, rate: int | None) -> RemoteEngine:
    """Jobs are followed even without --wait (the run just doesn't wait for them): a file
    with the same content as one being processed waits for that job, which must end.

    Built here, so a busy queue or a broken type database is raised as it is (exit 2); then
    served in this process over the protocol the window uses."""
    config = EngineConfig(
        home=default_home(),
        api_base=base,
        concurrency=args.concurrency,
        rate_limit_bps=rate,
        follow_jobs=True,
    )
    return RemoteEngine(config, key, engine=UploadEngine(config, key))


def _look_at_paths(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Named paths that exist, and a plain reason for each one that can't be looked at."""
    good: list[Path] = []
    bad: list[tuple[Path, str]] = []
    for path in paths:
        try:
            os.stat(path, follow_symlinks=False)
            good.append(path)
        except FileNotFoundError:
            bad.append((path, f"No such file or folder: {path}"))
        except OSError as exc:
            bad.append((path, f"Can't read {path} ({exc.strerror or exc})."))
    return good, bad


def _run(engine: RemoteEngine, follower: Follower, reporter: Reporter) -> int:
    """Drive the engine until every followed item settled; report as they do.

    Each tick reads counters the follower keeps from events: its cost does not grow with the
    queue."""
    told: set[str] = set()
    engine.start()
    try:
        while True:
            follower.changed.wait(0.25)
            follower.changed.clear()
            fatal = engine.fatal()
            if fatal is not None:  # full disk, file replaced: nothing more can be recorded
                reporter.message(fatal)
                _shutdown(engine)
                return EXIT_USAGE
            scanned = engine.wait_scanned(0)
            fig = follower.figures()
            reporter.progress(fig.done, fig.total, fig.size, fig.sent, engine.totals())
            if scanned and fig.done == fig.total:
                break
            stop = _blocking_condition(engine, follower, fig.moving, reporter, told)
            if stop is not None:
                return stop
    except KeyboardInterrupt:
        reporter.message("Interrupted: the queue is saved. Run the same command again to finish.")
        _shutdown(engine)
        return EXIT_INTERRUPTED
    _shutdown(engine)
    reporter.summary()
    return reporter.exit_code()


def _shutdown(engine: RemoteEngine) -> None:
    try:
        engine.shutdown()
    except QueueStoreError as exc:  # already told; the next run recovers what is on disk
        log.info("shutdown could not record everything: %s", exc)


def _blocking_condition(
    engine: RemoteEngine, follower: Follower, moving: int, reporter: Reporter, told: set[str]
) -> int | None:
    """A condition no one at a terminal can wait out ends the run with the queue saved."""
    for c in engine.conditions_now():
        if c.kind is ConditionKind.QUEUE_UNWRITABLE:
            continue  # told from ``store.fatal`` by the caller, once
        if c.kind in (ConditionKind.KEY_NEEDED, ConditionKind.PERMISSION):
            reporter.message(
                f"{c.message}\nThe queue is saved; “scripe-desktop resume” finishes it."
            )
            _shutdown(engine)
            return EXIT_USAGE
        due = c.retry_at is not None and c.retry_at <= time.time()  # the next attach re-checks
        if c.kind is ConditionKind.SPEND_CAP and not moving and not due:
            reporter.message(c.message)
            for item in follower.unsettled():
                if not_attached(item):
                    item = replace(
                        item, reason=_not_attached_reason(item, c.message), reason_code=None
                    )
                reporter.finished(item)
            _shutdown(engine)
            reporter.summary()
            return reporter.exit_code()
        if c.kind.value not in told:
            told.add(c.kind.value)
            reporter.message(c.message)
    return None


def _not_attached_reason(item: ItemSnapshot, why: str) -> str:
    done = "Uploaded, not attached yet" if item.upload_id else "Not uploaded yet"
    return f"{done}: {why} “scripe-desktop resume” finishes it."
