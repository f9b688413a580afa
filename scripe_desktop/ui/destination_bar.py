"""Where the latest drop goes: Sources (in a project) or Knowledge; then how the batch ended.

A slim, non-modal bar instead of a dialog: uploading the bytes does not depend on the
destination (attaching happens after the upload), so a drop starts uploading at once with the
remembered choice and the bar lets the user change it while the batch runs; the engine applies
the new target to every item not attached yet (``set_batch_target``). Only when the remembered
choice cannot be used yet (Sources, but no project chosen) is the batch held until the user
picks a project and presses Start.

"Upload only" is not offered: Scripe deletes an unattached upload after 24 h and the window has
no way to attach it later (the CLI keeps ``--attach none`` for scripts).

When the batch finishes the bar stays where it is and becomes the batch's summary line
("37 added to Knowledge · 5 skipped"), so nothing under the pointer jumps; it goes away when
the user closes it or drops the next batch.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QWidget,
)

from scripe_desktop.api import Project
from scripe_desktop.engine.events import AttachKind, Target

from . import icons
from .app_settings import DestinationChoice
from .texts import plural


class DestinationBar(QFrame):
    """Per-batch destination choice. Emits engine-ready targets; remembers nothing itself."""

    targetChanged = Signal(int, object)  # batch id, Target (batch already running)
    startRequested = Signal(int, object)  # batch id, Target (batch was held)
    choiceChanged = Signal(object)  # DestinationChoice, to remember for the next drop
    reloadProjects = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("destinationBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Destination of the dropped files"))
        self._batch_id: int | None = None
        self._held = False
        self._summary_mode = False
        self._updating = False

        self.summary = QLabel()
        self.sources_radio = QRadioButton(self.tr("&Sources in"))
        self.knowledge_radio = QRadioButton(self.tr("&Knowledge"))
        self.sources_radio.setToolTip(self.tr("Transcribed and indexed in a project"))
        self.knowledge_radio.setToolTip(self.tr("Added to your workspace's knowledge base"))
        self.group = QButtonGroup(self)
        for button in (self.sources_radio, self.knowledge_radio):
            self.group.addButton(button)
        self.project_combo = QComboBox()
        self.project_combo.setAccessibleName(self.tr("Project"))
        self.project_combo.setMinimumContentsLength(16)
        self.project_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.reload_button = QToolButton()
        self.reload_button.setIcon(icons.icon("retry"))
        self.reload_button.setToolTip(self.tr("Load the list of projects again"))
        self.reload_button.setAccessibleName(self.tr("Reload projects"))
        self.reload_button.hide()
        self.start_button = QPushButton(icons.icon("upload"), self.tr("S&tart"))
        self.start_button.setAccessibleName(self.tr("Start uploading this batch"))
        self.start_button.hide()
        self.close_button = QToolButton()
        self.close_button.setIcon(icons.icon("cancel"))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Hide"))
        self.close_button.setAccessibleName(self.tr("Hide the destination bar"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.sources_radio)
        layout.addWidget(self.project_combo)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.knowledge_radio)
        layout.addStretch(1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.close_button)

        self.group.buttonToggled.connect(self._on_changed)
        self.project_combo.currentIndexChanged.connect(self._on_changed)
        self.start_button.clicked.connect(self._start)
        self.close_button.clicked.connect(self.hide)
        self.reload_button.clicked.connect(self.reloadProjects)
        self.set_projects_loading()

    # -- projects --------------------------------------------------------------------------

    def set_projects_loading(self) -> None:
        self._updating = True
        self.project_combo.clear()
        self.project_combo.addItem(self.tr("Loading projects…"), None)
        self.project_combo.setEnabled(False)
        self.reload_button.hide()
        self._updating = False

    def set_projects_failed(self, sentence: str) -> None:
        self._updating = True
        self.project_combo.clear()
        self.project_combo.addItem(self.tr("Projects unavailable"), None)
        self.project_combo.setToolTip(sentence)
        self.project_combo.setEnabled(False)
        self.reload_button.show()
        self._updating = False
        self._sync_start()

    def set_projects(self, projects: list[Project], selected: str | None) -> None:
        self._updating = True
        self.project_combo.clear()
        if not projects:
            self.project_combo.addItem(self.tr("No projects yet"), None)
        else:
            self.project_combo.addItem(self.tr("Choose a project…"), None)
        for project in projects:
            self.project_combo.addItem(project.name, project.id)
        index = self.project_combo.findData(selected) if selected else -1
        self.project_combo.setCurrentIndex(max(index, 0))
        self.project_combo.setEnabled(bool(projects) and self.sources_radio.isChecked())
        self.project_combo.setToolTip("")
        self.reload_button.hide()
        self._updating = False
        self._sync_start()

    # -- batches ---------------------------------------------------------------------------

    @property
    def batch_id(self) -> int | None:
        return self._batch_id

    def present(self, batch_id: int, choice: DestinationChoice | None, *, held: bool) -> None:
        """Show the choice for a new batch (held = waiting for Start). ``None``: nothing was
        ever chosen (a first drop), so neither place is ticked: the rows say "Not chosen
        yet" and the bar must not look as if it had been."""
        self._batch_id = batch_id
        self._held = held
        self._set_summary_mode(False)
        self._updating = True
        if choice is None:
            self.group.setExclusive(False)  # an exclusive group keeps one button checked
            self.sources_radio.setChecked(False)
            self.knowledge_radio.setChecked(False)
            self.group.setExclusive(True)
        else:
            radio = self.sources_radio if choice.kind is AttachKind.SOURCE else None
            (radio or self.knowledge_radio).setChecked(True)
        if choice is not None and choice.project_id:
            index = self.project_combo.findData(choice.project_id)
            if index >= 0:
                self.project_combo.setCurrentIndex(index)
        self._updating = False
        self.set_file_count(None)
        self._sync_start()
        self.show()

    def set_file_count(self, count: int | None) -> None:
        if count is None:
            self.summary.setText(self.tr("Send dropped files to:"))
        else:
            self.summary.setText(plural(self.tr("Send %n file(s) to:", "", count), count))

    def batch_finished(self, batch_id: int, summary: str = "") -> bool:
        """Turn into the batch's summary line in place (True if this bar showed it); without
        a summary (every file was sent elsewhere) the bar goes away."""
        if batch_id != self._batch_id:
            return False
        self._batch_id = None
        self._held = False
        if not summary:
            self.hide()
            return True
        self.summary.setText(summary)
        self._set_summary_mode(True)
        return True

    def update_summary(self, summary: str) -> None:
        """The summary line shown, said again after some of its rows left the list (none
        left: the bar goes)."""
        if not self._summary_mode:
            return
        if summary:
            self.summary.setText(summary)
        else:
            self.hide()

    @property
    def held(self) -> bool:
        return self._held

    @property
    def showing_summary(self) -> bool:
        return self._summary_mode

    def _set_summary_mode(self, on: bool) -> None:
        self._summary_mode = on
        for w in (self.sources_radio, self.knowledge_radio, self.project_combo):
            w.setVisible(not on)
        if on:
            self.reload_button.hide()
            self.start_button.hide()

    def choice(self) -> DestinationChoice | None:
        """The place ticked (None: neither yet)."""
        if self.sources_radio.isChecked():
            return DestinationChoice(AttachKind.SOURCE, self.project_combo.currentData())
        if self.knowledge_radio.isChecked():
            return DestinationChoice(AttachKind.KNOWLEDGE)
        return None

    def _target(self) -> Target | None:
        choice = self.choice()
        return None if choice is None else choice.target()

    def _sync_start(self) -> None:
        sources = self.sources_radio.isChecked()
        self.project_combo.setEnabled(sources and self.project_combo.count() > 1)
        ready = self._target() is not None
        self.start_button.setVisible(self._held)
        self.start_button.setEnabled(ready)
        if self._held and not ready:
            self.start_button.setToolTip(
                self.tr("Choose a project first")
                if sources
                else self.tr("Choose Sources or Knowledge first")
            )
        else:
            self.start_button.setToolTip("")

    def _on_changed(self, *args: object) -> None:
        if self._updating:
            return
        self._sync_start()
        choice = self.choice()
        if choice is None:
            return
        self.choiceChanged.emit(choice)
        target = choice.target()
        if target is not None and self._batch_id is not None and not self._held:
            self.targetChanged.emit(self._batch_id, target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter starts a held batch (as a dialog's default button would); Escape hides the
        bar, as its close button does. Keys the bar's own controls don't use arrive here."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.start_button.isVisible():
            if self.start_button.isEnabled():
                self.start_button.click()
            event.accept()
        elif key == Qt.Key.Key_Escape:
            self.close_button.click()
            event.accept()
        else:
            super().keyPressEvent(event)

    def _start(self) -> None:
        target = self._target()
        if target is None or self._batch_id is None:
            return
        self._held = False
        self._sync_start()
        self.startRequested.emit(self._batch_id, target)
