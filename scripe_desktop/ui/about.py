"""Help → About: version, licence, the log folder, and "Copy diagnostics" for support.

Why diagnostics are gathered on a worker: reading the log's tail and asking keyring which
back end it uses can touch the disk and D-Bus; the GUI thread only puts the finished text on
the clipboard. The text itself is built by :mod:`scripe_desktop.diagnostics` and never holds
the API key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop import __version__
from scripe_desktop.credentials import backend_label
from scripe_desktop.diagnostics import Diagnostics, log_file
from scripe_desktop.engine.events import Condition, ItemSnapshot

from . import icons
from .workers import run_task

log = logging.getLogger(__name__)


def default_keyring_label() -> str:
    """The back end the app's credential store uses by default (keyring's choice)."""
    import keyring

    try:
        return backend_label(keyring.get_keyring())
    except Exception as exc:  # a broken keyring configuration is itself worth reporting
        return f"unavailable ({type(exc).__name__})"


class AboutDialog(QDialog):
    """Modeless: it can stay open beside the window while the user writes to support."""

    def __init__(
        self,
        items: Callable[[], Sequence[ItemSnapshot]] = tuple,
        conditions: Callable[[], Sequence[Condition]] = tuple,
        keyring_label: Callable[[], str] = default_keyring_label,
        parent: QWidget | None = None,
        counts: Callable[[], Mapping[str, int]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._items = items
        self._conditions = conditions
        self._counts = counts
        self._keyring_label = keyring_label
        self.setWindowTitle(self.tr("About Scripe Desktop"))
        self.log_path = log_file()

        icon = QLabel()
        icon.setPixmap(icons.app_icon().pixmap(64, 64))
        title = QLabel(f"<b>{self.tr('Scripe Desktop')}</b>")
        self.version_label = QLabel(self.tr("Version {version}").format(version=__version__))
        self.version_label.setTextInteractionFlags(
            self.version_label.textInteractionFlags()
            | self.version_label.textInteractionFlags().TextSelectableByMouse
        )
        self.licence_label = QLabel(
            self.tr(
                "© Scripe. Scripe Desktop may be used with a Scripe workspace under Scripe's "
                "terms of service. It uses Qt and PySide6 under the GNU LGPL version 3 (as "
                "separate libraries you may replace), libmagic, httpx and keyring under BSD "
                "and MIT licences, and botocore under the Apache License 2.0."
            )
        )
        self.licence_label.setWordWrap(True)
        self.log_label = QLabel(
            self.tr("Log folder: {folder}").format(folder=str(self.log_path.parent))
        )
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(
            self.log_label.textInteractionFlags()
            | self.log_label.textInteractionFlags().TextSelectableByMouse
        )
        self.open_logs_button = QPushButton(self.tr("Open log folder"))
        self.open_logs_button.clicked.connect(self.open_log_folder)
        self.copy_button = QPushButton(icons.icon("copy"), self.tr("Copy diagnostics"))
        self.copy_button.setToolTip(
            self.tr(
                "Copies version, system, keyring and queue details and recent errors, to paste "
                "into a support request. Your API key is never included."
            )
        )
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.details_button = QPushButton(self.tr("Show details"))
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.status_label = QLabel()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(180)
        self.details.hide()
        self.diagnostics_text = ""

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        head = QHBoxLayout()
        head.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(self.version_label)
        head.addLayout(text, 1)
        actions = QHBoxLayout()
        for widget in (self.open_logs_button, self.copy_button, self.details_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.licence_label)
        layout.addWidget(self.log_label)
        layout.addLayout(actions)
        layout.addWidget(self.status_label)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows with details
        self.setMinimumWidth(560)
        self.adjustSize()

    # -- actions ---------------------------------------------------------------------------

    def open_log_folder(self) -> bool:
        """Show the folder in the file manager (made first, so there is something to open)."""
        folder = self.log_path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("could not create the log folder %s: %s", folder, exc)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            self.status_label.setText(
                self.tr("Could not open the folder. Its path is shown above.")
            )
        return opened

    def copy_diagnostics(self) -> None:
        """Gather on a worker; the clipboard is set when the text is ready."""
        self.copy_button.setEnabled(False)
        self.status_label.setText(self.tr("Collecting…"))
        report = Diagnostics(
            qt=_qt_description(),
            items=list(self._items()),  # snapshots: read here, on the GUI thread
            conditions=list(self._conditions()),
            counts=None if self._counts is None else dict(self._counts()),
            log_path=self.log_path,
        )
        label = self._keyring_label

        def build() -> str:
            report.keyring_backend = label()
            return report.text()

        run_task(build, self._on_diagnostics, self._on_diagnostics_failed, context=self)

    def _on_diagnostics(self, text: str) -> None:
        self.diagnostics_text = text
        QGuiApplication.clipboard().setText(text)
        self.details.setPlainText(text)
        self.copy_button.setEnabled(True)
        self.status_label.setText(self.tr("Copied. Paste it into your message to Scripe support."))

    def _on_diagnostics_failed(self, exc: BaseException) -> None:
        log.warning("diagnostics failed: %r", exc)
        self.copy_button.setEnabled(True)
        self.status_label.setText(self.tr("Could not collect the diagnostics. Please try again."))

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.adjustSize()
        self.details_button.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        if shown and not self.diagnostics_text:
            self.copy_diagnostics()


def _qt_description() -> str:
    import PySide6

    platform_name = QGuiApplication.platformName() or "?"
    return f"{qVersion()} (PySide6 {PySide6.__version__}, platform {platform_name})"


class HelpMenu(QObject):
    """Help → About Scripe Desktop on the window's menu bar (the app menu on macOS)."""

    def __init__(
        self,
        window: QMainWindow,
        items: Callable[[], Sequence[ItemSnapshot]] = tuple,
        conditions: Callable[[], Sequence[Condition]] = tuple,
        counts: Callable[[], Mapping[str, int]] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._items = items
        self._conditions = conditions
        self._counts = counts
        self.dialog: AboutDialog | None = None
        self.menu = window.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("About Scripe Desktop"), window)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.menu.addAction(self.about_action)

    def show_about(self) -> AboutDialog:
        if self.dialog is None:
            self.dialog = AboutDialog(
                self._items, self._conditions, parent=self._window, counts=self._counts
            )
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog
