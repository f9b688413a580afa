"""Painting the queue's cells with one call into the model per cell, and the progress and
result columns natively, without a widget per row.

Why: painting a screenful of rows was most of the GUI thread's time while a big folder came
in (a repaint per insert). Qt's own delegate asks each cell for seven roles, each a round trip
from C++ into Python through the proxy; ``CellDelegate`` asks once (``PaintRole``) and fills
the style option as Qt would. Bars and buttons, drawn by the style with gradients and rounded
corners, are painted once into small cached pixmaps and copied after that.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

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
from PySide6.QtGui import QIcon, QMouseEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionButton,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from .queue_model import Column, OpenUrlRole, PaintRole

_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_HAS_DECORATION = QStyleOptionViewItem.ViewItemFeature.HasDecoration
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_ENABLED, _SELECTED = QStyle.StateFlag.State_Enabled, QStyle.StateFlag.State_Selected
_OPEN = QStyle.StateFlag.State_Open


class CellDelegate(QStyledItemDelegate):
    """Qt's delegate, reading each cell with one ``PaintRole`` call.

    ``initStyleOption`` fills the option exactly as ``QStyledItemDelegate`` does from the
    separate roles (tests compare the pixels); a model without ``PaintRole`` gets Qt's own."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        cell = index.data(PaintRole)
        if cell is None:
            super().initStyleOption(option, index)
            return
        text, icon = cell[0], cell[1]
        option.index = index  # type: ignore[attr-defined]
        if index.column() == Column.SIZE:
            option.displayAlignment = _RIGHT  # type: ignore[attr-defined]
        if icon is not None:
            _set_icon(option, *icon)
        if text is not None:
            option.features |= _HAS_DISPLAY  # type: ignore[attr-defined]
            option.text = text.replace("\n", "\u2028")  # type: ignore[attr-defined]
        option.styleObject = None  # type: ignore[attr-defined]  # no style animations in cells


def _set_icon(option: QStyleOptionViewItem, icon: QIcon, size: QSize) -> None:
    """The decoration as Qt sets it: a pixmap keeps its size; an icon is clamped to the
    view's icon size."""
    option.features |= _HAS_DECORATION  # type: ignore[attr-defined]
    option.icon = icon  # type: ignore[attr-defined]
    if size.isValid():
        option.decorationSize = size  # type: ignore[attr-defined]
        return
    state = option.state  # type: ignore[attr-defined]
    if not state & _ENABLED:
        mode = QIcon.Mode.Disabled
    elif state & _SELECTED:
        mode = QIcon.Mode.Selected
    else:
        mode = QIcon.Mode.Normal
    wanted = option.decorationSize  # type: ignore[attr-defined]
    actual = icon.actualSize(wanted, mode, QIcon.State.On if state & _OPEN else QIcon.State.Off)
    option.decorationSize = wanted.boundedTo(actual)  # type: ignore[attr-defined]


