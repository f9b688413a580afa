""" "Send to…": choose a destination for selected files; and the note after a retarget.

Why a dialog and not the destination bar: the bar follows the latest drop, while "Send to…"
works on any selection of unfinished or failed rows, from any batch, also after a restart.
The engine decides what may still move (``UploadEngine.send_to``); the window only asks where.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.api import Project
from scripe_desktop.engine.events import AttachKind, RetargetReport, Target

from . import icons
from .texts import destination_label, plural


class SendToDialog(QDialog):
    """Emits ``chosen(ids, Target)`` when accepted with a usable destination."""

    chosen = Signal(list, object)

    def __init__(
        self, item_ids: list[int], projects: list[Project], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.item_ids = list(item_ids)
        self.setWindowTitle(self.tr("Send to"))
        self.setModal(True)
        n = len(self.item_ids)
        title = QLabel(plural(self.tr("Where should %n file(s) go?", "", n), n))
        self.sources_radio = QRadioButton(self.tr("&Sources in"))
        self.knowledge_radio = QRadioButton(self.tr("&Knowledge"))
        self.upload_only_radio = QRadioButton(self.tr("&Upload only"))
        self.group = QButtonGroup(self)
        for button in (self.sources_radio, self.knowledge_radio, self.upload_only_radio):
            self.group.addButton(button)
        self.project_combo = QComboBox()
        self.project_combo.setAccessibleName(self.tr("Project"))
        self.project_combo.addItem(self.tr("Choose a project…"), None)
        for project in projects:
            self.project_combo.addItem(project.name, project.id)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Send"))
        row = QHBoxLayout()
        row.addWidget(self.sources_radio)
        row.addWidget(self.project_combo, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.knowledge_radio)
        layout.addWidget(self.upload_only_radio)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.group.buttonToggled.connect(self._sync)
        self.project_combo.currentIndexChanged.connect(self._sync)
        (self.sources_radio if projects else self.knowledge_radio).setChecked(True)
        self._sync()

    def target(self) -> Target | None:
        if self.knowledge_radio.isChecked():
            return Target(AttachKind.KNOWLEDGE)
        if self.upload_only_radio.isChecked():
            return Target(AttachKind.NONE)
        project = self.project_combo.currentData()
        return Target(AttachKind.SOURCE, project) if project else None

    def _sync(self, *_: object) -> None:
        self.project_combo.setEnabled(self.sources_radio.isChecked())
        self.ok_button.setEnabled(self.target() is not None)

    def accept(self) -> None:
        target = self.target()
        if target is None:
            return
        super().accept()
        self.chosen.emit(self.item_ids, target)


class AlreadySentNote(QFrame):
    """After a destination change: "5 files were already added to Knowledge" and an offer
    to also send them to the new place (a new upload: an upload is attached only once)."""

    sendCopiesRequested = Signal(list, object)  # item ids, Target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alreadySentNote")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._ids: list[int] = []
        self._target: Target | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("Also send them there"))
        self.copy_button.setAccessibleName(self.tr("Also send these files to the new place"))
        self.close_button = QToolButton()
        self.close_button.setIcon(icons.icon("cancel"))
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(self.tr("Hide this note"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.close_button)
        self.copy_button.clicked.connect(self._send)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_report(self, report: RetargetReport, names: dict[str, str]) -> None:
        if not report.already:
            self.hide()
            return
        parts = []
        self._ids = []
        for old, ids in report.already:
            n = len(ids)
            place = destination_label(old, names)
            if n == 1:  # English has no "(s)" form for the verb
                text = self.tr("1 file was already added to {place}.")
            else:
                text = self.tr("%n files were already added to {place}.", "", n).replace(
                    "%n", str(n)
                )
            parts.append(text.format(place=place))
            self._ids.extend(ids)
        self._target = report.target
        self.label.setText(" ".join(parts))
        self.copy_button.setText(
            self.tr("Also send them to {place}").format(
                place=destination_label(report.target, names)
            )
        )
        self.show()

    def _send(self) -> None:
        if self._ids and self._target is not None:
            self.sendCopiesRequested.emit(list(self._ids), self._target)
        self.hide()
