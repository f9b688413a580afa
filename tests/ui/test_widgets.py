"""Settings, tray, single instance, status bar and banner wording."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from scripe_desktop.engine.events import AttachKind, Condition, ConditionKind, Totals
from scripe_desktop.ui.app_settings import AppSettings
from scripe_desktop.ui.banner import Banner
from scripe_desktop.ui.single_instance import SingleInstanceServer, forward_to_running
from scripe_desktop.ui.status_bar import QueueFacts, QueueStatusBar
from scripe_desktop.ui.tray import TrayController

pytestmark = pytest.mark.gui


def test_settings_are_saved_and_applied_but_never_the_key(
    qtbot, make_app, app_settings: AppSettings, tmp_path: Path
) -> None:
    app = make_app()
    qtbot.waitUntil(
        lambda: bool(app.projects.projects) and app.workspace is not None, timeout=10_000
    )
    app.open_settings()
    dialog = app.settings_dialog
    assert dialog is not None and dialog.workspace_label.text() == "Sandbox workspace"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(AttachKind.SOURCE.value))
    dialog.project_combo.setCurrentIndex(1)
    dialog.concurrency_spin.setValue(3)
    dialog.limit_combo.setCurrentIndex(dialog.limit_combo.findText("Limit to 1 MB/s"))
    dialog.ok_button.click()
    assert app_settings.concurrency == 3 and app_settings.rate_limit_kbps == 1024
    assert app_settings.destination.kind is AttachKind.SOURCE
    assert app_settings.destination.project_id == app.projects.projects[0].id
    app.bridge.wait_for_commands()
    assert app.engine.rate_limit() == 1024 * 1024
    text = (tmp_path / "settings.ini").read_text()
    assert app.api_key not in text and "scripe_sk_" not in text


def test_settings_reject_a_non_https_address(qtbot, make_app, app_settings) -> None:
    app = make_app()
    app.open_settings()
    dialog = app.settings_dialog
    dialog.base_edit.setText("http://api.example.com")
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.base_error.isVisible()
    dialog.base_edit.setText("https://staging.example.com/")
    dialog.ok_button.click()
    assert app_settings.api_base == "https://staging.example.com"


def test_remove_key_from_settings(qtbot, make_app) -> None:
    app = make_app()
    app.open_settings()
    app.settings_dialog._do_remove()  # the confirmation box's "Remove" path
    qtbot.waitUntil(lambda: app.store.load() is None, timeout=5000)
    assert app.api_key is None and app.window.workspace_label.text() == ""


def test_tray_menu_is_built_on_demand(qtbot, tmp_path: Path) -> None:
    from scripe_desktop.engine.watch import FolderList, WatchedFolder

    (tmp_path / "inbox").mkdir()
    FolderList(tmp_path).add(WatchedFolder(str(tmp_path / "inbox"), "knowledge"))
    totals = Totals(3, 3000, 0.0, None, paused=True)
    tray = TrayController(lambda: totals, available=True, home=tmp_path)
    tray.menu.aboutToShow.emit()
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    # the window's "Pause all" (totals.paused) is its own; the tray pauses watched folders
    assert "Pause syncing for 1 hour" in texts and "Quit Scripe Desktop" in texts
    assert "3 files left (2.9 KB)" in texts
    tray.hide()
    no_tray = TrayController(lambda: None, available=False)
    assert no_tray.icon is None


def test_second_launch_forwards_paths(qtbot, tmp_path: Path) -> None:
    name = f"scripe-test-{uuid.uuid4().hex[:8]}"
    holder = QObject()  # the server is a child: deleted by Qt on this thread, not by the GC
    server = SingleInstanceServer(name, holder)
    assert server.listen()
    got: list[list[str]] = []
    server.pathsReceived.connect(got.append)
    result: list[bool] = []
    sender = threading.Thread(
        target=lambda: result.append(forward_to_running(name, [str(tmp_path / "a.txt")]))
    )
    sender.start()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    sender.join(5)
    assert got == [[str(tmp_path / "a.txt")]] and result == [True]
    server.close()
    assert forward_to_running(name, []) is False  # nobody listening: start normally
    with qtbot.waitSignal(holder.destroyed, timeout=2000):
        holder.deleteLater()


def test_status_bar_sentence(qtbot) -> None:
    bar = QueueStatusBar()
    qtbot.addWidget(bar)
    nothing = Totals(0, 0, 0.0, None, False)
    assert bar.describe(nothing) == "Drop files or folders to upload them."  # first start
    assert bar.describe(nothing, QueueFacts(rows=3, done=3)).startswith("All done")
    assert not bar.describe(nothing, QueueFacts(rows=1, cancelled=1)).startswith("All done")
    assert "1 file failed" in bar.describe(nothing, QueueFacts(rows=4, done=3, failed=1))
    busy = Totals(12, 5 * 1024 * 1024, 2 * 1024 * 1024, 150.0, False)
    text = bar.describe(busy, QueueFacts(rows=12, speed=2 * 1024 * 1024))
    assert "12 file" in text and "5.0 MB" in text and "2.0 MB/s" in text
    assert "less than a minute left" in text  # 5 MB at 2 MB/s
    # Nothing being sent (the engine's long average says 2 MB/s): no speed, no time left.
    idle = bar.describe(busy, QueueFacts(rows=12, waiting_for="waiting for a connection"))
    assert "MB/s" not in idle and "left" in idle and "waiting for a connection" in idle
    assert "time" not in idle and "min" not in idle
    bar.set_failed_count(2)
    assert bar.retry_failed_button.isEnabled() and "2" in bar.retry_failed_button.text()


def test_a_folder_scan_leads_the_summary_at_800_px(qtbot) -> None:
    """The scan's count was a label of its own beside the buttons: at 800 px it showed "L"."""
    bar = QueueStatusBar()
    qtbot.addWidget(bar)
    bar.resize(780, 40)
    bar.show()
    qtbot.waitExposed(bar)
    bar.set_totals(Totals(726, 1_048_576, 0.0, None, False))
    sentence = bar.summary.text()
    bar.set_scan(7, 250)
    bar.set_scan(8, 50)
    assert bar.summary.text() == f"Looking for files… 300 found · {sentence}"
    metrics = bar.summary.fontMetrics()
    assert bar.summary.width() >= metrics.horizontalAdvance("Looking for files… 300 found")
    bar.set_totals(Totals(700, 1_000_000, 0.0, None, False))  # the sentence moves on
    assert bar.summary.text().startswith("Looking for files… 300 found · 700 files left")
    bar.set_scan(7, None)
    bar.set_scan(8, None)
    assert bar.summary.text().startswith("700 files left")


