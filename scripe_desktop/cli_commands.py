"""Configuration shared by the commands (key, API base, destination) and the commands that
upload nothing: ``status``, ``login`` and ``logout``."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from .api import ApiError, NetworkError, ScripeClient, check_base_url
from .api.client import MalformedKeyError, normalize_key
from .cli_report import EXIT_OK
from .credentials import CredentialError, CredentialStore, resolve_api_key
from .engine import AttachKind, EngineConfig, Target, default_home
from .engine.account import check_account
from .engine.account import sentence as account_sentence
from .engine.config import default_api_base
from .engine.events import ItemSnapshot
from .engine.store import QueueStore


class UsageError(Exception):
    """A configuration problem the user must fix; exit code 2."""


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


# -- commands that upload nothing ----------------------------------------------------------


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
