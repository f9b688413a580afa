"""The Watched folders dialog as a person uses it, with the window's real engine process (and
its watcher) and the sandbox's records as the evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from scripe_desktop.engine.watch import FolderList

from .helpers import text_bytes

pytestmark = pytest.mark.gui


def _names(sandbox) -> list[str]:
    rec = sandbox.records()
    return sorted(a["name"] for a in rec["knowledge"] + rec["sources"])


@pytest.fixture
def env(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("SCRIPE_SYNC_SETTLE", "0.3")  # the engine process inherits it
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))  # never the real autostart
    return tmp_path / "cfg" / "autostart" / "scripe-desktop.desktop"


def _open(qtbot, app):
    app.window.watched_folders_action.trigger()
    qtbot.waitUntil(lambda: app.watched_folders is not None, timeout=5000)
    qtbot.waitUntil(app.watched_folders.isVisible, timeout=5000)
    return app.watched_folders


def _choose(qtbot, dialog, monkeypatch, folder: Path):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    dialog.choice_dialog = None
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.choice_dialog is not None, timeout=10_000)
    qtbot.waitUntil(dialog.choice_dialog.isVisible, timeout=5000)
    return dialog.choice_dialog


def _cell(qtbot, dialog, col: int, text: str, row: int = 0) -> None:
    """The page reads the index on a worker: wait for the row to say ``text``."""

    def shows() -> bool:
        item = dialog.tree.topLevelItem(row)
        return item is not None and item.text(col) == text

    try:
        qtbot.waitUntil(shows, timeout=10_000)
    except Exception as exc:
        item = dialog.tree.topLevelItem(row)
        got = [item.text(c) for c in range(5)] if item is not None else None
        raise AssertionError(
            f"row {row} col {col}: want {text!r}, have {got}; {dialog.note.text()!r}"
        ) from exc


def _select(dialog, row: int = 0) -> None:
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(row))


def test_add_pause_change_destination_skipped_and_remove(
    qtbot, make_app, sandbox, tmp_path: Path, monkeypatch, env: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(text_bytes(20))
    (inbox / "b.txt").write_bytes(text_bytes(30))
    app = make_app()
    qtbot.waitUntil(lambda: bool(app.projects.projects), timeout=10_000)
    dialog = _open(qtbot, app)
    choice = _choose(qtbot, dialog, monkeypatch, inbox)
    assert choice.upload_existing.text().startswith("Also upload the 2 files already here")
    assert choice.upload_existing.isChecked()
    qtbot.keyClick(choice, Qt.Key.Key_Return)  # Enter means "Watch this folder"
    qtbot.waitUntil(lambda: _names(sandbox) == ["a.txt", "b.txt"], timeout=20_000)
    assert env.exists(), "start at login is on by default once a folder is watched"
    assert dialog.start_at_login.isChecked()
    _cell(qtbot, dialog, 0, str(inbox.resolve()))
    _cell(qtbot, dialog, 2, "Watching")

    _select(dialog)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    assert FolderList(app.options.home).load().folders[0].paused
    _cell(qtbot, dialog, 2, "Paused")
    assert dialog.pause_button.text() == "&Resume"
    (inbox / "while-paused.txt").write_bytes(text_bytes(25))
    _select(dialog)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)  # resume: it goes up
    qtbot.waitUntil(lambda: "while-paused.txt" in _names(sandbox), timeout=20_000)

    project = app.projects.projects[0]
    _select(dialog)
    dialog.choice_dialog = None
    qtbot.mouseClick(dialog.destination_button, Qt.MouseButton.LeftButton)
    dest = dialog.choice_dialog
    dest.destination.setCurrentIndex(dest.destination.findData(f"source:{project.id}"))
    qtbot.keyClick(dest, Qt.Key.Key_Return)
    folder = FolderList(app.options.home).load().folders[0]
    assert (folder.attach, folder.project_id) == ("source", project.id)
    (inbox / "for-project.txt").write_bytes(text_bytes(22))
    try:
        qtbot.waitUntil(
            lambda: [s["name"] for s in sandbox.records()["sources"]] == ["for-project.txt"],
            timeout=20_000,
        )
    except Exception as exc:
        rows = [(i.name, i.state.value, i.reason) for i in app.window.model.items()]
        raise AssertionError(f"queue: {rows}") from exc
    assert sandbox.records()["sources"][0]["projectId"] == project.id

    (inbox / "archive.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    qtbot.waitUntil(lambda: _skipped(dialog), timeout=20_000)
    _select(dialog)
    qtbot.mouseClick(dialog.skipped_button, Qt.MouseButton.LeftButton)
    assert "archive.zip" in dialog.skipped_box.detailedText()
    dialog.skipped_box.close()

    _select(dialog)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert FolderList(app.options.home).load().folders == ()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 0, timeout=10_000)
    assert "Nothing was deleted in Scripe" in dialog.note.text()
    dialog.start_at_login.click()
    assert not env.exists()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: app.watched_folders is None, timeout=5000)


def _skipped(dialog) -> bool:
    from scripe_desktop.engine.watch import WatchIndex

    index = WatchIndex(dialog.home, readonly=True)
    try:
        return any(
            "archive.zip" in rel
            for rel, _ in index.facts(dialog.folders.load().folders[0].path).skipped
        )
    finally:
        index.close()


def test_only_new_files_leaves_the_files_already_there(
    qtbot, make_app, sandbox, tmp_path: Path, monkeypatch, env: Path
) -> None:
    inbox = tmp_path / "old-stuff"
    inbox.mkdir()
    for i in range(3):
        (inbox / f"old{i}.txt").write_bytes(text_bytes(10 + i))
    app = make_app()
    dialog = _open(qtbot, app)
    choice = _choose(qtbot, dialog, monkeypatch, inbox)
    assert "3 files already here" in choice.upload_existing.text()
    choice.only_new.setChecked(True)
    qtbot.mouseClick(
        choice.buttons.button(choice.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    (inbox / "new.txt").write_bytes(text_bytes(40))
    qtbot.waitUntil(lambda: _names(sandbox) == ["new.txt"], timeout=20_000)
    _cell(qtbot, dialog, 0, str(inbox.resolve()))


def test_a_polled_folder_is_said_in_plain_words(qtbot, make_app, tmp_path: Path, env: Path) -> None:
    from scripe_desktop.engine.watch import WatchedFolder
    from scripe_desktop.ui.notifications import Kind

    share = tmp_path / "share"
    share.mkdir()
    FolderList(tmp_path / "home").add(WatchedFolder(str(share), "knowledge", poll=True))
    app = make_app()
    notifier = app.notifier()
    qtbot.waitUntil(lambda: any(n.kind is Kind.POLLING for n in notifier.tray.sent), timeout=15_000)
    note = next(n for n in notifier.tray.sent if n.kind is Kind.POLLING)
    assert "“share” is checked for new files every" in note.body
    dialog = _open(qtbot, app)
    _cell(qtbot, dialog, 2, "Checked regularly")
    assert "checked for new files" in dialog.note.text()


def test_the_page_follows_uploads_while_open_reading_the_index_off_the_gui_thread(
    qtbot, make_app, sandbox, tmp_path: Path, monkeypatch, env: Path
) -> None:
    import threading

    from scripe_desktop.ui import watched_folders

    readers: list[str] = []
    real = watched_folders._read_rows

    def recording(home):
        readers.append(threading.current_thread().name)
        return real(home)

    monkeypatch.setattr(watched_folders, "_read_rows", recording)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    app = make_app()
    dialog = _open(qtbot, app)
    choice = _choose(qtbot, dialog, monkeypatch, inbox)
    qtbot.keyClick(choice, Qt.Key.Key_Return)
    _cell(qtbot, dialog, 3, "0")
    reads = dialog.reads
    (inbox / "one.txt").write_bytes(text_bytes(20))
    (inbox / "two.txt").write_bytes(text_bytes(30))
    qtbot.waitUntil(lambda: _names(sandbox) == ["one.txt", "two.txt"], timeout=20_000)
    _cell(qtbot, dialog, 3, "2")  # no one asked it to refresh: engine events did
    assert dialog.tree.topLevelItem(0).text(4) not in ("", "Not yet")
    assert dialog.reads > reads
    assert dialog.reads < reads + 30, "events are coalesced into a few reads"
    assert readers and threading.main_thread().name not in readers


def test_ignore_rules_from_the_page_keep_matching_files_out(
    qtbot, make_app, sandbox, tmp_path: Path, monkeypatch, env: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    app = make_app()
    dialog = _open(qtbot, app)
    choice = _choose(qtbot, dialog, monkeypatch, inbox)
    qtbot.keyClick(choice, Qt.Key.Key_Return)
    _cell(qtbot, dialog, 2, "Watching")
    _select(dialog)
    qtbot.mouseClick(dialog.rules_button, Qt.MouseButton.LeftButton)
    rules = dialog.rules_dialog
    qtbot.waitUntil(rules.isVisible, timeout=5000)
    rules.patterns.setPlainText("!")  # unreadable: refused in words, the dialog stays
    qtbot.mouseClick(
        rules.buttons.button(rules.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert rules.isVisible() and "not a pattern" in rules.error.text()
    rules.patterns.setPlainText("*.bak\n# comments are fine\ndrafts/")
    rules.hidden.setChecked(True)
    qtbot.mouseClick(
        rules.buttons.button(rules.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    saved = FolderList(app.options.home).load().folders[0]
    assert saved.ignore == ("*.bak", "drafts/") and saved.include_hidden
    (inbox / "drafts").mkdir()
    (inbox / "old.bak").write_bytes(text_bytes(20))
    (inbox / "drafts" / "plan.txt").write_bytes(text_bytes(21))
    (inbox / ".hidden.txt").write_bytes(text_bytes(22))
    qtbot.waitUntil(lambda: _names(sandbox) == [".hidden.txt"], timeout=20_000)
    (inbox / "sentinel.txt").write_bytes(text_bytes(23))  # written after: arrives after
    qtbot.waitUntil(lambda: "sentinel.txt" in _names(sandbox), timeout=20_000)
    assert _names(sandbox) == [".hidden.txt", "sentinel.txt"]


def _hover(qtbot, tree, row: int, column: int) -> str:
    """Rest the mouse on a cell as a person would: Qt's tooltip event at that spot."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    rect = tree.visualItemRect(tree.topLevelItem(row))
    x = tree.header().sectionViewportPosition(column) + 10
    pos = QPoint(x, rect.center().y())
    viewport = tree.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    return QToolTip.text()


