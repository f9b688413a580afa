"""Rows arriving at the bottom of the queue (ui/appends.py): the shown rows are not repainted
for rows nobody can see yet, changes to shown rows still show, and the table follows new rows
at a pace a person can read, unless they scrolled up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt

from scripe_desktop.engine.events import AttachKind, ItemSnapshot, ItemState, Target
from scripe_desktop.ui.queue_model import Column, QueueModel
from scripe_desktop.ui.queue_view import QueueView

from .ui_helpers import shown_table

pytestmark = pytest.mark.gui
KNOWLEDGE = Target(AttachKind.KNOWLEDGE)


def snaps(first: int, last: int, state: ItemState = ItemState.WAITING) -> list[ItemSnapshot]:
    return [
        ItemSnapshot(i, 1, f"/d/n{i}.txt", f"n{i}.txt", 40, "text/plain", KNOWLEDGE, state)
        for i in range(first, last)
    ]


class Paints(QObject):
    """The rectangles of the viewport's paint events."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


@pytest.fixture
def table(qtbot) -> tuple[QueueModel, QueueView]:
    model = QueueModel()
    model.upsert(snaps(1, 101))
    view = shown_table(qtbot, model, 900, 500)
    view.viewport().repaint()
    return model, view


def row_rect(view: QueueView, row: int) -> QRect:
    index = view.model().index(row, Column.NAME)
    y, width = view.visualRect(index).y(), view.viewport().width()
    return QRect(0, y - 1, width, view.rowHeight(row) + 2)  # Qt repaints a pixel more


def test_rows_added_below_the_shown_ones_repaint_nothing_shown(qtbot, table) -> None:
    model, view = table
    paints = Paints(view.viewport())
    bar = view.verticalScrollBar()
    before = bar.maximum()
    model.upsert(snaps(101, 301))
    qtbot.waitUntil(lambda: bar.maximum() > before, timeout=5000)  # the table was laid out
    # A change to row 2 (shown) paints that row; the rows added paint nothing with it.
    model.upsert(snaps(3, 4, ItemState.UPLOADING))
    model.flush()
    qtbot.waitUntil(lambda: bool(paints.rects), timeout=5000)
    target = row_rect(view, 2)
    assert all(target.contains(r) for r in paints.rects), (paints.rects, target)


def test_rows_added_where_they_show_repaint_as_usual(qtbot) -> None:
    model = QueueModel()
    model.upsert(snaps(1, 4))  # three rows: the table is far from full
    view = shown_table(qtbot, model, 900, 500)
    paints = Paints(view.viewport())
    model.upsert(snaps(4, 8))
    new_rows = row_rect(view, 3).united(row_rect(view, 6))
    qtbot.waitUntil(lambda: any(r.contains(new_rows) for r in paints.rects), timeout=5000)


def test_a_shown_row_changed_with_rows_added_below_in_the_same_turn_repaints(qtbot, table) -> None:
    """Qt drops a cell's repaint while a layout is pending; the quiet layout repaints it."""
    model, view = table
    paints = Paints(view.viewport())
    model.upsert(snaps(101, 301))
    model.upsert(snaps(2, 3, ItemState.FAILED))  # row 1, shown
    model.flush()  # its dataChanged goes out before the layout runs
    target = row_rect(view, 1)
    qtbot.waitUntil(lambda: any(r.intersects(target) for r in paints.rects), timeout=5000)
    assert view.model().index(1, Column.STATUS).data().startswith("Failed")


def test_following_new_rows_is_paced_and_stops_while_scrolled_up(qtbot, table) -> None:
    model, view = table
    model.rowsInserted.connect(lambda *_: view.scroll_to_newest())
    follow, bar = view.follow, view.verticalScrollBar()
    follows: list[int] = []
    follow.followed.connect(lambda: follows.append(bar.value()))
    model.upsert(snaps(101, 111))  # a small drop: shown at once
    qtbot.waitUntil(lambda: len(follows) == 1, timeout=5000)
    assert bar.value() == bar.maximum()
    for first in range(111, 611, 50):  # a flood: ten inserts in one go
        model.upsert(snaps(first, first + 50))
    assert follow.scheduled
    qtbot.waitUntil(lambda: len(follows) == 2, timeout=5000)  # one more, once the flood is over
    assert not follow.scheduled
    last = view.model().index(view.model().rowCount() - 1, 0)
    assert view.viewport().rect().intersects(view.visualRect(last))

    bar.triggerAction(bar.SliderAction.SliderToMinimum)  # the person scrolls up to read
    assert not follow.following
    model.upsert(snaps(611, 661))
    assert not follow.scheduled and bar.value() == 0  # the rows they read stay put
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # back down
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=5000)
    assert follow.following
    model.upsert(snaps(661, 711))
    qtbot.waitUntil(lambda: len(follows) == 3, timeout=5000)
    assert bar.value() == bar.maximum()
