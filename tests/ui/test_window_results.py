"""Results a person can use: where each file went, Open in Scripe, Copy id, the batch's
summary line, skipped and failed rows in full. Checked against the sandbox's own records."""

from __future__ import annotations

import zlib
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyleOptionViewItem

from scripe_desktop.engine.events import AttachKind, ItemState
from scripe_desktop.ui.app_settings import AppSettings, DestinationChoice
from scripe_desktop.ui.queue_model import Column

from .helpers import make_files, simulate_drop, text_bytes
from .test_window_flow import row_of, select, states, wait_states
from .ui_helpers import catch_urls, click_button

pytestmark = pytest.mark.gui


def png_bytes(size: int) -> bytes:
    """A real PNG header padded to ``size`` (libmagic calls it image/png)."""
    ihdr = b"IHDR" + (64).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    chunk = len(ihdr[4:]).to_bytes(4, "big") + ihdr + zlib.crc32(ihdr).to_bytes(4, "big")
    head = b"\x89PNG\r\n\x1a\n" + chunk
    return head + bytes(size - len(head))


def cell_center(app, name: str, column: Column):
    view = app.window.view
    index = app.window.proxy.index(row_of(app, name), column)
    view.scrollTo(index)
    return view.visualRect(index).center(), index


def test_done_rows_say_where_and_open_in_scripe(
    qtbot, make_app, sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    app = make_app()
    qtbot.waitUntil(lambda: len(app.projects.projects) > 1, timeout=10_000)
    project = app.projects.projects[1]
    app_settings.destination = DestinationChoice(AttachKind.SOURCE, project.id)
    files = make_files(tmp_path / "p", {"talk.txt": text_bytes(900)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"talk.txt": ItemState.DONE})
    source = sandbox.records()["sources"]
    assert [(s["name"], s["projectId"]) for s in source] == [("talk.txt", project.id)]
    r = row_of(app, "talk.txt")
    assert app.window.proxy.index(r, Column.STATUS).data() == f"Added to {project.name}"
    # the sandbox's own page for the project, never the real site (ui/links.py)
    assert project.url == f"{sandbox.base_url}/app/projects/{project.id}"

    view = app.window.view
    select(app, "talk.txt")
    with catch_urls("http", "https") as opened:
        view.open_in_scripe_action.trigger()  # context menu entry
        assert len(opened) == 1
        point, _ = cell_center(app, "talk.txt", Column.NAME)
        # a double-click as the window system delivers it: press, release, double-click
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert len(opened) == 2
        # the "Open in Scripe" button painted in the result cell
        _, index = cell_center(app, "talk.txt", Column.RESULT)
        option = QStyleOptionViewItem()
        option.rect = view.visualRect(index)
        option.fontMetrics = view.fontMetrics()
        button = view._result_delegate.button_rect(option)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    assert [u.toString() for u in opened] == [project.url] * 3
    page = httpx.get(project.url)  # where it lands: the page lists the file
    assert page.status_code == 200 and "talk.txt" in page.text and project.name in page.text

    view.setFocus()
    select(app, "talk.txt")
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # "Copy id"
    assert QGuiApplication.clipboard().text() == source[0]["id"]


def test_knowledge_opens_the_workspace(qtbot, make_app, sandbox, tmp_path: Path) -> None:
    app = make_app()
    qtbot.waitUntil(lambda: bool(app.projects.projects), timeout=10_000)
    files = make_files(tmp_path / "k", {"kb.txt": text_bytes(500)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"kb.txt": ItemState.DONE})
    assert [k["name"] for k in sandbox.records()["knowledge"]] == ["kb.txt"]
    select(app, "kb.txt")
    with catch_urls("http", "https") as opened:
        app.window.view.open_in_scripe_action.trigger()
    assert [u.toString() for u in opened] == [f"{sandbox.base_url}/app/"]
    page = httpx.get(opened[0].toString())
    assert page.status_code == 200 and "kb.txt" in page.text and "Sandbox workspace" in page.text


def test_batch_summary_skipped_failed_and_system_files(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    app = make_app()
    folder = tmp_path / "Batch"
    make_files(
        folder,
        {
            "a.txt": text_bytes(700),
            "b.txt": text_bytes(800),
            "bad.txt": text_bytes(900),
            "photo.png": png_bytes(30 * 1024 * 1024),
            ".DS_Store": b"\0\0\0\1Bud1" + bytes(100),
            "sub/Thumbs.db": bytes(300),
            "desktop.ini": b"[.ShellClassInfo]\r\n",
        },
    )
    sandbox.faults.fail_jobs_next(1)  # Scripe fails processing one file
    bar = app.window.destination_bar
    counts: list[int | None] = []
    shown_count = bar.set_file_count
    bar.set_file_count = lambda n: (counts.append(n), shown_count(n))  # type: ignore[method-assign]
    assert simulate_drop(app.window.drop_zone, [folder])
    qtbot.waitUntil(lambda: bool(app.window.batch_summaries), timeout=30_000)
    summary = next(iter(app.window.batch_summaries.values()))
    assert summary == "2 added to Knowledge · 1 skipped · 1 failed · 3 system files ignored"
    assert counts and counts[-1] == 4  # "Send 4 files to:", the rows the list shows
    app.tray.rebuild_menu()  # the tray does not say "Up to date" over a failed file
    assert not app.tray.actions["status"].text().startswith("Up to date")
    assert len(sandbox.records()["knowledge"]) == 3  # the failed one reached Scripe once
    # The bar did not vanish under the pointer: it became the summary line, in place.
    assert bar.isVisible() and bar.showing_summary and bar.summary.text() == summary
    # System files are not rows a person has to read.
    shown = {
        app.window.proxy.index(r, Column.NAME).data() for r in range(app.window.proxy.rowCount())
    }
    assert shown == {"a.txt", "b.txt", "bad.txt", "photo.png"}

    # The skipped picture: detected as an Image, no destination, its reason in full below.
    failed = next(n for n, s in states(app).items() if s is ItemState.FAILED)
    r = row_of(app, "photo.png")
    proxy = app.window.proxy
    assert proxy.index(r, Column.TYPE).data() == "Image"
    assert proxy.index(r, Column.DESTINATION).data() == ""
    view = app.window.view
    view.setFocus()
    view.selectRow(r)
    details = app.window.details
    assert details.isVisible() and details.item.name == "photo.png"
    assert details.status.text() == proxy.index(r, Column.STATUS).data()
    assert details.status.wordWrap() and "Image" in details.facts.text()

    # The failed row: no full bar, its reason in full, and trying again says the copy stays.
    select(app, failed)
    assert proxy.index(row_of(app, failed), 0).data(0x0103) is None  # ProgressRole
    assert "stays in Scripe" in details.note.text()
    view.retry_action.trigger()
    box = view.confirm_box
    assert "failed copy stays in Scripe" in box.informativeText()
    click_button(qtbot, box, "Try again")
    wait_states(qtbot, app, {failed: ItemState.DONE})
    assert len(sandbox.records()["knowledge"]) == 4


def test_summary_line_counts_what_is_left_after_rows_are_removed(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    """The summary line said "1 failed" after the failed row was removed from the list."""
    app = make_app()
    sandbox.faults.fail_jobs_next(1)  # Scripe fails processing one file
    names = {"a.txt": text_bytes(700), "b.txt": text_bytes(800), "c.txt": text_bytes(900)}
    folder = tmp_path / "three"
    make_files(folder, names)
    assert simulate_drop(app.window.drop_zone, [folder])
    bar = app.window.destination_bar
    qtbot.waitUntil(lambda: bar.showing_summary, timeout=30_000)
    assert bar.summary.text() == "2 added to Knowledge · 1 failed"
    failed = next(n for n, s in states(app).items() if s is ItemState.FAILED)
    select(app, failed)
    app.window.view.remove_action.trigger()  # "Remove from list"
    qtbot.waitUntil(lambda: bar.summary.text() == "2 added to Knowledge", timeout=5000)
    assert len(sandbox.records()["knowledge"]) == 3  # removing a row undoes nothing in Scripe
    app.window.status.clear_button.click()  # the rest go: nothing left to sum up
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=5000)
    assert app.window.model.rowCount() == 0
