"""What a retry came to (ui/retry_watch.py), and how the status bar words it."""

from __future__ import annotations

import pytest

from scripe_desktop.engine.events import AttachKind, ItemSnapshot, ItemState, Target, Totals
from scripe_desktop.ui.retry_watch import RetryWatch
from scripe_desktop.ui.status_bar import QueueStatusBar

pytestmark = pytest.mark.gui


def item(item_id: int, state: ItemState) -> ItemSnapshot:
    return ItemSnapshot(
        item_id,
        1,
        f"/d/f{item_id}",
        f"f{item_id}",
        9,
        "text/plain",
        Target(AttachKind.KNOWLEDGE),
        state,
    )


def test_outcome_once_every_retried_file_has_ended() -> None:
    watch = RetryWatch()
    watch.start([1, 2, 3])
    # a "Failed" snapshot from before the retry reached the engine is no outcome
    assert watch.update([item(1, ItemState.FAILED)]) is None
    assert watch.update([item(i, ItemState.WAITING) for i in (1, 2, 3)]) is None
    assert watch.update([item(1, ItemState.DONE), item(2, ItemState.FAILED)]) is None
    assert watch.update([item(3, ItemState.DUPLICATE)]) == (2, 1)
    assert not watch.active
    assert watch.update([item(2, ItemState.FAILED)]) is None  # said once


def test_removed_rows_are_not_waited_for() -> None:
    watch = RetryWatch()
    watch.start([1, 2])
    watch.update([item(1, ItemState.UPLOADING), item(2, ItemState.UPLOADING)])
    assert watch.update([item(1, ItemState.FAILED)]) is None
    assert watch.removed([2]) == (0, 1)
    watch.start([5])
    assert watch.removed([5]) is None and not watch.active  # nothing came of it: no words


def test_status_bar_words_and_forgets_the_outcome(qtbot) -> None:
    bar = QueueStatusBar()
    qtbot.addWidget(bar)
    bar.set_totals(Totals(0, 0, 0.0, None, False))
    bar.set_failed_count(3)
    bar.set_retry_outcome(1, 2)
    assert bar.summary.text().startswith("Tried again: 1 uploaded, 2 failed again · ")
    bar.set_failed_count(3)  # the same failed files: still true
    assert bar.summary.text().startswith("Tried again")
    bar.set_failed_count(1)  # two removed: the words go
    assert not bar.summary.text().startswith("Tried again")
    bar.set_retry_outcome(0, 1)
    assert bar.summary.text().startswith("Tried again: 1 file failed again · ")
    bar.set_retry_outcome(4, 0)
    assert bar.summary.text().startswith("Tried again: 4 files uploaded · ")
