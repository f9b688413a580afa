"""Painting the progress and result columns natively, without a widget per row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from .queue_model import OpenUrlRole, ProgressRole, StateRole

# Files whose bytes are all with Scripe: a full, muted bar that says so, never a half-full one
# that looks like an upload (a busy bar painted without animation is a still chunk).
_WITH_SCRIPE = {
    "attaching": QT_TRANSLATE_NOOP("ProgressDelegate", "Adding to Scripe"),
    "processing": QT_TRANSLATE_NOOP("ProgressDelegate", "Processing"),
}


class ProgressDelegate(QStyledItemDelegate):
    """Draws ``ProgressRole`` (0..1, or -1 for busy) with the current style's progress bar;
    files being added or processed in Scripe get a full, muted bar labelled so.

    Why a delegate and not ``setIndexWidget``: 10,000 QProgressBar widgets would cost memory and
    layout time; painting is free for rows that are not visible.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(ProgressRole)
        if value is None:
            super().paint(painter, option, index)
            return
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        # Selection background first, so a selected row still looks selected.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 5, -4, -5)  # type: ignore[attr-defined]
        bar.state = option.state | QStyle.StateFlag.State_Horizontal  # type: ignore[attr-defined]
        bar.direction = option.direction  # type: ignore[attr-defined]
        bar.palette = option.palette  # type: ignore[attr-defined]
        bar.fontMetrics = option.fontMetrics  # type: ignore[attr-defined]
        bar.minimum = 0
        if float(value) < 0:  # busy: an empty bar of 0..0 draws as "working"
            bar.maximum = 0
            bar.progress = 0
        else:
            bar.maximum = 1000
            bar.progress = int(float(value) * 1000)
        bar.textVisible = False
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        label = _WITH_SCRIPE.get(str(index.data(StateRole)))
        if label is not None:
            bar.textVisible = True
            text = QCoreApplication.translate("ProgressDelegate", label)
            room = bar.rect.width() - 6  # type: ignore[attr-defined]
            bar.text = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, room)  # type: ignore[attr-defined]
            pal = QPalette(option.palette)  # type: ignore[attr-defined]
            muted = pal.color(QPalette.ColorRole.Highlight)
            muted.setAlpha(90)
            pal.setColor(QPalette.ColorRole.Highlight, muted)
            pal.setColor(QPalette.ColorRole.HighlightedText, pal.color(QPalette.ColorRole.Text))
            bar.palette = pal
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class ResultDelegate(QStyledItemDelegate):
    """An "Open in Scripe" button on rows that arrived (the status says where they went).

    Emits nothing itself: ``open_requested`` is a plain callback set by the view, so opening
    stays in one place (the view's "Open in Scripe" action, also on double-click).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_requested: Callable[[QModelIndex], None] | None = None
        self._label = QCoreApplication.translate("ResultDelegate", "Open in Scripe")

    def _button_rect(self, option: QStyleOptionViewItem) -> QRect:
        fm = option.fontMetrics  # type: ignore[attr-defined]
        width = fm.horizontalAdvance(self._label) + 16
        r = option.rect  # type: ignore[attr-defined]
        width = min(width, max(0, r.width() - 6))
        return QRect(r.right() - width - 3, r.top() + 3, width, r.height() - 6)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        if not text:  # most rows: just the row background, no further calls into the model
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget
            )
            return
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        btn = QStyleOptionButton()
        btn.rect = self._button_rect(option)
        btn.text = str(text)
        btn.palette = option.palette  # type: ignore[attr-defined]
        btn.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        style.drawControl(QStyle.ControlElement.CE_PushButton, btn, painter, widget)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and index.siblingAtColumn(0).data(OpenUrlRole)
            and self._button_rect(option).contains(event.position().toPoint())
            and self.open_requested is not None
        ):
            self.open_requested(QModelIndex(index))
            return True
        return super().editorEvent(event, model, option, index)

    def button_rect(self, option: QStyleOptionViewItem) -> QRect:
        """Where the button is painted in a cell (tests click there)."""
        return self._button_rect(option)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        fm = option.fontMetrics  # type: ignore[attr-defined]
        return QSize(size.width() + fm.horizontalAdvance(self._label) + 24, size.height())
