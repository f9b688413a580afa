"""The headless command line, on the same engine as the desktop app.

Exit codes are a contract: 0 no file failed, 1 some failed, 2 usage or configuration error
(no key, malformed key, API unreachable), 130 interrupted (the queue is saved).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

from . import __version__
from .api import (
    ApiError,
    NetworkError,
    ProxySettingsError,
    ScripeClient,
    check_base_url,
    install_redaction,
)
from .api.client import MalformedKeyError, normalize_key
from .cli_follow import Follower, not_attached, settled
from .cli_report import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Reporter
from .credentials import CredentialError, CredentialStore, resolve_api_key
from .engine import AttachKind, EngineConfig, Target, UploadEngine, default_home
from .engine.account import check_account
from .engine.account import sentence as account_sentence
from .engine.config import default_api_base
from .engine.events import ConditionKind, ItemSnapshot
from .engine.inspect import TypeDatabaseError
from .engine.lockfile import QueueBusyError
from .engine.store import QueueStore
from .engine.store_safety import QueueStoreError

log = logging.getLogger("scripe_desktop.cli")


class UsageError(Exception):
    """A configuration problem the user must fix; exit code 2."""


def parse_rate(text: str) -> int:
    """``500K``, ``2M``, ``1.5MB``, ``800000`` -> bytes per second."""
    m = re.fullmatch(r"\s*([\d.]+)\s*([kmg]?)i?b?(?:/s)?\s*", text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"not a rate: {text!r} (try 500K or 2M)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2)]
    try:
        rate = int(float(m.group(1)) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a rate: {text!r} (try 500K or 2M)") from None
    if rate < 1:
        raise argparse.ArgumentTypeError(
            f"the rate must be at least 1 byte per second (got {text!r}); leave --limit-rate "
            "out for no limit"
        )
    return rate


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scripe-desktop", description="Upload files to Scripe.")
    p.add_argument("--sandbox", action="store_true", help="open the app on a local sandbox")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--verbose", "-v", action="store_true", help="log details to stderr")
    common = argparse.ArgumentParser(add_help=False)  # -v works after the command too
    common.add_argument("--verbose", "-v", action="store_true", default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command")

    up = sub.add_parser("upload", help="upload files or folders", parents=[common])
    up.add_argument("paths", nargs="+", type=Path)
    up.add_argument(
        "--attach",
        choices=["source", "knowledge", "none"],
        default="source",
        help="where files go; 'none' only uploads them: Scripe deletes an upload that is not "
        "attached within 24 h (the desktop window does not offer it)",
    )
    up.add_argument("--project", help="project id (proj_…) for sources or project knowledge")
    up.add_argument("--concurrency", type=int, default=4)
    up.add_argument("--limit-rate", type=parse_rate, default=None, help="e.g. 500K or 2M")
    up.add_argument("--wait", action="store_true", help="wait for processing in Scripe to end")
    up.add_argument("--json", action="store_true", help="one JSON object per file")
    up.add_argument("--force", action="store_true", help="send files already uploaded")
    up.add_argument("--api-base", default=None)

    res = sub.add_parser("resume", help="finish what the queue holds", parents=[common])
    res.add_argument("--wait", action="store_true")
    res.add_argument("--json", action="store_true")
    res.add_argument("--concurrency", type=int, default=4)
    res.add_argument("--api-base", default=None)

    st = sub.add_parser("status", help="show what the queue holds", parents=[common])
    st.add_argument("--json", action="store_true")

    login = sub.add_parser(
        "login", help="check an API key and store it in the keyring", parents=[common]
    )
    login.add_argument("--api-base", default=None)
    sub.add_parser("logout", help="remove the stored API key", parents=[common])

    sub.add_parser("sandbox", help="run the local sandbox (see: scripe-desktop sandbox --help)")
    from .cli_sync import add_parsers  # watched folders and sync (cli_sync.py)

    add_parsers(sub, common)
    return p


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
    ) as exc:
        print(f"scripe-desktop: {exc}", file=sys.stderr)
        return EXIT_USAGE


# -- configuration --------------------------------------------------------------------------


def _api_base(args: argparse.Namespace) -> str:
    try:
        return check_base_url(getattr(args, "api_base", None) or default_api_base())
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _key() -> str:
    try:
        key, _source = resolve_api_key(CredentialStore(), os.environ)
    except CredentialError as exc:  # a malformed SCRIPE_API_KEY, or no usable keyring
        raise UsageError(f"{exc} Set SCRIPE_API_KEY or run “scripe-desktop login”.") from None
    if not key:
        raise UsageError("No API key. Set SCRIPE_API_KEY or run “scripe-desktop login”.")
    try:
        return normalize_key(key)
    except MalformedKeyError as exc:
        raise UsageError(str(exc)) from None


def _check_key(client: ScripeClient, destination: AttachKind | None = None) -> None:
    """Before any upload: the key works, and its scope and plan allow the destination (the
    same rules and sentence as the window: engine/account.py)."""
    try:
        info = client.workspace_me()
    except NetworkError as exc:
        raise UsageError(f"Can't reach the Scripe API at {client.base_url} ({exc}).") from None
    except ApiError as exc:
        raise UsageError(f"The API refused the key: {exc.message} ({exc.code}).") from None
    problem = check_account(info, destination)
    if problem is not None:
        raise UsageError(account_sentence(problem))


def _target(args: argparse.Namespace, client: ScripeClient) -> Target:
    kind = AttachKind(args.attach)
    if kind is AttachKind.SOURCE and not args.project:
        projects = client.list_projects()
        if len(projects) != 1:
            names = ", ".join(f"{p.id} ({p.name})" for p in projects[:10])
            raise UsageError(f"--attach source needs --project. Projects: {names or 'none'}")
        return Target(kind, projects[0].id)
    return Target(kind, args.project)


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
    rescanned = {batch_id for batch_id, _roots, _hidden in engine.queue.store.unfinished_scans()}
    start_ids = {s.id for s in engine.items() if not settled(s, args.wait)}
    follower = Follower(
        lambda s: s.id in start_ids or s.batch_id in rescanned, args.wait, reporter.finished
    )
    engine.subscribe(follower)
    follower.adopt([s for s in engine.items() if s.id in start_ids])
    return _run(engine, follower, reporter)


def _engine(args: argparse.Namespace, key: str, base: str, *, rate: int | None) -> UploadEngine:
    """Jobs are followed even without --wait (the run just doesn't wait for them): a file
    with the same content as one being processed waits for that job, which must end."""
    config = EngineConfig(
        home=default_home(),
        api_base=base,
        concurrency=args.concurrency,
        rate_limit_bps=rate,
        follow_jobs=True,
    )
    return UploadEngine(config, key)


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


def _run(engine: UploadEngine, follower: Follower, reporter: Reporter) -> int:
    """Drive the engine until every followed item settled; report as they do.

    Each tick reads counters the follower keeps from events: its cost does not grow with the
    queue."""
    told: set[str] = set()
    engine.start()
    try:
        while True:
            follower.changed.wait(0.25)
            follower.changed.clear()
            fatal = engine.queue.store.fatal
            if fatal is not None:  # full disk, file replaced: nothing more can be recorded
                reporter.message(str(fatal))
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


def _shutdown(engine: UploadEngine) -> None:
    try:
        engine.shutdown()
    except QueueStoreError as exc:  # already told; the next run recovers what is on disk
        log.info("shutdown could not record everything: %s", exc)


def _blocking_condition(
    engine: UploadEngine, follower: Follower, moving: int, reporter: Reporter, told: set[str]
) -> int | None:
    """A condition no one at a terminal can wait out ends the run with the queue saved."""
    for c in engine.conditions_now():
        if c.kind in (ConditionKind.KEY_NEEDED, ConditionKind.PERMISSION):
            reporter.message(
                f"{c.message}\nThe queue is saved; “scripe-desktop resume” finishes it."
            )
            _shutdown(engine)
            return EXIT_USAGE
        if c.kind is ConditionKind.SPEND_CAP and not moving:
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


def cmd_status(args: argparse.Namespace) -> int:
    store = QueueStore(EngineConfig(home=default_home()).queue_path, exclusive=False)
    try:  # read only: works while the app or another command is uploading
        batches = store.batches()
        items = [row.snapshot(batches[row.batch_id].target) for row in store.items()]
    finally:
        store.close()
    counts: dict[str, int] = {}
    for item in items:
        counts[item.state.value] = counts.get(item.state.value, 0) + 1
    if args.json:
        print(json.dumps({"counts": counts, "items": [_status_record(i) for i in items]}))
        return EXIT_OK
    if not items:
        print("The queue is empty.")
    for item in items:
        reason = f" — {item.reason}" if item.reason else ""
        print(f"{item.state.value:10} {item.path}{reason}")
    if counts:
        print(", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return EXIT_OK


def _status_record(item: ItemSnapshot) -> dict[str, object]:
    return {
        "id": item.id,
        "path": item.path,
        "state": item.state.value,
        "reason": item.reason,
        "uploadId": item.upload_id,
        "jobId": item.job_id,
        "resultId": item.result_id,
    }


def cmd_login(args: argparse.Namespace) -> int:
    base = _api_base(args)
    raw = os.environ.get("SCRIPE_API_KEY") or (
        getpass.getpass("Scripe API key: ") if sys.stdin.isatty() else sys.stdin.readline()
    )
    try:
        key = normalize_key(raw)
    except MalformedKeyError as exc:
        raise UsageError(str(exc)) from None
    with ScripeClient(key, base) as client:
        try:
            info = client.workspace_me()
        except NetworkError as exc:
            raise UsageError(f"Can't reach the Scripe API at {base} ({exc}).") from None
        except ApiError as exc:
            raise UsageError(f"The API refused the key: {exc.message} ({exc.code}).") from None
    try:
        CredentialStore().save(key)
    except CredentialError as exc:
        raise UsageError(str(exc)) from None
    print(f"Signed in to “{info.workspace.name}” (plan {info.workspace.plan}). Key stored.")
    return EXIT_OK


def cmd_logout(args: argparse.Namespace) -> int:
    try:
        CredentialStore().delete()
    except CredentialError as exc:
        raise UsageError(str(exc)) from None
    print("The API key was removed from this computer.")
    return EXIT_OK