class PixmapCache:
    """Small pictures the style drew once, by what they depend on (least recently used go).

    A screenful of waiting rows shows the same empty bar twenty times; an uploading row draws
    a new one only when its fill moves by a pixel."""

    MARGIN = 2

    def __init__(self, size: int = 96) -> None:
        self._size = size
        self._pixmaps: OrderedDict[Hashable, QPixmap] = OrderedDict()

    def draw(
        self,
        painter: QPainter,
        rect: QRect,
        key: Hashable,
        paint: Callable[[QPainter, QRect], None],
    ) -> None:
        """Draw the picture for ``key`` at ``rect``, painting it with ``paint`` on a miss.

        The picture has a margin of ``MARGIN`` pixels: a style may draw a pixel outside the
        rectangle it was given (Fusion does, for an empty bar)."""
        ratio = painter.device().devicePixelRatioF()
        w, h, m = rect.width(), rect.height(), self.MARGIN
        full_key = (key, w, h, ratio)
        pixmap = self._pixmaps.get(full_key)
        if pixmap is None:
            pixmap = QPixmap(QSize(w + 2 * m, h + 2 * m) * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            paint(p, QRect(m, m, w, h))
            p.end()
            self._pixmaps[full_key] = pixmap
            if len(self._pixmaps) > self._size:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(full_key)
        painter.drawPixmap(rect.x() - m, rect.y() - m, pixmap)

    def clear(self) -> None:
        self._pixmaps.clear()

    def __len__(self) -> int:
        return len(self._pixmaps)


def _look(option: QStyleOption, style: QStyle) -> tuple[int, int, int, str, int]:
    """What a style-drawn picture depends on besides its size: state flags, colours, and the
    style itself (a theme change can swap the style and keep the palette)."""
    palette = option.palette  # type: ignore[attr-defined]
    return (
        option.state.value,  # type: ignore[attr-defined]
        palette.cacheKey(),
        palette.currentColorGroup().value,
        style.name(),  # the name too: a new style object may reuse a deleted one's id
        id(style),
    )


# Files whose bytes are all with Scripe: a full, muted bar that says so, never a half-full one
# that looks like an upload (a busy bar painted without animation is a still chunk).
_WITH_SCRIPE = {
    "attaching": QT_TRANSLATE_NOOP("ProgressDelegate", "Adding to Scripe"),
    "processing": QT_TRANSLATE_NOOP("ProgressDelegate", "Processing"),
}


class ProgressDelegate(CellDelegate):
    """Draws the bar (fill 0..1, or -1 for busy) with the current style's progress bar; files
    being added or processed in Scripe get a full, muted bar labelled so.

    Why a delegate and not ``setIndexWidget``: 10,000 QProgressBar widgets would cost memory and
    layout time; painting is free for rows that are not visible. Bars are cached pictures
    (``PixmapCache``); ``cache = None`` draws each one directly (tests compare the two).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache: PixmapCache | None = PixmapCache()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        cell = index.data(PaintRole)
        fill = None if cell is None else cell[2]
        if fill is None:
            super().paint(painter, option, index)
            return
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        # Selection background first, so a selected row still looks selected.
        style.drawPrimitive(_PANEL, option, painter, widget)
        rect = option.rect.adjusted(4, 5, -4, -5)  # type: ignore[attr-defined]
        steps = max(1, rect.width())  # the bar moves by whole pixels: one picture per pixel
        maximum, progress = (0, 0) if fill < 0 else (steps, int(fill * steps))  # 0..0: busy
        label = _WITH_SCRIPE.get(cell[3])
        muted = label is not None
        text = "" if label is None else QCoreApplication.translate("ProgressDelegate", label)
        if text and option.fontMetrics.horizontalAdvance(text) > rect.width() - 6:  # type: ignore[attr-defined]
            text = ""  # "Processi…" helps nobody: the Status column beside it says it in full

        def draw(p: QPainter, r: QRect) -> None:
            bar = self._bar_option(option, r, maximum, progress, text, muted)
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, p, widget)

        if self.cache is None or text:  # a label drawn onto a cached, translucent bar reads
            draw(painter, rect)  # differently: labelled bars (few at a time) are drawn as is
        else:
            self.cache.draw(painter, rect, (maximum, progress, muted, *_look(option, style)), draw)

    @staticmethod
    def _bar_option(
        option: QStyleOptionViewItem,
        rect: QRect,
        maximum: int,
        progress: int,
        text: str,
        muted: bool,
    ) -> QStyleOptionProgressBar:
        bar = QStyleOptionProgressBar()
        bar.rect = rect
        bar.state = option.state | QStyle.StateFlag.State_Horizontal  # type: ignore[attr-defined]
        bar.direction = option.direction  # type: ignore[attr-defined]
        bar.palette = option.palette  # type: ignore[attr-defined]
        bar.fontMetrics = option.fontMetrics  # type: ignore[attr-defined]
        bar.minimum, bar.maximum, bar.progress = 0, maximum, progress
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.textVisible, bar.text = bool(text), text
        if muted:
            pal = QPalette(option.palette)  # type: ignore[attr-defined]
            faint = pal.color(QPalette.ColorRole.Highlight)
            faint.setAlpha(90)
            pal.setColor(QPalette.ColorRole.Highlight, faint)
            pal.setColor(QPalette.ColorRole.HighlightedText, pal.color(QPalette.ColorRole.Text))
            bar.palette = pal
        return bar


class ResultDelegate(CellDelegate):
    """An "Open in Scripe" button on rows that arrived (the status says where they went).

    Emits nothing itself: ``open_requested`` is a plain callback set by the view, so opening
    stays in one place (the view's "Open in Scripe" action, also on double-click).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_requested: Callable[[QModelIndex], None] | None = None
        self.cache: PixmapCache | None = PixmapCache(8)  # one button, in a few looks
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
        cell = index.data(PaintRole)
        text = index.data(Qt.ItemDataRole.DisplayRole) if cell is None else cell[0]
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(_PANEL, option, painter, widget)  # the row's background
        if not text:  # most rows: nothing more
            return
        palette = option.palette  # type: ignore[attr-defined]
        rect = self._button_rect(option)

        def draw(p: QPainter, r: QRect) -> None:
            btn = QStyleOptionButton()
            btn.rect = r
            btn.text = str(text)
            btn.palette = palette
            btn.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            style.drawControl(QStyle.ControlElement.CE_PushButton, btn, p, widget)

        if self.cache is None:
            draw(painter, rect)
        else:
            key = (str(text), palette.cacheKey(), palette.currentColorGroup().value)
            key += (style.name(), id(style))
            self.cache.draw(painter, rect, key, draw)

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
