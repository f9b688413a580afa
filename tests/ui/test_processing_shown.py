"""Files Scripe is processing are not shown as uploading.

Walk-through: while files were processing in Scripe (attached, job running) the status bar said
"6 files left (0 B)" and their bars sat half full.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripe_desktop.engine.events import ItemState
from scripe_desktop.sandbox import Sandbox
from scripe_desktop.ui.queue_model import Column, ProgressRole, StateRole

from .helpers import make_files, simulate_drop, text_bytes

pytestmark = pytest.mark.gui


def states(app) -> Counter:
    return Counter(i.state for i in app.window.model.items())


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """Jobs that take a while, so that files sit "processing in Scripe" long enough to look."""
    sb = Sandbox(job_duration=6.0).start()
    yield sb
    sb.stop()


def test_processing_files_are_not_shown_as_uploading(
    qtbot, make_app, sandbox, tmp_path: Path
) -> None:
    app = make_app()
    names = {f"talk{n}.txt": text_bytes(3000) for n in range(3)}
    assert simulate_drop(app.window.drop_zone, make_files(tmp_path / "three", names))
    qtbot.waitUntil(lambda: states(app)[ItemState.PROCESSING] == 3, timeout=15_000)
    assert len(sandbox.records()["knowledge"]) == 3  # attached: the jobs run in Scripe
    window = app.window
    window.model.flush()
    window._refresh_facts()  # the next tick would do the same
    text = window.status.summary.text()
    assert text == "3 files being processed by Scripe", text  # no "(0 B)", speed or time left
    app.tray.rebuild_menu()
    assert app.tray.actions["status"].text() == "3 files being processed by Scripe"
    proxy = window.proxy
    for row in range(proxy.rowCount()):
        assert proxy.index(row, Column.PROGRESS).data(ProgressRole) == 1.0  # full, not half
        assert proxy.index(row, Column.PROGRESS).data(StateRole) == "processing"
        assert proxy.index(row, Column.STATUS).data() == "Processing in Scripe"
    sandbox.clock.advance(10)  # the jobs end
    qtbot.waitUntil(lambda: states(app)[ItemState.DONE] == 3, timeout=45_000)
    assert window.status.summary.text().startswith("All done")
