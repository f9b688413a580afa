"""Destinations and whole-queue states through the window's own controls, as a person uses
them; every outcome is checked in the sandbox's records (where each file went, how often).

Requests "in flight" are held by the sandbox (``faults.hold``) until the test releases them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from scripe_desktop.engine.events import AttachKind, ConditionKind, ItemState, Reason
from scripe_desktop.sandbox import Sandbox
from scripe_desktop.ui.app_settings import AppSettings, DestinationChoice
from scripe_desktop.ui.queue_model import Column

from .helpers import make_files, simulate_drop, text_bytes
from .test_window_flow import row_of, select, states, wait_states

pytestmark = pytest.mark.gui


def where(sb: Sandbox) -> dict[str, list[tuple[str, str | None]]]:
    rec = sb.records()
    out: dict[str, list[tuple[str, str | None]]] = {}
    for kind in ("sources", "knowledge"):
        for a in rec[kind]:
            out.setdefault(a["name"], []).append((kind, a["projectId"]))
    return {k: sorted(v, key=str) for k, v in out.items()}


def attaches_per_upload(sb: Sandbox) -> Counter[str]:
    rec = sb.records()
    return Counter(a["uploadId"] for a in rec["sources"] + rec["knowledge"])


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_first_project(qtbot, bar) -> str:
    qtbot.waitUntil(lambda: bar.project_combo.count() > 1, timeout=10_000)
    click(qtbot, bar.sources_radio)
    bar.project_combo.setCurrentIndex(1)  # what picking an entry of the combo does
    return str(bar.project_combo.currentData())


def status_of(app, name: str) -> str:
    return app.window.proxy.index(row_of(app, name), Column.STATUS).data()


def test_switching_to_sources_while_the_file_uploads_attaches_it_there(
    qtbot, make_app, sandbox: Sandbox, tmp_path: Path
) -> None:
    app = make_app()
    hold = sandbox.faults.hold("PUT storage")
    files = make_files(tmp_path / "d", {"talk.txt": text_bytes(4000)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(lambda: hold.held == 1, timeout=10_000)  # its PUT is in flight
    qtbot.waitUntil(lambda: states(app).get("talk.txt") is ItemState.UPLOADING, timeout=5000)
    bar = app.window.destination_bar
    assert bar.knowledge_radio.isChecked()
    project = choose_first_project(qtbot, bar)
    r = row_of(app, "talk.txt")
    qtbot.waitUntil(
        lambda: app.window.proxy.index(r, Column.DESTINATION).data().startswith("Sources"),
        timeout=5000,
    )
    hold.release()
    wait_states(qtbot, app, {"talk.txt": ItemState.DONE})
    assert where(sandbox) == {"talk.txt": [("sources", project)]}


def test_retarget_says_what_was_already_added_and_can_send_copies(
    qtbot, make_app, sandbox: Sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.concurrency = 1
    app = make_app()
    first, second = sandbox.faults.hold("PUT storage"), sandbox.faults.hold("PUT storage")
    files = make_files(tmp_path / "r", {"a.txt": text_bytes(900), "b.txt": text_bytes(900)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(lambda: first.held == 1, timeout=10_000)
    first.release()
    wait_states(qtbot, app, {"a.txt": ItemState.DONE})
    qtbot.waitUntil(lambda: second.held == 1, timeout=10_000)
    project = choose_first_project(qtbot, app.window.destination_bar)
    note = app.window.already_note
    qtbot.waitUntil(note.isVisible, timeout=5000)
    assert note.label.text() == "1 file was already added to Knowledge."
    assert note.copy_button.text().startswith("Also send them to Sources")
    second.release()
    wait_states(qtbot, app, {"b.txt": ItemState.DONE})
    assert where(sandbox) == {"a.txt": [("knowledge", None)], "b.txt": [("sources", project)]}
    click(qtbot, note.copy_button)
    qtbot.waitUntil(lambda: len(sandbox.records()["sources"]) == 2, timeout=15_000)
    assert where(sandbox)["a.txt"] == sorted([("knowledge", None), ("sources", project)], key=str)
    assert set(attaches_per_upload(sandbox).values()) == {1}


def test_no_destination_survives_a_restart_and_send_to_from_the_menu_sends_it(
    qtbot, make_app, sandbox: Sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    app_settings.destination = DestinationChoice(AttachKind.SOURCE, None)
    first = make_app(home=home)
    files = make_files(tmp_path / "h", {"held.txt": text_bytes(800)})
    assert simulate_drop(first.window.drop_zone, files)
    wait_states(qtbot, first, {"held.txt": ItemState.NEEDS_DESTINATION})
    assert status_of(first, "held.txt") == "Choose where to send these."
    first.window.destination_bar.close_button.click()  # the bar is gone; the state is not
    first.quit()
    assert where(sandbox) == {}

    second = make_app(home=home)
    wait_states(qtbot, second, {"held.txt": ItemState.NEEDS_DESTINATION})
    assert status_of(second, "held.txt") == "Choose where to send these."
    select(second, "held.txt")
    assert second.window.view.send_to_action.isEnabled()
    assert not second.window.view.retry_action.isEnabled()
    second.window.view.send_to_action.trigger()
    dialog = second.window.send_to_dialog
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.knowledge_radio)
    click(qtbot, dialog.ok_button)
    wait_states(qtbot, second, {"held.txt": ItemState.DONE})
    assert not second.window.destination_bar.isVisible()
    assert where(sandbox) == {"held.txt": [("knowledge", None)]}
    assert len(sandbox.records()["uploads"]) == 1  # the bytes were sent once


def test_a_remembered_project_missing_from_the_list_asks_where(
    qtbot, make_app, sandbox: Sandbox, app_settings: AppSettings, tmp_path: Path
) -> None:
    app_settings.destination = DestinationChoice(AttachKind.SOURCE, "proj_deleted000000")
    app = make_app()
    bar = app.window.destination_bar
    qtbot.waitUntil(lambda: bar.project_combo.count() > 1, timeout=10_000)
    files = make_files(tmp_path / "m", {"m.txt": text_bytes(500)})
    assert simulate_drop(app.window.drop_zone, files)
    wait_states(qtbot, app, {"m.txt": ItemState.NEEDS_DESTINATION})
    item = next(i for i in app.window.model.items() if i.name == "m.txt")
    assert item.reason_code == Reason.PROJECT_MISSING
    project = choose_first_project(qtbot, bar)
    click(qtbot, bar.start_button)
    wait_states(qtbot, app, {"m.txt": ItemState.DONE})
    assert where(sandbox) == {"m.txt": [("sources", project)]}


def test_pause_all_holds_new_drops_and_retries_until_resume_all(
    qtbot, make_app, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.faults.fail_next("POST /v1/knowledge", 1, 422)
    app = make_app()
    status = app.window.status
    refused = make_files(tmp_path / "f", {"refused.txt": text_bytes(400)})
    assert simulate_drop(app.window.drop_zone, refused)
    wait_states(qtbot, app, {"refused.txt": ItemState.FAILED})
    click(qtbot, status.pause_button)
    qtbot.waitUntil(lambda: status.paused, timeout=5000)
    files = make_files(tmp_path / "p", {"p.txt": text_bytes(500)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(status.retry_failed_button.isEnabled, timeout=5000)
    click(qtbot, status.retry_failed_button)
    wait_states(qtbot, app, {"p.txt": ItemState.PAUSED, "refused.txt": ItemState.PAUSED})
    uploads = [r for r in sandbox.records()["api_requests"] if r["path"] == "/v1/uploads"]
    assert len(uploads) == 1  # only the refused file's, before the pause
    assert status.pause_button.text() == "Resume all"
    click(qtbot, status.pause_button)
    wait_states(qtbot, app, {"p.txt": ItemState.DONE, "refused.txt": ItemState.DONE})
    assert where(sandbox) == {"p.txt": [("knowledge", None)], "refused.txt": [("knowledge", None)]}
    assert set(attaches_per_upload(sandbox).values()) == {1}


def test_daily_limit_shows_try_now_which_attaches_once_the_limit_is_lifted(
    qtbot, make_app, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.set_spend(cap_cents=0)
    app = make_app()
    files = make_files(tmp_path / "c", {"c.txt": text_bytes(500)})
    assert simulate_drop(app.window.drop_zone, files)
    banner = app.window.banner
    qtbot.waitUntil(lambda: banner.row_for(ConditionKind.SPEND_CAP) is not None, timeout=15_000)
    qtbot.waitUntil(lambda: status_of(app, "c.txt").startswith("Daily limit reached"), timeout=5000)
    assert states(app)["c.txt"] is ItemState.WAITING
    assert where(sandbox) == {}
    sandbox.set_spend(cap_cents=None)  # raised in Scripe
    row = banner.row_for(ConditionKind.SPEND_CAP)
    assert row.button is not None and row.button.text() == "Try now"
    click(qtbot, row.button)
    wait_states(qtbot, app, {"c.txt": ItemState.DONE})
    assert where(sandbox) == {"c.txt": [("knowledge", None)]}
    qtbot.waitUntil(lambda: banner.row_for(ConditionKind.SPEND_CAP) is None, timeout=5000)


def test_first_drop_waits_for_the_persons_choice(
    qtbot, make_app, app_settings: AppSettings, sandbox: Sandbox, tmp_path: Path
) -> None:
    """A first start has no remembered destination: nothing is added to Scripe until the
    person picks one and presses Start; that choice is then remembered for the next drop."""
    app_settings.qsettings.remove("destination/kind")
    assert not app_settings.destination_chosen
    app = make_app()
    bar = app.window.destination_bar
    first = make_files(tmp_path / "first", {"one.txt": text_bytes(300)})
    assert simulate_drop(app.window.drop_zone, first)
    qtbot.waitUntil(lambda: bar.isVisible() and bar.held, timeout=10_000)
    wait_states(qtbot, app, {"one.txt": ItemState.NEEDS_DESTINATION})
    assert where(sandbox) == {}  # uploaded at most, never attached
    summary = app.window.status.summary
    waiting = "1 file left · waiting for you to choose a destination"  # no "(0 B)"
    qtbot.waitUntil(lambda: summary.text() == waiting, timeout=5000)
    app.tray.rebuild_menu()
    assert app.tray.actions["status"].text() == "1 file left"  # the same count
    # The rows say "Not chosen yet": the bar doesn't look as if a place had been chosen.
    assert app.window.proxy.index(0, Column.DESTINATION).data() == "Not chosen yet"
    assert not bar.knowledge_radio.isChecked() and not bar.sources_radio.isChecked()
    assert not bar.start_button.isEnabled()
    assert bar.start_button.toolTip() == "Choose Sources or Knowledge first"
    click(qtbot, bar.knowledge_radio)
    assert bar.start_button.isEnabled()
    click(qtbot, bar.start_button)
    wait_states(qtbot, app, {"one.txt": ItemState.DONE})
    assert where(sandbox) == {"one.txt": [("knowledge", None)]}
    assert app_settings.destination_chosen
    second = make_files(tmp_path / "second", {"two.txt": text_bytes(300)})
    assert simulate_drop(app.window.drop_zone, second)
    wait_states(qtbot, app, {"two.txt": ItemState.DONE})
    assert where(sandbox)["two.txt"] == [("knowledge", None)]


def test_enter_in_the_destination_bar_starts_and_escape_hides_it(
    qtbot, make_app, app_settings: AppSettings, sandbox: Sandbox, tmp_path: Path
) -> None:
    """The bar behaves like a small dialog: Enter presses Start once a place is chosen (and
    does nothing before), Escape hides it; the batch stays held until it is started."""
    app_settings.qsettings.remove("destination/kind")
    app = make_app()
    bar = app.window.destination_bar
    files = make_files(tmp_path / "enter", {"one.txt": text_bytes(300)})
    assert simulate_drop(app.window.drop_zone, files)
    qtbot.waitUntil(lambda: bar.isVisible() and bar.held, timeout=10_000)
    wait_states(qtbot, app, {"one.txt": ItemState.NEEDS_DESTINATION})
    click(qtbot, bar.sources_radio)  # Sources with no project yet: Start is not ready
    qtbot.keyClick(bar.sources_radio, Qt.Key.Key_Return)
    assert bar.held and where(sandbox) == {}
    qtbot.keyClick(bar.sources_radio, Qt.Key.Key_Escape)
    assert not bar.isVisible() and bar.held  # hidden, still waiting for a choice
    bar.show()
    project = choose_first_project(qtbot, bar)
    qtbot.keyClick(bar.project_combo, Qt.Key.Key_Return)  # Enter where the choice was made
    wait_states(qtbot, app, {"one.txt": ItemState.DONE})
    assert where(sandbox) == {"one.txt": [("sources", project)]}
