"""``scripe-desktop watch add|list|remove`` and ``scripe-desktop sync``: a contract for scripts.

``sync`` runs the engine and every watcher in the foreground until SIGINT/SIGTERM (clean stop,
exit 0; a second Ctrl-C exits 130 at once, the queue is saved either way). ``--json`` prints one
object per finished file in the shape of ``upload --json``. ``sync --once`` catches up, waits for
Scripe to finish processing, and exits with ``upload``'s codes.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .api import ScripeClient
from .cli import UsageError, _api_base, _check_key, _key, _target
from .cli_report import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Reporter
from .engine import EngineConfig, UploadEngine, default_home
from .engine.events import ConditionKind
from .engine.lockfile import QueueBusyError
from .engine.remote import RemoteEngine
from .engine.watch import FolderError, FolderList, FolderSyncer, WatchedFolder, WatchIndex
from .engine.watch.lock import ELSEWHERE, SyncLock, SyncRunningElsewhere
from .engine.watch.rules import IgnoreRules, clean_patterns, walk


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    watch = sub.add_parser("watch", help="folders that upload by themselves", parents=[common])
    wsub = watch.add_subparsers(dest="watch_command", required=True)
    add = wsub.add_parser("add", help="watch a folder", parents=[common])
    add.add_argument("path", type=Path)
    add.add_argument("--attach", choices=["source", "knowledge"], required=True)
    add.add_argument("--project", help="project id (proj_…) for sources or project knowledge")
    add.add_argument(
        "--existing",
        choices=["upload", "skip"],
        default="upload",
        help="upload the files already in the folder (default) or only new ones",
    )
    _rule_options(add)
    add.add_argument("--api-base", default=None)
    rules = wsub.add_parser(
        "rules", help="show or change what a watched folder ignores", parents=[common]
    )
    rules.add_argument("path", type=Path)
    _rule_options(rules)
    rules.add_argument(
        "--unignore", action="append", default=[], metavar="PATTERN", help="drop a pattern"
    )
    lst = wsub.add_parser("list", help="show the watched folders", parents=[common])
    lst.add_argument("--json", action="store_true")
    rm = wsub.add_parser("remove", help="stop watching a folder", parents=[common])
    rm.add_argument("path", type=Path)

    sync = sub.add_parser("sync", help="keep the watched folders in sync", parents=[common])
    sync.add_argument("--once", action="store_true", help="catch up, wait, and exit")
    sync.add_argument(
        "--settle",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="a file must stay unchanged this long before upload (default 5)",
    )
    sync.add_argument("--on-change", choices=["upload", "ignore"], default="upload")
    sync.add_argument("--json", action="store_true", help="one JSON object per file")
    sync.add_argument("--api-base", default=None)


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="PATTERN",
        help="never upload files matching this gitignore-style pattern (repeatable)",
    )
    p.add_argument(
        "--hidden",
        choices=["skip", "include"],
        default=None,
        help="files and folders whose names start with a dot (default: skip)",
    )


def _patterns(values: list[str], keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    try:
        return clean_patterns([*keep, *values])
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def cmd_watch(args: argparse.Namespace) -> int:
    home = default_home()
    folders = FolderList(home)
    try:
        if args.watch_command == "add":
            return _watch_add(args, home, folders)
        if args.watch_command == "rules":
            return _watch_rules(args, folders)
        if args.watch_command == "remove":
            removed = folders.remove(args.path)
            index = WatchIndex(home)
            index.drop_folder(removed.path)
            index.close()
            print(f"No longer watching {removed.path}. Nothing was deleted in Scripe.")
            return EXIT_OK
        return _watch_list(args, home, folders)
    except FolderError as exc:
        raise UsageError(str(exc)) from None


def _watch_add(args: argparse.Namespace, home: Path, folders: FolderList) -> int:
    path = args.path.expanduser()
    if not path.is_dir():
        raise UsageError(f"“{args.path}” is not a folder.")
    project = args.project
    if args.attach == "source" and not project:
        with ScripeClient(_key(), _api_base(args)) as client:  # the one project, if only one
            _check_key(client)
            project = _target(args, client).project_id
    folder = WatchedFolder(
        path=str(path.resolve()),
        attach=args.attach,
        project_id=project,
        ignore=_patterns(args.ignore),
        include_hidden=args.hidden == "include",
    )
    if FolderList(home).load().find(folder.path):
        raise UsageError(f"“{folder.path}” is already watched.")
    rules = IgnoreRules(folder.ignore, include_hidden=folder.include_hidden)
    files = [(rel, st) for rel, st in walk(Path(folder.path), rules) if st.size]
    if args.existing == "skip":  # known before the list changes: a running sync skips them
        index = WatchIndex(home)
        index.baseline(folder.path, files)
        index.close()
    folders.add(folder)
    where = "Knowledge" if args.attach == "knowledge" else f"project {project}"
    then = (
        f"the {len(files)} file(s) already there will be uploaded"
        if args.existing == "upload"
        else f"the {len(files)} file(s) already there are left alone; only new ones go up"
    )
    print(f"Watching {folder.path} → {where}: {then} when sync runs.")
    return EXIT_OK


def _watch_rules(args: argparse.Namespace, folders: FolderList) -> int:
    """Change (or just show) the folder's own ignore patterns and its hidden-files setting;
    a running sync or the window's watcher applies them within a second."""
    current = folders.load().find(args.path)
    if current is None:
        raise UsageError(f"“{args.path}” is not a watched folder.")
    kept = tuple(p for p in current.ignore if p not in set(args.unignore))
    hidden = current.include_hidden if args.hidden is None else args.hidden == "include"
    folder = folders.edit(current.path, ignore=_patterns(args.ignore, kept), include_hidden=hidden)
    print(f"{folder.path} ignores, besides the usual system and temporary files:")
    for p in folder.ignore:
        print(f"  {p}")
    if not folder.ignore:
        print("  (no patterns of its own)")
    print("Hidden files are " + ("uploaded." if folder.include_hidden else "skipped."))
    return EXIT_OK


