"""One "files left" for the status bar, the tray and the close dialog.

Walk-through: the tray said "Uploading 1029 files" while the status bar said 875.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from scripe_desktop.engine.events import ItemState
from scripe_desktop.ui.close_dialog import CloseChoice

from .helpers import make_files, simulate_drop, text_bytes

pytestmark = pytest.mark.gui


def number(text: str) -> int:
    found = re.match(r"(\d+) files? ", text)
    assert found, text
    return int(found.group(1))


def states(app) -> Counter:
    return Counter(i.state for i in app.window.model.items())


def test_tray_status_bar_and_close_dialog_say_the_same_files_left(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    app = make_app()
    names = {f"part{n}.txt": text_bytes(20_000) for n in range(6)}
    hold = sandbox.faults.hold("PUT storage", count=len(names))  # every PUT in flight, held
    try:
        assert simulate_drop(app.window.drop_zone, make_files(tmp_path / "six", names))
        qtbot.waitUntil(lambda: hold.held >= 1 and app.window.model.rowCount() == 6, timeout=15_000)
        qtbot.waitUntil(lambda: app.window.totals is not None, timeout=5000)
        window = app.window
        qtbot.waitUntil(
            lambda: window.status.summary.text().startswith("6 files left"), timeout=5000
        )
        bar_says = window.status.summary.text()
        app.tray.rebuild_menu()  # what the tray menu shows when it opens
        tray_says = app.tray.actions["status"].text()
        assert number(bar_says) == number(tray_says) == 6, (bar_says, tray_says)
        assert tray_says == app.tray.status_line() and tray_says in bar_says
        assert not window.close()  # work left: the dialog asks
        dialog = window.close_dialog
        assert dialog is not None and number(dialog.text()) == 6, dialog.text()
        dialog.choose(CloseChoice.CANCEL)
    finally:
        hold.release()
    qtbot.waitUntil(lambda: states(app)[ItemState.DONE] == 6, timeout=30_000)
    uploaded = Counter(k["name"] for k in sandbox.records()["knowledge"])
    assert uploaded == Counter(list(names))  # each file arrived once
    assert window.status.summary.text().startswith("All done")
    app.tray.rebuild_menu()
    assert not app.tray.actions["status"].text()[0].isdigit()  # "Up to date", no count
