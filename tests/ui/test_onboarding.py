"""Onboarding against the real sandbox: a good key and each kind of bad key, keyring trouble."""

from __future__ import annotations

import keyring.errors
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt

from scripe_desktop.credentials import CredentialStore, MemoryKeyring
from scripe_desktop.sandbox import Sandbox
from scripe_desktop.ui.onboarding import OnboardingDialog

pytestmark = pytest.mark.gui


class LockedKeyring(MemoryKeyring):
    """A keyring that exists but refuses to open, like a locked Secret Service."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def open_dialog(qtbot, base: str, store: CredentialStore) -> OnboardingDialog:
    dialog = OnboardingDialog(base, store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def submit(qtbot, dialog: OnboardingDialog, key: str) -> None:
    dialog.key_edit.setText(key)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)


def wait_problem(qtbot, dialog: OnboardingDialog) -> str:
    qtbot.waitUntil(lambda: not dialog.checking and bool(dialog.problem_code), timeout=15_000)
    return str(dialog.problem_code)


def test_good_key_is_checked_in_background_and_stored(
    qtbot, sandbox: Sandbox, memory_store: CredentialStore
) -> None:
    dialog = open_dialog(qtbot, sandbox.base_url, memory_store)
    accepted: list[tuple[str, object, bool]] = []
    dialog.keyAccepted.connect(lambda k, info, remembered: accepted.append((k, info, remembered)))
    submit(qtbot, dialog, "  " + sandbox.api_key + "\n")  # pasted with whitespace
    assert dialog.checking  # busy indicator while the worker runs; the dialog stays usable
    qtbot.waitUntil(lambda: bool(accepted), timeout=15_000)
    key, info, remembered = accepted[0]
    assert key == sandbox.api_key and remembered
    assert info.workspace.name == "Sandbox workspace"
    assert memory_store.load() == sandbox.api_key
    assert "Sandbox workspace" in dialog.message.text()


@pytest.mark.parametrize(
    ("setup", "code", "words"),
    [
        ("revoked", "key_revoked", "revoked"),
        ("expired", "key_expired", "expired"),
        ("unknown", "invalid_token", "doesn't recognise"),
        ("no_scope", "scope_missing", "knowledge:write"),
        ("free_plan", "plan_not_eligible", "plan"),
    ],
)
def test_bad_keys_get_their_own_sentence(
    qtbot, sandbox: Sandbox, memory_store: CredentialStore, setup: str, code: str, words: str
) -> None:
    if setup == "revoked":
        key = sandbox.issue_key()
        sandbox.revoke_key(key)
    elif setup == "expired":
        key = sandbox.issue_key()
        sandbox.expire_key(key)
    elif setup == "unknown":
        key = "scripe_sk_test_" + "x" * 24
    elif setup == "no_scope":
        key = sandbox.issue_key(scopes=("sources:read",))
    else:
        key = sandbox.issue_key(plan="free", workspace_name="Free ws")
    dialog = open_dialog(qtbot, sandbox.base_url, memory_store)
    submit(qtbot, dialog, key)
    got = wait_problem(qtbot, dialog)
    assert got == code, dialog.message.text()
    assert words in dialog.message.text()
    assert memory_store.load() is None  # nothing stored for a bad key
    assert dialog.key_edit.isEnabled()


def test_malformed_key_is_refused_without_network(
    qtbot, memory_store: CredentialStore, closed_port_url: str
) -> None:
    dialog = open_dialog(qtbot, closed_port_url, memory_store)
    submit(qtbot, dialog, "sk-1234 not a key")
    assert dialog.problem_code == "malformed" and not dialog.checking
    assert "scripe_sk_live_" in dialog.message.text()


def test_offline(qtbot, memory_store: CredentialStore, closed_port_url: str) -> None:
    dialog = open_dialog(qtbot, closed_port_url, memory_store)
    submit(qtbot, dialog, "scripe_sk_test_" + "a" * 20)
    assert wait_problem(qtbot, dialog) == "offline"
    assert "internet connection" in dialog.message.text()
    assert dialog.details_button.isVisible()  # technical detail behind "Details"


@pytest.mark.parametrize("backend", [fail.Keyring(), LockedKeyring()], ids=["none", "locked"])
def test_no_or_locked_keyring_offers_session_only(qtbot, sandbox: Sandbox, backend) -> None:
    store = CredentialStore(backend)
    dialog = open_dialog(qtbot, sandbox.base_url, store)
    accepted: list[bool] = []
    dialog.keyAccepted.connect(lambda _k, _i, remembered: accepted.append(remembered))
    submit(qtbot, dialog, sandbox.api_key)
    assert wait_problem(qtbot, dialog) == "keyring"
    assert "session only" in dialog.message.text()
    assert dialog.session_button.isVisible()
    dialog.session_button.click()
    assert accepted == [False]