def _icon_image(icon):
    return icon.pixmap(16, 16).toImage()


def test_two_folders_under_one_parent_keep_their_own_names_and_resume_has_its_icon(
    qtbot, make_app, tmp_path: Path, env: Path
) -> None:
    from PySide6.QtGui import QFontMetrics

    from scripe_desktop.engine.watch import WatchedFolder
    from scripe_desktop.ui import icons

    parent = tmp_path / "walk" / "a-long-parent-folder-where-the-team-keeps-its-exports"
    for name in ("data-alpha", "data-beta"):
        (parent / name).mkdir(parents=True)
        FolderList(tmp_path / "home").add(WatchedFolder(str(parent / name), "knowledge"))
    paths = [f.path for f in FolderList(tmp_path / "home").load().folders]
    app = make_app()
    dialog = _open(qtbot, app)
    _cell(qtbot, dialog, 2, "Watching", row=1)
    tree, header = dialog.tree, dialog.tree.header()
    qtbot.waitUntil(lambda: header.sectionSize(0) > 0, timeout=3000)

    # the path has the room; "Last activity" is as wide as what it says, no wider
    assert header.sectionSize(0) > sum(header.sectionSize(c) for c in range(1, 5)) / 2
    needed = max(tree.sizeHintForColumn(4), header.sectionSizeHint(4))
    assert header.sectionSize(4) <= needed + 2
    # what a cell shows: its text elided the view's way to the column's width
    metrics = QFontMetrics(tree.font())
    shown = [metrics.elidedText(p, tree.textElideMode(), header.sectionSize(0) - 12) for p in paths]
    assert all("…" in s for s in shown), "the parent is long: the cells are elided"
    assert shown[0].endswith("data-alpha") and shown[1].endswith("data-beta"), shown
    assert shown[0] != shown[1]
    assert _hover(qtbot, tree, 1, 0) == paths[1]  # the full path on hover

    pause, resume = _icon_image(icons.icon("pause")), _icon_image(icons.icon("resume"))
    assert pause != resume
    _select(dialog, 0)
    assert _icon_image(dialog.pause_button.icon()) == pause
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    _cell(qtbot, dialog, 2, "Paused")
    assert dialog.pause_button.text() == "&Resume"
    assert _icon_image(dialog.pause_button.icon()) == resume  # the icon follows the words
    _select(dialog, 1)  # a folder still watching: back to the pause icon
    assert dialog.pause_button.text() == "&Pause"
    assert _icon_image(dialog.pause_button.icon()) == pause