class PaintCounter(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_totals_with_every_progress_report_leave_the_pause_button_alone(qtbot) -> None:
    """Totals come with every progress report; re-setting the button's icon repainted it
    (and flushed the whole window) thousands of times during a big drop."""
    bar = QueueStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)
    bar.set_totals(Totals(101, 101_000, 2048.0, 30.0, False))
    settled = PaintCounter(bar.summary)
    qtbot.waitUntil(lambda: settled.count > 0, timeout=5000)  # the first sentence is shown
    button, label = PaintCounter(bar.pause_button), PaintCounter(bar.summary)
    for i in range(50):
        bar.set_totals(Totals(100 - i, 1000 * (100 - i), 2048.0, 30.0, False))
        QApplication.processEvents()
    # The summary's text changed, so it repaints; a pending repaint of the button would go out
    # in the same pass over the window.
    qtbot.waitUntil(lambda: label.count > 0, timeout=5000)
    assert button.count == 0
    bar.set_totals(Totals(50, 50_000, 0.0, None, True))
    qtbot.waitUntil(lambda: button.count > 0, timeout=5000)
    assert bar.pause_button.text() == "Resume all"


def test_banner_orders_conditions_and_has_one_action_each(qtbot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    actions: list[ConditionKind] = []
    banner.actionRequested.connect(actions.append)
    banner.set_conditions(
        (
            Condition(ConditionKind.DEPRECATION, "v1 sunsets soon"),
            Condition(ConditionKind.RATE_LIMITED, "slow down", until=2_000_000_000.0),
            Condition(ConditionKind.KEY_NEEDED, "401 key_revoked"),
        )
    )
    kinds = [r.condition.kind for r in banner.rows]
    assert kinds == [
        ConditionKind.KEY_NEEDED,
        ConditionKind.RATE_LIMITED,
        ConditionKind.DEPRECATION,
    ]
    banner.rows[0].button.click()
    assert actions == [ConditionKind.KEY_NEEDED]
    banner.set_conditions(())
    assert not banner.rows and banner.isHidden()


def test_engine_stopped_banner_shows_the_plain_message(qtbot) -> None:
    from scripe_desktop.engine.remote import _STOPPED

    banner = Banner()
    qtbot.addWidget(banner)
    banner.set_conditions((_STOPPED,))
    [row] = banner.rows
    assert row.condition.kind is ConditionKind.ENGINE_STOPPED
    assert not banner.isHidden()
    assert "Nothing is lost" in banner.describe(row.condition)[0]


def test_keyboard_remove_and_accessible_controls(qtbot, make_app, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton

    from .helpers import make_files, simulate_drop, text_bytes

    app = make_app()
    window = app.window
    for button in window.findChildren(QAbstractButton):
        if button.objectName().startswith("qt_"):
            continue  # Qt's own internal buttons (toolbar extension, table corner)
        label = button.accessibleName() or button.text() or button.toolTip()
        assert label, f"unlabelled control: {button.objectName() or type(button).__name__}"
    files = make_files(tmp_path / "k", {"k.txt": text_bytes(300)})
    assert simulate_drop(window.drop_zone, files)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.model.item(0).state.finished, timeout=20_000)
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # shortcuts need the active window
    window.view.setFocus()
    selection = window.view.selectionModel()  # not selectRow(): it obeys held modifiers
    selection.select(
        window.proxy.index(0, 0),
        selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
    )
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=10_000)


def test_window_follows_a_palette_switch(qtbot, app_settings: AppSettings) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from scripe_desktop.ui.engine_bridge import EngineBridge
    from scripe_desktop.ui.main_window import MainWindow
    from scripe_desktop.ui.projects import ProjectsLoader

    window = MainWindow(
        EngineBridge(), app_settings, ProjectsLoader(), tray_available=False, sandbox=True
    )
    qtbot.addWidget(window)
    window.show()
    original = QApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Highlight, QColor("#3d7bd9"))
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(lambda: "#ff1e1e1e" in window.drop_zone.styleSheet(), timeout=3000)
        assert "#3d7bd9" in window.sandbox_badge.styleSheet()
        assert window.view.palette().color(QPalette.ColorRole.Base).name() == "#1e1e1e"
    finally:
        QApplication.setPalette(original)
