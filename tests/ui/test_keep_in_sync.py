"""A dropped folder becomes a watched one from its batch summary: the destination and "only
new files" are asked, the files just dropped are not uploaded again, and a file saved into
the folder later arrives by itself (the engine process's watcher; the sandbox's records)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from scripe_desktop.engine import AttachKind, ItemState
from scripe_desktop.engine.watch import FolderList
from scripe_desktop.ui.app_settings import DestinationChoice

from .helpers import make_files, simulate_drop, text_bytes
from .test_window_flow import wait_states

pytestmark = pytest.mark.gui


def _names(sandbox) -> list[str]:
    rec = sandbox.records()
    return sorted(a["name"] for a in rec["knowledge"] + rec["sources"])


def test_keep_this_folder_in_sync_from_the_batch_summary(
    qtbot, make_app, sandbox, app_settings, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SCRIPE_SYNC_SETTLE", "0.3")  # the engine process inherits it
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))  # never the real autostart
    app = make_app()
    qtbot.waitUntil(lambda: len(app.projects.projects) > 1, timeout=10_000)
    project = app.projects.projects[1]
    app_settings.destination = DestinationChoice(AttachKind.SOURCE, project.id)
    folder = tmp_path / "Recordings"
    make_files(folder, {"one.txt": text_bytes(300), "two.txt": text_bytes(310)})
    assert simulate_drop(app.window.drop_zone, [folder])
    wait_states(qtbot, app, {"one.txt": ItemState.DONE, "two.txt": ItemState.DONE})
    keeper = app.window.keep_in_sync
    qtbot.waitUntil(keeper.button.isVisible, timeout=10_000)
    assert app.window.destination_bar.showing_summary
    assert keeper.button.text() == "Keep this folder in sync…"

    qtbot.mouseClick(keeper.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: keeper.dialog is not None and keeper.dialog.isVisible(), timeout=10_000)
    dialog = keeper.dialog
    assert dialog.destination.currentData() == f"source:{project.id}"  # the batch's own
    assert dialog.only_new.isChecked()
    assert "2 files already here" in dialog.upload_existing.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    [watched] = FolderList(app.options.home).load().folders
    assert (watched.path, watched.attach, watched.project_id) == (
        str(folder.resolve()), "source", project.id)  # fmt: skip
    assert not keeper.button.isVisible()
    assert "is now watched" in app.window.destination_bar.summary.text()

    (folder / "three.txt").write_bytes(text_bytes(320))
    qtbot.waitUntil(lambda: "three.txt" in _names(sandbox), timeout=20_000)
    (folder / "four.txt").write_bytes(text_bytes(330))  # after three: when it is in, all are
    qtbot.waitUntil(lambda: "four.txt" in _names(sandbox), timeout=20_000)
    assert _names(sandbox) == ["four.txt", "one.txt", "three.txt", "two.txt"]
    sources = sandbox.records()["sources"]
    assert {s["projectId"] for s in sources} == {project.id}


def test_files_dropped_alone_offer_no_folder(
    qtbot, make_app, sandbox, app_settings, tmp_path: Path
) -> None:
    app = make_app()
    app_settings.destination = DestinationChoice(AttachKind.KNOWLEDGE)
    files = make_files(tmp_path / "loose", {"a.txt": text_bytes(300)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"a.txt": ItemState.DONE})
    keeper = app.window.keep_in_sync
    qtbot.waitUntil(lambda: keeper.looked == 1, timeout=10_000)  # its roots were read
    assert app.window.destination_bar.showing_summary
    assert not keeper.button.isVisible()
