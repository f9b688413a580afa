"""QueueModel / proxy unit tests fed with the engine's real event and snapshot types."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from scripe_desktop.engine.events import (
    AttachKind,
    ConditionKind,
    ItemSnapshot,
    ItemState,
    Target,
)
from scripe_desktop.ui.queue_filter import QueueFilterProxy
from scripe_desktop.ui.queue_model import (
    Column,
    ItemIdRole,
    OpenUrlRole,
    ProgressRole,
    QueueModel,
    StateRole,
)
from scripe_desktop.ui.texts import Wait

pytestmark = pytest.mark.gui
KNOWLEDGE = Target(AttachKind.KNOWLEDGE)


def snap(item_id: int, state: ItemState = ItemState.WAITING, **kw: object) -> ItemSnapshot:
    values: dict[str, object] = dict(
        id=item_id,
        batch_id=1,
        path=f"/tmp/f{item_id}.txt",
        name=f"f{item_id}.txt",
        size=1000,
        content_type="text/plain",
        target=KNOWLEDGE,
        state=state,
    )
    values.update(kw)
    return ItemSnapshot(**values)  # type: ignore[arg-type]


@pytest.fixture
def model(qtbot) -> QueueModel:
    return QueueModel()


def test_insert_then_update_emits_targeted_data_changed(qtbot, model: QueueModel) -> None:
    model.upsert([snap(i) for i in range(1, 11)])
    assert model.rowCount() == 10
    changes: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda tl, br, roles=None: changes.append((tl.row(), br.row(), tl.column(), br.column()))
    )
    model.upsert([snap(4, ItemState.UPLOADING)])
    model.apply_progress({7: (500, 1000)})
    assert changes == []  # throttled: nothing until the timer fires
    qtbot.waitUntil(lambda: len(changes) >= 2, timeout=2000)
    # Row 3 (id 4) all columns; row 6 (id 7) only progress+status: no other rows touched.
    assert (3, 3, 0, len(Column) - 1) in changes
    assert (6, 6, Column.PROGRESS, Column.STATUS) in changes
    touched = {r for c in changes for r in range(c[0], c[1] + 1)}
    assert touched == {3, 6}


def test_progress_is_throttled_and_final_value_wins(qtbot, model: QueueModel) -> None:
    model.upsert([snap(1, ItemState.UPLOADING, size=10_000)])
    changes: list[object] = []
    model.dataChanged.connect(lambda *a: changes.append(a))
    for sent in range(0, 10_001, 100):  # 101 updates in a burst
        model.apply_progress({1: (sent, 10_000)})
    qtbot.waitUntil(lambda: len(changes) >= 1, timeout=2000)
    model.flush()  # whatever is still pending would be emitted now: nothing may be
    assert len(changes) == 1
    assert model.index(0, 0).data(ProgressRole) == pytest.approx(1.0)


def test_progress_may_go_down_and_status_words(model: QueueModel) -> None:
    model.upsert([snap(1, ItemState.UPLOADING, size=1000)])
    model.apply_progress({1: (800, 1000)}, now=100.0)
    model.apply_progress({1: (100, 1000)}, now=101.0)  # PUT restarted
    status = model.index(0, Column.STATUS)
    assert model.index(0, 0).data(ProgressRole) == pytest.approx(0.1)
    assert status.data().startswith("Uploading 10 %")
    model.upsert([snap(1, ItemState.FAILED, reason="the file changed while uploading")])
    assert status.data() == "Failed: the file changed while uploading"
    model.upsert([snap(1, ItemState.SKIPPED, reason="not a supported type")])
    assert status.data() == "Skipped: not a supported type"
    model.upsert([snap(1, ItemState.PROCESSING)])
    assert status.data() == "Processing in Scripe"
    assert model.index(0, 0).data(ProgressRole) == 1.0  # a full bar, labelled "Processing"
    assert model.index(0, 0).data(StateRole) == "processing"  # (the delegate labels it)
    model.upsert([snap(1, ItemState.DONE, result_id="kb_123")])
    assert status.data() == "Added to Knowledge"  # where it went, in words
    assert model.index(0, Column.RESULT).data(Qt.ItemDataRole.ToolTipRole) == "kb_123"
    assert model.index(0, 0).data(StateRole) == ItemState.DONE.value


def test_speed_shown_while_uploading(model: QueueModel) -> None:
    model.upsert([snap(1, ItemState.UPLOADING, size=100 * 1024 * 1024)])
    model.clock = lambda: 11.0
    model.apply_progress({1: (0, 0)}, now=10.0)
    model.apply_progress({1: (3 * 1024 * 1024, 0)}, now=11.0)
    assert model.index(0, Column.STATUS).data() == "Uploading 3 % · 3.0 MB/s"


def test_speed_is_from_the_last_seconds_and_gone_when_stalled(model: QueueModel) -> None:
    mb = 1024 * 1024
    model.upsert([snap(1, ItemState.UPLOADING, size=1000 * mb)])
    for t in range(0, 21):  # 20 s at 10 MB/s ...
        model.apply_progress({1: (t * 10 * mb, 0)}, now=float(t))
    for t in range(21, 26):  # ... then 5 s at 1 MB/s
        model.apply_progress({1: ((200 + (t - 20)) * mb, 0)}, now=float(t))
    model.clock = lambda: 25.0
    assert model.speed_of(1) < 3 * mb  # the last seconds, not the 20-second average
    assert "MB/s" in model.index(0, Column.STATUS).data()
    model.clock = lambda: 29.0  # nothing for 4 s: no speed, no stale figure
    assert model.speed_of(1) == 0.0 and model.total_speed() == 0.0
    assert "MB/s" not in model.index(0, Column.STATUS).data()
    model.set_conditions({ConditionKind.OFFLINE})
    assert model.index(0, Column.STATUS).data() == "Uploading 20 % · Waiting for a connection"


def test_waiting_rows_say_what_they_wait_for(model: QueueModel) -> None:
    model.upsert([snap(1), snap(2, batch_id=2), snap(3, upload_id="upl_1", bytes_sent=1000)])
    status = [model.index(r, Column.STATUS) for r in range(3)]
    assert status[0].data() == "Waiting for a free upload slot"
    model.set_held_batches({2})
    assert status[1].data() == "Waiting for you to choose a destination"
    model.set_conditions({ConditionKind.SPEND_CAP})
    assert status[2].data() == "Uploaded · waiting for the daily limit to reset"
    model.set_conditions({ConditionKind.KEY_NEEDED})
    assert status[0].data() == "Waiting for a working API key"


def test_done_rows_name_the_place_and_link_to_it(model: QueueModel) -> None:
    model.upsert(
        [
            snap(1, ItemState.DONE, target=Target(AttachKind.SOURCE, "proj_1"), result_id="src_1"),
            snap(2, ItemState.DONE, result_id="kb_2"),
            snap(3, ItemState.SKIPPED, reason="too large", content_type="image/png"),
            snap(4, ItemState.FAILED, reason="gone", bytes_sent=1000),
        ]
    )
    model.set_project_names({"proj_1": "Podcast interviews"})
    model.set_project_urls(
        {"proj_1": "https://app.scripe.io/projects/proj_1"}, "https://app.scripe.io/"
    )
    assert model.index(0, Column.STATUS).data() == "Added to Podcast interviews"
    assert model.index(0, Column.RESULT).data() == "Open in Scripe"  # the button's label
    assert model.index(0, 0).data(OpenUrlRole) == "https://app.scripe.io/projects/proj_1"
    assert model.index(1, 0).data(OpenUrlRole) == "https://app.scripe.io/"
    assert model.index(2, Column.DESTINATION).data() == ""  # a skipped file goes nowhere
    assert model.index(2, Column.TYPE).data() == "Image"
    assert model.index(3, 0).data(ProgressRole) is None  # no full bar on a failed row


def test_same_name_in_two_folders_shows_the_folder(model: QueueModel) -> None:
    model.upsert(
        [
            snap(1, path="/x/a/notes.txt", name="notes.txt"),
            snap(2, path="/x/b/notes.txt", name="notes.txt"),
            snap(3, path="/x/c/other.txt", name="other.txt"),
        ]
    )
    names = [model.index(r, Column.NAME).data() for r in range(3)]
    assert names == ["a/notes.txt", "b/notes.txt", "other.txt"]


def test_remove_contiguous_runs_and_counts(model: QueueModel) -> None:
    states = [ItemState.FAILED, ItemState.DONE, ItemState.FAILED, ItemState.WAITING]
    model.upsert([snap(i + 1, s) for i, s in enumerate(states)] + [snap(5), snap(6)])
    assert model.count(ItemState.FAILED) == 2
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    model.remove([2, 3, 6])
    assert sorted(removed) == [(1, 2), (5, 5)]
    assert [model.index(r, 0).data(ItemIdRole) for r in range(model.rowCount())] == [1, 4, 5]
    assert model.count(ItemState.FAILED) == 1
    model.upsert([snap(4, ItemState.FAILED)])
    assert model.count(ItemState.FAILED) == 2


def test_failed_filter_and_sorting(qtbot, model: QueueModel) -> None:
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    model.upsert([snap(1, size=30), snap(2, ItemState.FAILED, size=10), snap(3, size=20)])
    proxy.set_failed_only(True)
    assert proxy.rowCount() == 1
    model.upsert([snap(3, ItemState.FAILED, size=20)])
    model.flush()
    assert proxy.rowCount() == 2  # an item turning FAILED appears under the filter
    proxy.set_failed_only(False)
    proxy.sort(Column.SIZE, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data(ItemIdRole) for r in range(3)] == [2, 3, 1]


def test_names_sort_as_a_file_manager_does(qtbot, model: QueueModel) -> None:
    """f22 before f219, f99 before f989: numbers in names compare as numbers."""
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    names = {1: "f219.txt", 2: "f22.txt", 3: "F3.txt", 4: "f989.txt", 5: "f99.txt"}
    model.upsert([snap(i, name=n, path=f"/tmp/{n}") for i, n in names.items()])
    model.flush()
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    order = [names[proxy.index(r, 0).data(ItemIdRole)] for r in range(5)]
    assert order == ["F3.txt", "f22.txt", "f99.txt", "f219.txt", "f989.txt"]


def test_names_sort_by_what_the_cell_shows(qtbot, model: QueueModel) -> None:
    """Same name in two folders shows "a/dup.txt" and "b/dup.txt": sorted as shown, the two
    rows of each folder stay together instead of interleaving by the bare name."""
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    paths = ["/d/b/dup.txt", "/d/a/dup.txt", "/d/b/note.txt", "/d/a/note.txt", "/d/c.txt"]
    model.upsert([snap(i, name=p.rsplit("/", 1)[1], path=p) for i, p in enumerate(paths, 1)])
    model.flush()
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, Column.NAME).data() for r in range(5)]
    assert shown == ["a/dup.txt", "a/note.txt", "b/dup.txt", "b/note.txt", "c.txt"]


def test_destination_column_uses_project_names(model: QueueModel) -> None:
    model.upsert(
        [
            snap(1, target=Target(AttachKind.SOURCE, "proj_1")),
            snap(2, target=Target(AttachKind.NONE)),
        ]
    )
    model.set_project_names({"proj_1": "Interviews"})
    assert model.index(0, Column.DESTINATION).data() == "Sources · Interviews"
    assert model.index(1, Column.DESTINATION).data() == "Upload only"


def test_a_name_that_becomes_shared_repaints_the_older_row(model: QueueModel) -> None:
    model.upsert([snap(1, path="/x/a/notes.txt", name="notes.txt"), snap(2)])
    assert model.index(0, Column.NAME).data() == "notes.txt"
    model.flush()
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda tl, br, roles=None: changed.append((tl.row(), br.row(), tl.column(), br.column()))
    )
    model.upsert([snap(3, path="/x/b/notes.txt", name="notes.txt")])  # a later batch
    model.flush()
    assert (0, 0, Column.NAME, Column.NAME) in changed  # the first one shows its folder now
    assert [model.index(r, Column.NAME).data() for r in (0, 2)] == ["a/notes.txt", "b/notes.txt"]
    model.upsert([snap(4, path="/x/c/notes.txt", name="notes.txt")])
    model.remove([3, 4])
    assert model.index(0, Column.NAME).data() == "notes.txt"  # alone again: just its name
    model.remove([1])
    model.upsert([snap(5, path="/x/d/notes.txt", name="notes.txt")])
    assert model.index(1, Column.NAME).data() == "notes.txt"  # forgotten entirely


def test_whole_batch_questions_match_the_snapshots(model: QueueModel) -> None:
    """``names_and_targets`` and ``waits`` answer from the columns what ``items`` would."""
    sources = Target(AttachKind.SOURCE, "proj_1")
    model.upsert(
        [
            snap(1),
            snap(2, ItemState.DONE, target=sources),
            snap(3, batch_id=2),
            snap(4, upload_id="upl_4", bytes_sent=1000),
            snap(5, ItemState.FAILED, reason="It could not be read."),
        ]
    )
    model.set_held_batches({2})
    model.set_conditions({ConditionKind.SPEND_CAP})
    for states, batch in [(None, None), ({ItemState.DONE}, 1), (None, 2), ({ItemState.FAILED}, 1)]:
        expected = [(i.name, i.target) for i in model.items(states, batch)]
        assert model.names_and_targets(states, batch) == expected
    unfinished = {ItemState.WAITING, ItemState.UPLOADING}
    waits = [wait for _, wait in model.waits(unfinished)]
    expected_waits = [model.wait_for(i, i.bytes_sent, 0.0) for i in model.items(unfinished)]
    assert waits == expected_waits
    assert Wait.DESTINATION in waits and Wait.DAILY_LIMIT in waits and Wait.SLOT in waits


def test_select_all_and_sorted_selections_act_on_the_rows_shown(qtbot, model: QueueModel) -> None:
    """Ctrl+A and ranges read from the selection map to the right files: hidden system files
    stay out, a sorted table still names the rows the person picked."""
    from scripe_desktop.ui.queue_view import QueueView

    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    view = QueueView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    model.upsert(
        [
            snap(1, ItemState.DONE, result_id="kn_1"),
            snap(2, ItemState.SKIPPED, name=".DS_Store", path="/tmp/.DS_Store"),
            snap(3, ItemState.FAILED),
            snap(4, ItemState.FAILED),
            snap(5, ItemState.WAITING),
        ]
    )
    sent: list[tuple[str, list[int]]] = []
    view.commandRequested.connect(lambda method, ids: sent.append((method, ids)))
    view.show()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_ids() == [1, 3, 4, 5]  # the hidden .DS_Store is not selected
    assert view.retry_action.isEnabled() and view.copy_result_action.isEnabled()
    assert not view.open_location_action.isEnabled()  # several rows
    view.retry_action.trigger()
    assert sent == [("retry", [3, 4])]  # only the failed ones are retried

    view.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)  # f5, f4, f3, f1
    selection = view.selectionModel()
    flags = selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
    selection.select(proxy.index(0, 0), flags)
    assert view.selected_ids() == [5]
    assert view.open_location_action.isEnabled() and not view.retry_action.isEnabled()
    selection.select(proxy.index(1, 0), flags | selection.SelectionFlag.Select)
    selection.select(
        proxy.index(3, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    )
    assert view.selected_ids() == [1, 4]
    assert not view.open_in_scripe_action.isEnabled()