def test_a_new_folder_goes_where_drops_go_while_that_project_still_exists(
    qtbot, make_app, app_settings, sandbox, tmp_path: Path, monkeypatch, env: Path
) -> None:
    from scripe_desktop.engine.events import AttachKind
    from scripe_desktop.ui.app_settings import DestinationChoice

    app = make_app()
    qtbot.waitUntil(lambda: len(app.projects.projects) > 1, timeout=10_000)
    project = app.projects.projects[1]  # not the first in the list: the remembered one
    app_settings.destination = DestinationChoice(AttachKind.SOURCE, project.id)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    dialog = _open(qtbot, app)
    choice = _choose(qtbot, dialog, monkeypatch, inbox)
    assert choice.destination.currentText() == f"Sources in {project.name}"
    qtbot.keyClick(choice, Qt.Key.Key_Return)
    folder = FolderList(app.options.home).load().folders[0]
    assert (folder.attach, folder.project_id) == ("source", project.id)
    (inbox / "report.txt").write_bytes(text_bytes(30))
    qtbot.waitUntil(lambda: bool(sandbox.records()["sources"]), timeout=20_000)
    assert sandbox.records()["sources"][0]["projectId"] == project.id

    # a remembered project that is no longer in the list: Knowledge, as before
    app_settings.destination = DestinationChoice(AttachKind.SOURCE, "proj_deletedmeanwhile")
    other = tmp_path / "other"
    other.mkdir()
    choice = _choose(qtbot, dialog, monkeypatch, other)
    assert choice.destination.currentText() == "Knowledge (whole workspace)"
    qtbot.keyClick(choice, Qt.Key.Key_Escape)
