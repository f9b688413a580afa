"""Checking a pasted API key against ``/v1/workspaces/me`` and saying what went wrong, plainly.

Why separate from the dialog: the check runs on a worker thread (no Qt here but translation),
and the wording for each failure is reused by the banner and the settings dialog.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from scripe_desktop.api import ApiError, NetworkError, ScripeClient, WorkspaceInfo, normalize_key
from scripe_desktop.credentials import (
    CredentialError,
    CredentialStore,
    KeyringLockedError,
    NoKeyringError,
)
from scripe_desktop.engine.account import check_account, scope_names

from .links import api_keys_page

REQUIRED_SCOPES = ("sources:write", "knowledge:write")
ATTACH_FEATURES = ("sources", "knowledge")
KEYS_LOCATION = "Settings → Developer → API keys"
KEYS_URL = api_keys_page(None)  # Scripe's own ([decision], see links.py)


def clean_pasted_key(text: str) -> str:
    """A key as pasted from an e-mail or a PDF: line breaks, spaces and invisible characters
    inside it are not part of it (no key contains whitespace)."""
    invisible = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
    return "".join(text.translate(invisible).split())


def tr(text: str) -> str:
    # Empty context: where pyside6-lupdate files module-level tr("…") calls.
    return QCoreApplication.translate("", text)


@dataclass(frozen=True)
class KeyProblem(Exception):
    """A failed check: one plain sentence, a short code for tests/logs, technical detail."""

    code: str
    sentence: str
    detail: str = ""

    def __str__(self) -> str:
        return self.sentence


def check_key(key: str, api_base: str) -> tuple[str, WorkspaceInfo]:
    """Normalize and verify a key (blocking: call it on a worker). Raises :class:`KeyProblem`."""
    try:
        key = normalize_key(key)
    except ValueError as exc:
        raise KeyProblem("malformed", explain_code("malformed"), str(exc)) from None
    try:
        with ScripeClient(key, api_base) as client:
            info = client.workspace_me()
    except ApiError as exc:
        raise KeyProblem(exc.code, explain_api_error(exc), str(exc)) from None
    except NetworkError as exc:
        raise KeyProblem("offline", explain_code("offline"), str(exc)) from None
    except ValueError as exc:  # a bad API base URL from the settings
        raise KeyProblem("bad_base_url", explain_code("bad_base_url"), str(exc)) from None
    problem = check_account(info)  # the rules the CLI applies too (engine/account.py)
    if problem is not None:
        if problem.code == "plan_not_eligible":
            detail = f"plan {info.workspace.plan!r}, features {sorted(info.workspace.features)}"
            raise KeyProblem(problem.code, explain_code(problem.code), detail)
        raise KeyProblem(
            problem.code,
            explain_scope(problem.data.get("required")),
            f"key scopes: {sorted(info.principal.scopes)}",
        )
    return key, info


def save_key(store: CredentialStore, key: str) -> None:
    """Store in the keyring (blocking: D-Bus on Linux). Raises CredentialError subclasses."""
    store.save(key)


def explain_scope(required: list[str] | str | None) -> str:
    if isinstance(required, str):
        required = [required]
    names = scope_names(required or list(REQUIRED_SCOPES))
    return tr(
        "This key is not allowed to add files. In Scripe, create a key with the {scopes} "
        "permission and paste it here."
    ).format(scopes=names)


def explain_api_error(exc: ApiError) -> str:
    if exc.code == "scope_missing":
        return explain_scope(exc.details.get("required"))
    return explain_code(exc.code, exc.message)


def explain_code(code: str, fallback: str = "") -> str:
    """One plain sentence (with the way forward) per failure code."""
    where = tr("You can create a new one in Scripe under {where}.").format(where=KEYS_LOCATION)
    sentences = {
        "malformed": tr(
            "That doesn't look like a Scripe API key. Keys start with “scripe_sk_live_” "
            "or “scripe_sk_test_”; copy the whole key and paste it again."
        ),
        "invalid_token": tr("Scripe doesn't recognise this key.") + " " + where,
        "key_revoked": tr("This key has been revoked (switched off) in Scripe.") + " " + where,
        "key_expired": tr("This key has expired.") + " " + where,
        "plan_not_eligible": tr(
            "Your Scripe plan doesn't include API access. Upgrade the workspace in Scripe, "
            "or use a key from a workspace that has it."
        ),
        "scope_missing": explain_scope(None),
        "offline": tr("Scripe can't be reached. Check your internet connection and try again."),
        "bad_base_url": tr(
            "The server address in Settings → Advanced is not valid. Reset it and try again."
        ),
        "version_unsupported": tr(
            "This version of Scripe Desktop is too old for the Scripe API. Please update it."
        ),
    }
    if code in sentences:
        return sentences[code]
    return fallback or tr("Scripe refused this key ({code}).").format(code=code)


def explain_credential_error(exc: CredentialError) -> str:
    if isinstance(exc, NoKeyringError):
        return tr(
            "This computer has no secure password store (keyring) that Scripe Desktop can use, "
            "so the key can't be remembered. You can keep it for this session only: you will "
            "paste it again next time."
        )
    if isinstance(exc, KeyringLockedError):
        return tr(
            "Your password store (keyring) is locked. Unlock it and try again, or keep the "
            "key for this session only."
        )
    return tr(
        "The key could not be saved in your password store (keyring). You can keep it for "
        "this session only."
    )
