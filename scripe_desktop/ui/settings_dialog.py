"""Settings: account (workspace, change or remove key), uploads, advanced (API address).

Everything here is stored in QSettings through :class:`AppSettings`; the API key is not: the
account tab only hands "change"/"remove" requests to the window, which talks to the keyring off
the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.api import Project, check_base_url
from scripe_desktop.contract import DEFAULT_API_BASE
from scripe_desktop.engine.events import AttachKind

from .app_settings import AppSettings, DestinationChoice
from .texts import human_speed

LIMIT_CHOICES_MB = (1, 2, 5, 10, 20, 50)


class SettingsDialog(QDialog):
    """Emits ``applied`` after saving, and key requests for the window to carry out."""

    applied = Signal()
    apiBaseChanged = Signal(str)  # the user typed a new address (applied at once)
    changeKeyRequested = Signal()
    removeKeyRequested = Signal()

    def __init__(
        self,
        settings: AppSettings,
        *,
        workspace: str | None,
        projects: list[Project],
        sandbox: bool = False,
        sandbox_base: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.sandbox = sandbox
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(480)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._account_tab(workspace, sandbox), self.tr("&Account"))
        self.tabs.addTab(self._uploads_tab(projects), self.tr("&Uploads"))
        self.tabs.addTab(self._advanced_tab(sandbox, sandbox_base), self.tr("A&dvanced"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    # -- tabs ------------------------------------------------------------------------------

    def _account_tab(self, workspace: str | None, sandbox: bool) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.workspace_label = QLabel(workspace or self.tr("Not connected"))
        self.workspace_label.setAccessibleName(self.tr("Workspace"))
        form.addRow(self.tr("Workspace:"), self.workspace_label)
        self.change_key_button = QPushButton(
            self.tr("&Change key…") if workspace is not None else self.tr("Add &key…")
        )
        self.remove_key_button = QPushButton(self.tr("&Remove key"))
        self.remove_key_button.setEnabled(workspace is not None and not sandbox)
        self.change_key_button.setEnabled(not sandbox)
        row = QHBoxLayout()
        row.addWidget(self.change_key_button)
        row.addWidget(self.remove_key_button)
        row.addStretch(1)
        form.addRow(self.tr("API key:"), row)
        note = QLabel(
            self.tr("The key is kept in your system's password store, never in a file.")
            if not sandbox
            else self.tr("Sandbox mode uses a built-in test key.")
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.change_key_button.clicked.connect(self._change_key)
        self.remove_key_button.clicked.connect(self._remove_key)
        return page

    def _uploads_tab(self, projects: list[Project]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Sources in a project"), AttachKind.SOURCE.value)
        self.kind_combo.addItem(self.tr("Knowledge"), AttachKind.KNOWLEDGE.value)
        self.project_combo = QComboBox()
        self.project_combo.addItem(self.tr("Ask on each drop"), None)
        for project in projects:
            self.project_combo.addItem(project.name, project.id)
        choice = self.settings.destination
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(choice.kind.value)))
        if choice.project_id:
            index = self.project_combo.findData(choice.project_id)
            if index < 0:  # projects not loaded yet: keep the stored id selectable
                self.project_combo.addItem(choice.project_id, choice.project_id)
                index = self.project_combo.count() - 1
            self.project_combo.setCurrentIndex(index)
        self.kind_combo.currentIndexChanged.connect(self._sync_project)
        self._sync_project()
        form.addRow(self.tr("Default &destination:"), self.kind_combo)
        form.addRow(self.tr("&Project:"), self.project_combo)

        self.concurrency_spin = QSpinBox()
        self.concurrency_spin.setRange(1, 16)
        self.concurrency_spin.setValue(self.settings.concurrency)
        form.addRow(self.tr("&Simultaneous uploads:"), self.concurrency_spin)

        self.limit_combo = QComboBox()
        self.limit_combo.setAccessibleName(self.tr("Upload speed limit"))
        self.limit_combo.addItem(self.tr("No limit"), 0)
        for mb in LIMIT_CHOICES_MB:
            self.limit_combo.addItem(self.tr("Limit to {n} MB/s").format(n=mb), mb * 1024)
        kbps = self.settings.rate_limit_kbps
        index = self.limit_combo.findData(kbps)
        if index < 0:  # set elsewhere (an older version, the CLI): keep it choosable
            self.limit_combo.addItem(
                self.tr("Limit to {speed}").format(speed=human_speed(kbps * 1024)), kbps
            )
            index = self.limit_combo.count() - 1
        self.limit_combo.setCurrentIndex(index)
        limit_label = QLabel(self.tr("&Bandwidth:"))
        limit_label.setBuddy(self.limit_combo)
        form.addRow(limit_label, self.limit_combo)
        return page

    def _advanced_tab(self, sandbox: bool, sandbox_base: str | None) -> QWidget:
        """In sandbox mode the address in use is the local sandbox's, shown greyed: the stored
        address is not what the app talks to then, and is left as it is."""
        page = QWidget()
        form = QFormLayout(page)
        self.base_edit = QLineEdit(self.settings.api_base if not sandbox else sandbox_base or "")
        self.base_edit.setAccessibleName(self.tr("API address"))
        self.base_edit.setPlaceholderText(
            DEFAULT_API_BASE if not sandbox else self.tr("The sandbox is starting…")
        )
        self.base_edit.setEnabled(not sandbox)
        reset = QPushButton(self.tr("R&eset"))
        reset.clicked.connect(lambda: self.base_edit.setText(DEFAULT_API_BASE))
        reset.setEnabled(not sandbox)
        row = QHBoxLayout()
        row.addWidget(self.base_edit, 1)
        row.addWidget(reset)
        base_label = QLabel(self.tr("API &address:"))  # a real buddy: "&" is a mnemonic
        base_label.setBuddy(self.base_edit)
        form.addRow(base_label, row)
        self.base_error = QLabel()
        self.base_error.setWordWrap(True)
        self.base_error.hide()
        form.addRow(self.base_error)
        hint = QLabel(
            self.tr(
                "Only change this for a staging server or the local sandbox. "
                "Uploads switch to the new address when you press OK."
            )
            if not sandbox
            else self.tr(
                "Sandbox mode: this address is a local stand-in for Scripe on this computer, for "
                "trying the app. Nothing is sent to Scripe, and your own address is kept."
            )
        )
        self.base_hint = hint
        hint.setWordWrap(True)
        form.addRow(hint)
        return page

    def _sync_project(self) -> None:
        self.project_combo.setEnabled(self.kind_combo.currentData() == AttachKind.SOURCE.value)

    # -- actions ---------------------------------------------------------------------------

    def _change_key(self) -> None:
        self.changeKeyRequested.emit()
        self.accept()

    def _remove_key(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove key"),
            self.tr(
                "Remove the API key from this computer? Uploads stop until "
                "you enter a key again; the queue is kept."
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: box.clickedButton() is remove and self._do_remove())
        box.open()

    def _do_remove(self) -> None:
        self.removeKeyRequested.emit()
        self.workspace_label.setText(self.tr("Not connected"))
        self.remove_key_button.setEnabled(False)

    def save(self) -> None:
        """Validate, write to QSettings, emit ``applied`` and close."""
        base = self.base_edit.text().strip() or DEFAULT_API_BASE
        try:
            base = self.settings.api_base if self.sandbox else check_base_url(base)
        except ValueError:
            self.tabs.setCurrentIndex(2)
            self.base_error.setText(
                self.tr("The address must start with https:// (http:// only for this computer).")
            )
            self.base_error.show()
            self.base_edit.setFocus()
            return
        # never the sandbox's loopback address: it is gone at the next start without --sandbox
        changed = not self.sandbox and base != self.settings.api_base
        if changed:
            self.settings.api_base = base
        kind = AttachKind(self.kind_combo.currentData())
        self.settings.destination = DestinationChoice(kind, self.project_combo.currentData())
        self.settings.concurrency = self.concurrency_spin.value()
        self.settings.rate_limit_kbps = int(self.limit_combo.currentData() or 0)
        self.settings.sync()
        self.applied.emit()
        if changed:
            self.apiBaseChanged.emit(self.settings.api_base)
        self.accept()
