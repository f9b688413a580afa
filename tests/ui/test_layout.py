"""The window at its default size, at 800×600 and with a 1.5 scale factor (each in its own
process, as a scale factor is fixed when Qt starts), and its layout kept across restarts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from scripe_desktop.engine.events import AttachKind, ItemSnapshot, ItemState, Target
from scripe_desktop.ui.app_settings import AppSettings
from scripe_desktop.ui.column_fit import fit_widths
from scripe_desktop.ui.queue_model import Column

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def probe(screen: str, window: str = "default", scale: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    if scale:
        env["QT_SCALE_FACTOR"] = scale
    out = subprocess.run(
        [sys.executable, "-m", "tests.ui.layout_probe", screen, window],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


@pytest.mark.parametrize(
    ("screen", "window", "scale"),
    [
        ("1280x800", "default", None),
        ("1280x800", "800x600", None),
        ("800x600", "default", None),
        ("1280x800", "default", "1.5"),
    ],
    ids=["1000x640", "800x600-window", "800x600-screen", "scale-1.5"],
)
def test_names_readable_and_buttons_on_screen(screen: str, window: str, scale: str | None) -> None:
    m = probe(screen, window, scale)
    cols = m["columns"]
    assert cols["NAME"]["width"] >= 200, m
    assert inside(m["frame"], m["available"]), m  # the first window fits the screen
    for name, rect in m["buttons"].items():
        assert inside(rect, m["available"]), (name, m)
    # Name and Status readable without scrolling sideways
    assert m["hscroll"] == 0
    for col in ("NAME", "STATUS"):
        assert cols[col]["x"] >= 0 and cols[col]["x"] + cols[col]["width"] <= m["viewport_width"]
    if window == "default" and screen == "1280x800" and not scale:
        assert m["window"] == [1000, 640]


def test_column_widths_give_name_the_room() -> None:
    for available in (400, 760, 980, 1400):
        widths = fit_widths(available, 7)
        assert widths[Column.NAME] >= 200
        if available >= 980:
            assert sum(widths.values()) <= available
        if available >= 760:  # Name and Status (the first two columns) always fit
            assert widths[Column.NAME] + widths[Column.STATUS] <= available
    wide = fit_widths(1400, 7)
    assert wide[Column.NAME] == max(wide.values())


def test_a_narrow_window_gives_the_status_the_room_of_type_and_size() -> None:
    """At 800 px the status sentence was cut to "Choose where to s…": Type and Size (also in
    the details pane) give way first; the default window still shows every column."""
    before = 24 * 7  # the status's minimum, what it had at 800 px
    narrow = fit_widths(776, 7)
    assert narrow[Column.TYPE] == 0 and narrow[Column.SIZE] == 0
    assert narrow[Column.STATUS] > before and narrow[Column.NAME] >= 200
    assert sum(narrow.values()) <= 776
    assert all(fit_widths(976, 7).values())


def test_window_geometry_and_columns_are_restored(qtbot, tmp_path: Path) -> None:
    from scripe_desktop.ui.engine_bridge import EngineBridge
    from scripe_desktop.ui.main_window import MainWindow
    from scripe_desktop.ui.projects import ProjectsLoader

    def settings() -> AppSettings:
        return AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))

    first = MainWindow(EngineBridge(), settings(), ProjectsLoader(), tray_available=False)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    header = first.view.horizontalHeader()
    header.resizeSection(Column.STATUS, 260)  # the user drags a column edge
    header.resizeSection(Column.NAME, 330)
    header.moveSection(header.visualIndex(Column.SIZE), 1)
    assert first.close()  # nothing to upload: closes, saving the layout

    second = MainWindow(EngineBridge(), settings(), ProjectsLoader(), tray_available=False)
    qtbot.addWidget(second)
    second.show()
    h2 = second.view.horizontalHeader()
    assert (second.width(), second.height()) == (700, 500)
    assert h2.sectionSize(Column.STATUS) == 260 and h2.sectionSize(Column.NAME) == 330
    assert h2.visualIndex(Column.SIZE) == 1


def test_columns_never_resized_keep_fitting_after_a_restart(qtbot, tmp_path: Path) -> None:
    from scripe_desktop.ui.engine_bridge import EngineBridge
    from scripe_desktop.ui.main_window import MainWindow
    from scripe_desktop.ui.projects import ProjectsLoader

    def window() -> MainWindow:
        settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        w = MainWindow(EngineBridge(), settings, ProjectsLoader(), tray_available=False)
        qtbot.addWidget(w)
        w.model.upsert(
            [
                ItemSnapshot(
                    1,
                    1,
                    "/x/a.txt",
                    "a.txt",
                    10,
                    "text/plain",
                    Target(AttachKind.KNOWLEDGE),
                    ItemState.DONE,
                )
            ]
        )
        w._after_change()  # a row, so the table is shown
        w.show()
        return w

    first = window()
    first.resize(680, 480)
    qtbot.waitUntil(lambda: first.view.viewport().width() < 680, timeout=2000)
    narrow_status = first.view.horizontalHeader().sectionSize(Column.STATUS)
    assert first.close()
    second = window()
    second.resize(790, 560)  # larger than before: the columns follow, not only Name
    qtbot.waitUntil(lambda: second.view.viewport().width() > 740, timeout=2000)
    header = second.view.horizontalHeader()
    assert header.sectionSize(Column.STATUS) > narrow_status
    assert header.sectionSize(Column.NAME) == max(header.sectionSize(c) for c in Column)
