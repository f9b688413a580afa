"""The queue's fast painting draws what Qt's own delegate draws (ui/delegates.py).

The window paints each cell from one ``PaintRole`` call and copies bars and buttons from
cached pictures. These tests paint the same rows both ways, Qt's stock path (seven roles per
cell, every bar drawn by the style) and ours, and compare the pixels.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QSize
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyledItemDelegate, QStyleFactory

from scripe_desktop.engine.events import AttachKind, ItemSnapshot, ItemState, Target
from scripe_desktop.ui import icons
from scripe_desktop.ui.delegates import CellDelegate, PixmapCache, ProgressDelegate
from scripe_desktop.ui.queue_model import Column, QueueModel
from scripe_desktop.ui.queue_view import QueueView

from .ui_helpers import shown_table

pytestmark = pytest.mark.gui
STATES = [
    ItemState.WAITING,
    ItemState.UPLOADING,
    ItemState.ATTACHING,
    ItemState.PROCESSING,
    ItemState.DONE,
    ItemState.FAILED,
    ItemState.SKIPPED,
    ItemState.DUPLICATE,
    ItemState.PAUSED,
]


def rows(count: int) -> list[ItemSnapshot]:
    target = Target(AttachKind.KNOWLEDGE)
    out = []
    for i in range(count):
        name = "same.txt" if i in (3, 11) else f"note {i:03}.txt"  # a shared name shows its folder
        out.append(
            ItemSnapshot(
                i + 1,
                1,
                f"/data/dir{i % 3}/{name}",
                name,
                1000 + 97 * i,
                "text/plain",
                target,
                STATES[i % len(STATES)],
                bytes_sent=(1000 + 97 * i) * (i % 7) // 7,
                reason="server_error" if STATES[i % len(STATES)] is ItemState.FAILED else None,
            )
        )
    return out


@pytest.fixture
def view(qtbot) -> QueueView:
    model = QueueModel()
    model.set_state_icons(icons.state_pixmaps(1.0))
    model.upsert(rows(40))
    model.flush()
    return shown_table(qtbot, model, 1000, 600)


def grab(view: QueueView) -> QImage:
    view.viewport().repaint()
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def stock(view: QueueView) -> QImage:
    """The same rows through Qt's delegate and data roles, every bar drawn by the style."""
    fast = view.itemDelegate()
    progress = view.itemDelegateForColumn(Column.PROGRESS)
    result = view.itemDelegateForColumn(Column.RESULT)
    caches = progress.cache, result.cache
    progress.cache = result.cache = None
    qt_own = QStyledItemDelegate(view)
    view.setItemDelegate(qt_own)
    try:
        return grab(view)
    finally:
        view.setItemDelegate(fast)
        progress.cache, result.cache = caches


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour channel between two same-sized images."""
    assert a.size() == b.size()
    raw_a, raw_b = bytes(a.constBits()), bytes(b.constBits())
    if raw_a == raw_b:
        return 0
    step = 4096
    worst = 0
    for start in range(0, len(raw_a), step):
        chunk_a, chunk_b = raw_a[start : start + step], raw_b[start : start + step]
        if chunk_a != chunk_b:
            worst = max(worst, max(abs(x - y) for x, y in zip(chunk_a, chunk_b, strict=True)))
    return worst


def test_fast_painting_matches_qts_own(view: QueueView) -> None:
    assert isinstance(view.itemDelegate(), CellDelegate)
    reference = stock(view)
    first = grab(view)  # bars and buttons painted into the cache
    again = grab(view)  # and copied from it
    # A cached bar is blended once onto transparency and once onto the row: rounding only.
    assert largest_difference(reference, first) <= 2
    assert largest_difference(reference, again) <= 2
    blank = QImage(reference.size(), reference.format())
    blank.fill(view.palette().color(QPalette.ColorRole.Base))
    assert largest_difference(reference, blank) > 100  # the rows were painted at all


def test_selected_rows_and_a_new_palette_repaint_in_their_own_colours(
    qtbot, view: QueueView
) -> None:
    proxy = view.model()
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (1, 2, 4):  # uploading, attaching (a labelled bar), done (a button)
        selection.select(proxy.index(row, 0), flags)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    grab(view)  # caches filled with these colours
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#c0392b"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#2e86c1"))
    view.setPalette(palette)
    assert largest_difference(stock(view), grab(view)) <= 2


@pytest.mark.parametrize("name", ["Windows", "Fusion"])
def test_fast_painting_matches_qts_own_in_every_style_here(view: QueueView, name: str) -> None:
    """Each style Qt has on this machine, switched to after the caches were filled in another
    one (a desktop theme change): no bar or button of the old style is copied."""
    grab(view)  # caches filled in the application's style
    other = QStyleFactory.create("Windows" if name == "Fusion" else "Fusion")
    view.setStyle(other)
    grab(view)
    style = QStyleFactory.create(name)
    assert style is not None
    view.setStyle(style)
    reference = stock(view)
    assert largest_difference(reference, grab(view)) <= 2
    assert largest_difference(reference, grab(view)) <= 2  # copied from the cache


def test_bars_cache_stays_small_while_files_upload(view: QueueView) -> None:
    model = view.model().sourceModel()
    now = [1000.0]
    model.clock = lambda: now[0]  # speeds in the status column: the same for both paints
    progress: ProgressDelegate = view.itemDelegateForColumn(Column.PROGRESS)
    uploading = [i + 1 for i in range(40) if STATES[i % len(STATES)] is ItemState.UPLOADING]
    for step in range(0, 1001, 7):  # 143 different fills per row
        now[0] += 0.5
        model.apply_progress({item_id: (step, 1000) for item_id in uploading})
        model.flush()
        grab(view)
    assert 0 < len(progress.cache) <= 96
    assert largest_difference(stock(view), grab(view)) <= 2


def test_pixmap_cache_forgets_the_least_recently_used(qtbot, view: QueueView) -> None:
    cache = PixmapCache(size=2)
    drawn: list[str] = []
    image = QImage(QSize(40, 20), QImage.Format.Format_ARGB32)
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter

    painter = QPainter(image)
    try:
        for key in ("a", "b", "a", "c", "b", "a"):
            cache.draw(painter, QRect(0, 0, 40, 20), key, lambda p, r, k=key: drawn.append(k))
    finally:
        painter.end()
    # "a" stays while used; "b" goes when "c" comes; then "b" is drawn again, pushing "a" out
    assert drawn == ["a", "b", "c", "b", "a"]
    assert len(cache) == 2


class BarRecorder(QProxyStyle):
    """The view's style, noting each progress bar it is asked to draw (text, fill colour)."""

    def __init__(self) -> None:
        super().__init__("Fusion")
        self.bars: list[tuple[str, int]] = []

    def drawControl(self, element, option, painter, widget=None) -> None:
        if element == QStyle.ControlElement.CE_ProgressBar:
            alpha = option.palette.color(QPalette.ColorRole.Highlight).alpha()
            self.bars.append((option.text if option.textVisible else "", alpha))
        super().drawControl(element, option, painter, widget)


