"""First run (and "change key"): explain the app in one sentence, take a key, check it, store it.

The check (``/v1/workspaces/me``) and the keyring write run on worker threads; the dialog shows a
busy bar and stays responsive. Each failure gets its own sentence and a way forward; technical
detail goes into a "Details" expander. If no secure keyring is usable, the user may keep the key
for this session only, in memory: it is never written to disk.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.api import WorkspaceInfo
from scripe_desktop.contract import is_valid_key_format
from scripe_desktop.credentials import CredentialError, CredentialStore

from . import icons
from .key_check import (
    KEYS_LOCATION,
    KeyProblem,
    check_key,
    clean_pasted_key,
    explain_code,
    explain_credential_error,
    save_key,
)
from .links import api_keys_page, open_link
from .workers import run_task

log = logging.getLogger(__name__)


class OnboardingDialog(QDialog):
    """Emits ``keyAccepted(key, workspace_info, remembered)`` once a key is checked (and stored)."""

    keyAccepted = Signal(str, object, bool)

    def __init__(
        self,
        api_base: str,
        store: CredentialStore,
        parent: QWidget | None = None,
        *,
        revoked: bool | None = None,
    ) -> None:
        """``revoked``: Scripe refused the key this app had (None: ask the parent window)."""
        super().__init__(parent)
        self._api_base = api_base
        self._store = store
        self._pending: tuple[str, WorkspaceInfo] | None = None
        if revoked is None:
            revoked = str(getattr(parent, "account_state", "")) == "revoked"
        self.revoked = revoked
        self.setWindowIcon(icons.app_icon())
        self.setMinimumWidth(560)

        if revoked:
            self.setWindowTitle(self.tr("Enter a new Scripe key"))
            title = QLabel(self.tr("<h2>Your Scripe key stopped working</h2>"))
            intro = QLabel(
                self.tr(
                    "Scripe no longer accepts the key this app was using: it was revoked or "
                    "has expired. Your queue is kept; uploads continue once a new key works."
                )
            )
            where = QLabel(
                self.tr(
                    "Create a new key in Scripe under <b>{where}</b> and paste it here."
                ).format(where=KEYS_LOCATION)
            )
        else:
            self.setWindowTitle(self.tr("Connect Scripe Desktop"))
            title = QLabel(self.tr("<h2>Welcome to Scripe Desktop</h2>"))
            intro = QLabel(
                self.tr(
                    "Drop files and folders on this window and they go to your Scripe "
                    "workspace, as sources or knowledge."
                )
            )
            where = QLabel(
                self.tr(
                    "To connect, paste an API key. In Scripe, open <b>{where}</b> and create one."
                ).format(where=KEYS_LOCATION)
            )
        for label in (intro, where):
            label.setWordWrap(True)
        self.keys_link = QLabel(
            f'<a href="{api_keys_page(api_base)}">{self.tr("Open Scripe’s API keys page")}</a>'
        )
        self.keys_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.keys_link.setAccessibleName(self.tr("Open Scripe’s API keys page"))
        self.keys_link.linkActivated.connect(lambda url: open_link(url, self))

        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste your key: scripe_sk_live_…"))
        self.key_edit.setAccessibleName(self.tr("API key"))
        self.key_edit.setClearButtonEnabled(True)
        reveal = QAction(icons.icon("key"), self.tr("Show or hide the key"), self.key_edit)
        reveal.setCheckable(True)
        reveal.toggled.connect(
            lambda on: self.key_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.key_edit.addAction(reveal, QLineEdit.ActionPosition.TrailingPosition)
        key_label = QLabel(self.tr("&API key:"))
        key_label.setBuddy(self.key_edit)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setAccessibleName(self.tr("Checking the key"))
        self.busy.hide()

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Result of the key check"))
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.details_button.hide()
        self.details_button.toggled.connect(self._toggle_details)

        self.buttons = QDialogButtonBox()
        self.connect_button = self.buttons.addButton(
            self.tr("&Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setDefault(True)
        self.session_button = QPushButton(self.tr("Keep for this &session only"))
        self.session_button.setAccessibleDescription(
            self.tr("Use the key until Scripe Desktop closes, without saving it anywhere")
        )
        self.buttons.addButton(self.session_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.session_button.hide()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter means Connect wherever the focus is (keyPressEvent); no other button may
        # become the default when Connect is busy.
        for button in (self.session_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.connect_button.clicked.connect(self.submit)
        self.session_button.clicked.connect(self._keep_for_session)
        self.cancel_button.clicked.connect(self.reject)
        self.key_edit.textChanged.connect(self._on_text_changed)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addWidget(self.keys_link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(8)
        layout.addWidget(key_label)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.key_edit, self.connect_button)
        self.resize(560, layout.totalHeightForWidth(560))
        close = QAction(self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.reject)
        self.addAction(close)

    # -- state -----------------------------------------------------------------------------

    @property
    def checking(self) -> bool:
        return self.busy.isVisible() or self.key_edit.isReadOnly()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            if self.session_button.hasFocus():
                self._keep_for_session()
            else:
                self.submit()
            return
        super().keyPressEvent(event)  # Escape rejects

    @property
    def problem_code(self) -> str | None:
        """The code of the last failure shown (for tests and logs), None when all is well."""
        return self.property("problemCode") or None

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        # Read-only, not disabled: the focus stays in the field, so Enter still means Connect.
        self.key_edit.setReadOnly(busy)
        self.connect_button.setEnabled(not busy)
        if busy:
            self._show(self.tr("Checking the key with Scripe…"), "", None)

    def _show(self, sentence: str, detail: str, code: str | None) -> None:
        self.setProperty("problemCode", code or "")
        self.message.setText(sentence)
        self.details.setText(detail)
        self.details_button.setVisible(bool(detail))
        if not detail:
            self.details_button.setChecked(False)
        self._fit()

    def _fit(self) -> None:
        """Grow to fit wrapped text (a word-wrapped label does not resize its window)."""
        self.layout().activate()
        height = self.layout().totalHeightForWidth(self.width())
        if height > self.height():
            self.resize(self.width(), height)

    def _toggle_details(self, on: bool) -> None:
        self.details.setVisible(on)
        self._fit()
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _on_text_changed(self) -> None:
        self.session_button.hide()
        self._pending = None

    # -- flow ------------------------------------------------------------------------------

    def submit(self) -> None:
        """Check the format at once (no network for a mangled paste), then the key itself."""
        if self.checking:
            return  # one check at a time; its sentence follows
        key = clean_pasted_key(self.key_edit.text())
        if key != self.key_edit.text():
            self.key_edit.blockSignals(True)
            self.key_edit.setText(key)
            self.key_edit.blockSignals(False)
        if not key:
            self._show(self.tr("Paste your API key first."), "", "empty")
            return
        if not is_valid_key_format(key):
            self._show(explain_code("malformed"), "", "malformed")
            return
        self._set_busy(True)
        base = self._api_base
        run_task(
            lambda: check_key(key, base), self._on_checked, self._on_check_failed, context=self
        )

    def _on_checked(self, result: tuple[str, WorkspaceInfo]) -> None:
        key, info = result
        self._pending = (key, info)
        store = self._store
        run_task(lambda: save_key(store, key), self._on_saved, self._on_save_failed, context=self)

    def _on_check_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, KeyProblem):
            log.info("key check failed: %s (%s)", exc.code, exc.detail)
            self._show(exc.sentence, exc.detail, exc.code)
        else:
            log.exception("key check crashed", exc_info=exc)
            self._show(
                explain_code("unknown", self.tr("The key could not be checked.")),
                f"{type(exc).__name__}: {exc}",
                "error",
            )
        self.key_edit.setFocus()

    def _connected_text(self, info: WorkspaceInfo) -> str:
        return self.tr("Connected to the workspace “{name}” (plan: {plan}).").format(
            name=info.workspace.name, plan=info.workspace.plan or self.tr("unknown")
        )

    def _on_saved(self, _result: object) -> None:
        self._set_busy(False)
        assert self._pending is not None
        key, info = self._pending
        self._show(self._connected_text(info), "", None)
        self.keyAccepted.emit(key, info, True)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if self._pending is None:
            return
        info = self._pending[1]
        if isinstance(exc, CredentialError):
            sentence = explain_credential_error(exc)
            detail = str(exc)
        else:
            sentence = explain_credential_error(CredentialError())
            detail = type(exc).__name__
        self._show(self._connected_text(info) + "\n\n" + sentence, detail, "keyring")
        self.session_button.show()
        self.session_button.setFocus()

    def _keep_for_session(self) -> None:
        if self._pending is None:
            return
        key, info = self._pending
        self.keyAccepted.emit(key, info, False)
        self.accept()