def _watch_list(args: argparse.Namespace, home: Path, folders: FolderList) -> int:
    settings = folders.load()
    index = WatchIndex(home, readonly=True)
    try:
        rows = []
        for f in settings.folders:
            facts = index.facts(f.path)
            rows.append(
                {
                    "path": f.path,
                    "attach": f.attach,
                    "projectId": f.project_id,
                    "paused": f.paused or settings.paused(),
                    "files": facts.files,
                    "lastUpload": _iso(facts.last_upload),
                }
            )
    finally:
        index.close()
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return EXIT_OK
    if not rows:
        print("No watched folders. Add one: scripe-desktop watch add PATH --attach knowledge")
    for row in rows:
        where = "Knowledge" if row["attach"] == "knowledge" else f"project {row['projectId']}"
        state = " (paused)" if row["paused"] else ""
        last = f", last upload {row['lastUpload']}" if row["lastUpload"] else ""
        print(f"{row['path']} → {where}{state}: {row['files']} file(s) known{last}")
    return EXIT_OK


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def cmd_sync(args: argparse.Namespace) -> int:
    home = default_home()
    if args.settle < 0:
        raise UsageError("--settle must be 0 or more seconds.")
    if not FolderList(home).load().folders:
        raise UsageError(
            "No watched folders. Add one first: scripe-desktop watch add PATH --attach knowledge"
        )
    key, base = _key(), _api_base(args)
    with ScripeClient(key, base) as client:
        _check_key(client)
    lock = SyncLock(home)
    try:
        lock.acquire()
        engine = open_engine(home, base, key)
    except (SyncRunningElsewhere, QueueBusyError):
        lock.release()
        print(f"scripe-desktop: {ELSEWHERE}", file=sys.stderr)
        return EXIT_USAGE
    reporter = Reporter(as_json=args.json)
    stop = threading.Event()
    _install_signals(stop)
    syncer = FolderSyncer(
        engine,
        home,
        settle=args.settle,
        on_change=args.on_change,
        watch_events=not args.once,
        on_finished=reporter.finished,
        on_notice=lambda kind, text: reporter.message(text),
    )
    engine.start()
    syncer.start()
    if not args.once:
        count = len(FolderList(home).load().folders)
        reporter.message(f"Syncing {count} watched folder(s). Press Ctrl-C to stop.")
    rc: int | None = None
    try:
        while rc is None and not stop.is_set():
            if args.once and syncer.wait_idle(0.2, jobs=True):
                break
            if not args.once:
                stop.wait(0.2)
            rc = _blocking(engine, reporter, args.once)
    finally:
        if stop.is_set():
            reporter.message("Stopping: files in flight resume on the next start.")
        syncer.stop()
        engine.shutdown()
        lock.release()
    if rc is not None:
        return rc
    reporter.summary()
    if stop.is_set() and not args.once:
        return EXIT_OK
    if stop.is_set():
        return EXIT_INTERRUPTED
    return EXIT_FAILED if reporter.counts.get("failed") else EXIT_OK


def open_engine(home: Path, base: str, key: str) -> RemoteEngine:
    """The engine ``sync`` and its folder watchers drive: the protocol client, as ``upload``,
    ``resume`` and the window have it (commands and events only, nothing of the engine's
    insides). Built here, so a busy queue is raised as it is (exit 2)."""
    config = EngineConfig(home=home, api_base=base, follow_jobs=True)
    return RemoteEngine(config, key, engine=UploadEngine(config, key))


_told: set[str] = set()


def _blocking(engine: RemoteEngine, reporter: Reporter, once: bool) -> int | None:
    """No one can wait out a refused key; ``--once`` also stops at the daily limit."""
    for c in engine.conditions_now():
        if c.kind in (ConditionKind.KEY_NEEDED, ConditionKind.PERMISSION):
            reporter.message(f"{c.message}\nThe queue is saved; sync picks it up next time.")
            return EXIT_USAGE
        if once and c.kind is ConditionKind.SPEND_CAP:
            reporter.message(c.message)
            return EXIT_FAILED
        if c.kind.value not in _told:
            _told.add(c.kind.value)
            reporter.message(c.message)
    return None


def _install_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: object) -> None:
        if stop.is_set():
            if signum == signal.SIGINT:  # a second Ctrl-C: leave now (the queue is durable)
                os._exit(EXIT_INTERRUPTED)
            return
        stop.set()  # nothing else here: the handler may interrupt a print holding its lock

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


COMMANDS = {"watch": cmd_watch, "sync": cmd_sync}
