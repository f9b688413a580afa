"""Onboarding as a person uses it: Enter, Escape, a pasted key with a line break, the link,
and coming back after Scripe revoked the key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from scripe_desktop.credentials import CredentialStore
from scripe_desktop.sandbox import Sandbox
from scripe_desktop.ui.key_check import KEYS_URL
from scripe_desktop.ui.links import api_keys_page
from scripe_desktop.ui.onboarding import OnboardingDialog

from .ui_helpers import catch_urls

pytestmark = pytest.mark.gui


def open_dialog(qtbot, base: str, store: CredentialStore, **kw: object) -> OnboardingDialog:
    dialog = OnboardingDialog(base, store, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.key_edit.setFocus()
    return dialog


def test_enter_in_the_key_field_means_connect_and_shows_the_outcome(
    qtbot, sandbox: Sandbox, memory_store: CredentialStore
) -> None:
    key = sandbox.issue_key()
    sandbox.revoke_key(key)
    dialog = open_dialog(qtbot, sandbox.base_url, memory_store)
    rejected: list[int] = []
    dialog.rejected.connect(lambda: rejected.append(1))
    qtbot.keyClicks(dialog.key_edit, key)
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
    assert dialog.checking
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # impatient: again
    qtbot.waitUntil(lambda: not dialog.checking and bool(dialog.problem_code), timeout=15_000)
    assert dialog.isVisible() and not rejected  # Enter never cancelled
    assert dialog.problem_code == "key_revoked" and "revoked" in dialog.message.text()
    assert dialog.message.isVisible()
    # A second wrong try by Enter gets its sentence too.
    dialog.key_edit.setText("nonsense")
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Enter)
    assert dialog.problem_code == "malformed" and dialog.message.text()
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Escape)
    assert rejected and not dialog.isVisible()  # Escape is Cancel


def test_a_key_pasted_with_a_line_break_inside_is_cleaned(
    qtbot, sandbox: Sandbox, memory_store: CredentialStore
) -> None:
    dialog = open_dialog(qtbot, sandbox.base_url, memory_store)
    accepted: list[str] = []
    dialog.keyAccepted.connect(lambda k, _i, _r: accepted.append(k))
    key = sandbox.api_key
    QGuiApplication.clipboard().setText(key[:20] + "\r\n" + key[20:] + "\n")
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(accepted), timeout=15_000)
    assert accepted == [key] and memory_store.load() == key


def test_the_api_keys_page_is_a_link(
    qtbot, memory_store: CredentialStore, closed_port_url: str
) -> None:
    dialog = open_dialog(qtbot, closed_port_url, memory_store)
    link = dialog.keys_link
    assert link.isVisible() and "<a href" in link.text()
    with catch_urls("http", "https") as opened:
        point = QPoint(link.fontMetrics().averageCharWidth() * 3, link.height() // 2)
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=point)
        qtbot.waitUntil(lambda: bool(opened), timeout=3000)
    # an API on this computer is the sandbox: its own keys page (Scripe's is KEYS_URL)
    assert [u.toString() for u in opened] == [api_keys_page(closed_port_url)]
    assert opened[0].toString().startswith(closed_port_url + "/app/") and KEYS_URL.startswith(
        "https://app.scripe.io/"
    )


def test_onboarding_after_a_revoked_key_has_its_own_title_and_words(
    qtbot, memory_store: CredentialStore, closed_port_url: str
) -> None:
    first = open_dialog(qtbot, closed_port_url, memory_store)
    again = open_dialog(qtbot, closed_port_url, memory_store, revoked=True)
    assert first.windowTitle() == "Connect Scripe Desktop"
    assert again.windowTitle() == "Enter a new Scripe key"
    texts = " ".join(w.text() for w in again.findChildren(type(again.message)))
    assert "no longer accepts" in texts and "Welcome" not in texts