@pytest.mark.parametrize("progress_px", [None, 48])
def test_a_bar_says_processing_in_full_or_not_at_all(
    view: QueueView, progress_px: int | None
) -> None:
    """Files with Scripe get a muted, full bar. Its label ("Processing") is shown whole when
    the column has room for it and left out when not: "Processi…" reads as a fault, and the
    Status column beside it says it in full."""
    recorder = BarRecorder()
    view.setStyle(recorder)
    if progress_px is not None:  # a narrow window, or a column the person made narrow
        view.horizontalHeader().resizeSection(Column.PROGRESS, progress_px)
    view.itemDelegateForColumn(Column.PROGRESS).cache = None  # every bar reaches the style
    grab(view)
    texts = {text for text, _alpha in recorder.bars}
    assert not any("…" in t for t in texts)
    muted = [text for text, alpha in recorder.bars if alpha < 255]
    shown = {ItemState.ATTACHING, ItemState.PROCESSING}
    visible = {r.state for r in rows(40)[: view.rowAt(view.viewport().height() - 1) + 1]}
    assert shown <= visible  # both kinds of rows were on screen
    if progress_px is None:  # the default width has room for the shorter label at least
        assert "Processing" in muted
    else:
        assert muted and set(muted) == {""}
    assert {t for t, alpha in recorder.bars if alpha == 255} == {""}  # uploads: no label
