"""The selected file in full: why it was skipped or failed, in wrapped words, and what it is.

Why a pane and not only a tooltip: a reason cut at the column edge ("Skipped: this file is
larger than the 25 MB…") is unreadable, tooltips need a steady mouse, and keyboard users never
see them. The technical detail is one click further, never in the sentence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from scripe_desktop.engine.events import ItemSnapshot, ItemState

from . import texts


class DetailsPane(QFrame):
    """Shows one :class:`ItemSnapshot` (``show_item``); hidden when nothing is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Details of the selected file"))
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Status in full"))
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_button = QToolButton()
        self.detail_button.setText(self.tr("Technical details"))
        self.detail_button.setCheckable(True)
        self.detail_button.setArrowType(Qt.ArrowType.RightArrow)
        self.detail_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.title, self.facts, self.status, self.note, self.detail):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        self.detail_button.toggled.connect(self._toggle_detail)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        for w in (self.title, self.facts, self.status, self.note):
            layout.addWidget(w)
        layout.addWidget(self.detail_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail)
        self.item: ItemSnapshot | None = None
        self.hide()

    def show_item(self, item: ItemSnapshot | None, status: str = "", place: str = "") -> None:
        """Fill in ``item`` with its full status sentence (None hides the pane)."""
        self.item = item
        if item is None:
            self.hide()
            return
        self.title.setText(item.name)
        facts = [
            texts.type_label(item.content_type, item.state.finished),
            texts.human_bytes(item.size),
        ]
        if place and item.state is not ItemState.SKIPPED:
            facts.append(place)
        facts.append(item.path)
        self.facts.setText(" · ".join(facts))
        self.status.setText(status)
        note = ""
        if item.state is ItemState.FAILED and item.job_status == "FAILED":
            note = self.tr(
                "Scripe could not process the copy it received; that copy stays in Scripe. "
                "Trying again sends a new one."
            )
        elif item.state is ItemState.PAUSED and item.bytes_sent > 0:
            note = self.tr("When you resume, the file is sent again from the beginning.")
        elif item.result_id:
            note = self.tr("Scripe id: {id}").format(id=item.result_id)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.detail.setText(item.detail or "")
        self.detail_button.setVisible(bool(item.detail))
        if not item.detail:
            self.detail_button.setChecked(False)
        self.show()

    def _toggle_detail(self, on: bool) -> None:
        self.detail.setVisible(on)
        self.detail_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
