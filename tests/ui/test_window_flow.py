"""The window end to end: real engine, real sandbox, real SQLite in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication

from scripe_desktop.engine.events import ItemState
from scripe_desktop.ui.app_settings import AppSettings, DestinationChoice
from scripe_desktop.ui.queue_model import Column, ItemIdRole

from .helpers import _event, make_files, simulate_drop, text_bytes

pytestmark = pytest.mark.gui
SLOW = 8  # KB/s: keeps uploads running long enough to act on them


class _UrlCatcher(QObject):
    """Receives what QDesktopServices would open, instead of launching a file manager."""

    def __init__(self, sink: list[QUrl]) -> None:
        super().__init__()
        self.sink = sink

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.sink.append(url)


def states(app) -> dict[str, ItemState]:
    return {i.name: i.state for i in app.window.model.items()}


def wait_states(qtbot, app, want: dict[str, ItemState], timeout: int = 20_000) -> None:
    try:
        qtbot.waitUntil(
            lambda: all(states(app).get(n) is s for n, s in want.items()), timeout=timeout
        )
    except Exception as exc:
        detail = {i.name: (i.state.value, i.reason, i.detail) for i in app.window.model.items()}
        raise AssertionError(f"wanted {want}, have {detail}") from exc


def row_of(app, name: str) -> int:
    proxy = app.window.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, Column.NAME).data() == name:
            return r
    raise LookupError(name)


def select(app, *names: str) -> None:
    view = app.window.view
    view.clearSelection()
    for name in names:
        index = app.window.proxy.index(row_of(app, name), 0)
        view.selectionModel().select(
            index,
            view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows,
        )
    view.update_actions()


def test_drop_files_and_folders_mixed_to_done(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    app = make_app()
    folder = tmp_path / "drop"
    make_files(
        folder, {"a.txt": text_bytes(2000), "sub/b.txt": text_bytes(3000), "c.bin": os.urandom(512)}
    )
    loose = make_files(tmp_path / "loose", {"d.txt": text_bytes(100), "e.xyz": os.urandom(64)})
    assert simulate_drop(app.window.drop_zone, [folder, *loose])
    want = {
        "a.txt": ItemState.DONE,
        "b.txt": ItemState.DONE,
        "d.txt": ItemState.DONE,
        "c.bin": ItemState.SKIPPED,
        "e.xyz": ItemState.SKIPPED,
    }
    wait_states(qtbot, app, want)
    proxy = app.window.proxy
    for name in ("a.txt", "b.txt", "d.txt"):
        r = row_of(app, name)
        assert proxy.index(r, Column.STATUS).data() == "Added to Knowledge"  # the default
    knowledge = {k["name"] for k in sandbox.records()["knowledge"]}
    assert knowledge == {"a.txt", "b.txt", "d.txt"}  # where they landed, once each
    skipped = proxy.index(row_of(app, "c.bin"), Column.STATUS).data()
    assert skipped.startswith("Skipped: ") and len(skipped) > len("Skipped: ") + 5
    qtbot.waitUntil(lambda: "All done" in app.window.status.summary.text(), timeout=10_000)

    # Copy the result id and open the file's folder from the selection.
    select(app, "a.txt")
    view = app.window.view
    assert view.copy_result_action.isEnabled()
    view.copy_result_action.trigger()
    a_id = next(i.result_id for i in app.window.model.items() if i.name == "a.txt")
    assert a_id.startswith("kb_") and QGuiApplication.clipboard().text() == a_id
    assert a_id in {k["id"] for k in sandbox.records()["knowledge"]}
    opened: list[QUrl] = []
    catcher = _UrlCatcher(opened)
    QDesktopServices.setUrlHandler("file", catcher, "handle")
    try:
        view.open_location_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opened] == [folder]

    # A second drop, onto the table itself (its viewport receives drag events).
    more = make_files(tmp_path / "more", {"f.txt": text_bytes(500)})
    assert app.window.view.isVisible()
    assert simulate_drop(app.window.view.viewport(), more)
    wait_states(qtbot, app, {"f.txt": ItemState.DONE})


def test_non_file_drag_is_refused(qtbot, make_app) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    app = make_app()
    mime = QMimeData()
    mime.setText("just text")
    event = _event(
        QDragEnterEvent,
        QPointF(app.window.drop_zone.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(app.window.drop_zone, event)
    assert not event.isAccepted()


def test_pause_resume_cancel_retry_from_the_ui(
    qtbot, make_app, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = SLOW
    app_settings.concurrency = 2
    app = make_app()
    files = make_files(
        tmp_path / "slow", {"one.txt": text_bytes(200_000), "two.txt": text_bytes(200_000)}
    )
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"one.txt": ItemState.UPLOADING, "two.txt": ItemState.UPLOADING})
    view = app.window.view

    select(app, "one.txt")
    assert view.pause_action.isEnabled() and not view.resume_action.isEnabled()
    view.pause_action.trigger()
    wait_states(qtbot, app, {"one.txt": ItemState.PAUSED})
    assert app.window.proxy.index(row_of(app, "one.txt"), Column.STATUS).data() == "Paused"
    select(app, "one.txt")
    assert view.resume_action.isEnabled()
    view.resume_action.trigger()
    qtbot.waitUntil(lambda: states(app)["one.txt"] is not ItemState.PAUSED, timeout=10_000)

    select(app, "two.txt")
    view.cancel_action.trigger()
    wait_states(qtbot, app, {"two.txt": ItemState.CANCELLED})
    select(app, "two.txt")
    assert view.retry_action.isEnabled()
    view.retry_action.trigger()
    qtbot.waitUntil(lambda: states(app)["two.txt"] is not ItemState.CANCELLED, timeout=10_000)

    # Pause everything from the status bar, then resume and let it finish at full speed.
    app.window.status.pause_button.click()
    qtbot.waitUntil(lambda: app.window.status.paused, timeout=10_000)
    assert app.window.status.pause_button.text() == "Resume all"
    app.bridge.call("set_rate_limit", None)
    app.window.status.pause_button.click()
    wait_states(qtbot, app, {"one.txt": ItemState.DONE, "two.txt": ItemState.DONE}, timeout=30_000)


def test_retry_all_failed_says_what_it_came_to(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    """Files that fail again at once looked like a dead button: the status bar says so."""
    app = make_app()
    sandbox.faults.fail_next("POST /v1/knowledge", 4, 422)  # two files, twice
    files = make_files(tmp_path / "f", {"a.txt": text_bytes(1000), "b.txt": text_bytes(1001)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"a.txt": ItemState.FAILED, "b.txt": ItemState.FAILED})
    status = app.window.status
    qtbot.waitUntil(status.retry_failed_button.isEnabled, timeout=5000)
    status.retry_failed_button.click()
    summary = status.summary
    qtbot.waitUntil(
        lambda: summary.text().startswith("Tried again: 2 files failed again · "), timeout=20_000
    )
    assert states(app) == {"a.txt": ItemState.FAILED, "b.txt": ItemState.FAILED}
    status.retry_failed_button.click()  # the fault is spent: this time they go through
    qtbot.waitUntil(
        lambda: summary.text().startswith("Tried again: 2 files uploaded"), timeout=20_000
    )
    wait_states(qtbot, app, {"a.txt": ItemState.DONE, "b.txt": ItemState.DONE})
    records = sandbox.records()  # where it lands: each file once, in knowledge
    assert sorted(k["name"] for k in records["knowledge"]) == ["a.txt", "b.txt"]
    assert records["sources"] == []
    status.clear_button.click()  # the rows go, and the note with them
    qtbot.waitUntil(lambda: app.window.model.rowCount() == 0, timeout=5000)
    assert not summary.text().startswith("Tried again")


def test_failed_item_filter_and_retry_all(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    app = make_app()
    sandbox.faults.fail_next("POST /v1/knowledge", 1, 422)
    files = make_files(tmp_path / "f", {"bad.txt": text_bytes(1000)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"bad.txt": ItemState.FAILED})
    status = app.window.status
    qtbot.waitUntil(status.retry_failed_button.isEnabled, timeout=5000)
    more = make_files(tmp_path / "g", {"good.txt": text_bytes(1000)})
    assert simulate_drop(app.window.drop_zone, more)
    wait_states(qtbot, app, {"good.txt": ItemState.DONE})
    status.failed_filter.click()
    assert app.window.proxy.rowCount() == 1
    assert app.window.proxy.index(0, Column.STATUS).data().startswith("Failed: ")
    status.retry_failed_button.click()
    wait_states(qtbot, app, {"bad.txt": ItemState.DONE})
    # nothing failed any more (the filter follows the model's next repaint)
    qtbot.waitUntil(lambda: app.window.proxy.rowCount() == 0, timeout=2000)
    status.failed_filter.click()
    status.clear_button.click()
    qtbot.waitUntil(lambda: app.window.model.rowCount() == 0, timeout=5000)


def test_held_batch_waits_for_a_project(
    qtbot, make_app, app_settings: AppSettings, sandbox, tmp_path: Path
) -> None:
    from scripe_desktop.engine.events import AttachKind

    app_settings.destination = DestinationChoice(AttachKind.SOURCE, None)
    app = make_app()
    bar = app.window.destination_bar
    qtbot.waitUntil(lambda: bar.project_combo.count() > 1, timeout=10_000)  # /v1/projects
    files = make_files(tmp_path / "h", {"talk.txt": text_bytes(800)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.sources_radio.isChecked()
    assert bar.start_button.isVisible() and not bar.start_button.isEnabled()
    # the bytes go at once; the attach waits, persisted, for a destination (issue 7)
    wait_states(qtbot, app, {"talk.txt": ItemState.NEEDS_DESTINATION})
    r = row_of(app, "talk.txt")
    assert app.window.proxy.index(r, Column.STATUS).data() == "Choose where to send these."
    assert sandbox.records()["sources"] == [] and sandbox.records()["knowledge"] == []
    bar.project_combo.setCurrentIndex(1)
    project_name = bar.project_combo.currentText()
    assert bar.start_button.isEnabled()
    bar.start_button.click()
    wait_states(qtbot, app, {"talk.txt": ItemState.DONE})
    r = row_of(app, "talk.txt")
    assert app.window.proxy.index(r, Column.DESTINATION).data() == f"Sources · {project_name}"
    assert app.window.proxy.index(r, Column.STATUS).data() == f"Added to {project_name}"
    project_id = bar.project_combo.currentData()
    sources = sandbox.records()["sources"]
    assert [(s["name"], s["projectId"]) for s in sources] == [("talk.txt", project_id)]
    assert app_settings.destination.project_id == project_id  # remembered for the next drop


def test_change_destination_of_running_batch(
    qtbot, make_app, app_settings: AppSettings, sandbox, tmp_path: Path
) -> None:
    app_settings.rate_limit_kbps = SLOW
    app = make_app()
    bar = app.window.destination_bar
    qtbot.waitUntil(lambda: bar.project_combo.count() > 1, timeout=10_000)
    files = make_files(tmp_path / "u", {"x.txt": text_bytes(60_000)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.knowledge_radio.isChecked() and not bar.start_button.isVisible()
    assert not hasattr(bar, "upload_only_radio")  # "Upload only" is not offered
    qtbot.mouseClick(bar.sources_radio, Qt.MouseButton.LeftButton)
    bar.project_combo.setCurrentIndex(2)
    project_id = bar.project_combo.currentData()
    app.bridge.call("set_rate_limit", None)
    wait_states(qtbot, app, {"x.txt": ItemState.DONE})
    sources = sandbox.records()["sources"]
    assert [(s["name"], s["projectId"]) for s in sources] == [("x.txt", project_id)]
    assert sandbox.records()["knowledge"] == []
    assert app_settings.destination.kind.value == "source"


def test_restart_resumes_the_queue(
    qtbot, make_app, app_settings: AppSettings, tmp_path: Path
) -> None:
    home = tmp_path / "shared-home"
    app_settings.rate_limit_kbps = SLOW
    first = make_app(home=home)
    files = make_files(tmp_path / "r", {f"r{i}.txt": text_bytes(40_000) for i in range(3)})
    assert simulate_drop(first.window.drop_zone, files)
    qtbot.waitUntil(
        lambda: len(states(first)) == 3 and ItemState.UPLOADING in states(first).values(),
        timeout=10_000,
    )
    with qtbot.waitSignal(first.finished, timeout=15_000):  # quitting never blocks the GUI
        first.quit()
    assert first.engine is None
    app_settings.rate_limit_kbps = 0
    second = make_app(home=home)
    ids = {
        second.window.proxy.index(r, 0).data(ItemIdRole)
        for r in range(second.window.proxy.rowCount())
    }
    assert len(ids) == 3  # the old items are there at once
    wait_states(qtbot, second, {f"r{i}.txt": ItemState.DONE for i in range(3)})


def test_the_details_pane_follows_an_upload_in_progress(
    qtbot, make_app, app_settings: AppSettings, tmp_path: Path
) -> None:
    """Byte counts arrive without a new snapshot: the pane must still move with the row (at
    800 px the status column is cut, and the pane is where the percentage is read)."""
    app_settings.rate_limit_kbps = 512  # bytes go out 1 MiB at a time: one every 2 s
    app = make_app()
    files = make_files(tmp_path / "slow", {"long.txt": text_bytes(5_000_000)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"long.txt": ItemState.UPLOADING})
    select(app, "long.txt")
    pane = app.window.details
    qtbot.waitUntil(lambda: "%" in pane.status.text(), timeout=10_000)
    first = pane.status.text()
    qtbot.waitUntil(lambda: pane.status.text() != first, timeout=10_000)
    assert pane.status.text().startswith("Uploading") and "%" in pane.status.text()
    assert pane.item is not None and pane.item.state is ItemState.UPLOADING
