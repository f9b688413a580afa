"""Run in a separate process (a scale factor is fixed when Qt starts): measure the window.

    python -m tests.ui.layout_probe WIDTHxHEIGHT [window WxH | default]

Prints one JSON object: column widths and positions, the status bar's and toolbar's buttons in
global coordinates, and the screen's available geometry, all in logical pixels.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    screen_w, screen_h = (int(v) for v in argv[0].split("x"))
    tmp = Path(tempfile.mkdtemp(prefix="layout-probe-"))
    config = tmp / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "probe",
                        "x": 0,
                        "y": 0,
                        "width": screen_w,
                        "height": screen_h,
                        "logicalDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"

    from PySide6.QtCore import QPoint, QRect, QSettings
    from PySide6.QtWidgets import QAbstractButton, QApplication

    from scripe_desktop.engine.events import AttachKind, ItemSnapshot, ItemState, Target
    from scripe_desktop.ui.app_settings import AppSettings
    from scripe_desktop.ui.engine_bridge import EngineBridge
    from scripe_desktop.ui.main_window import MainWindow
    from scripe_desktop.ui.projects import ProjectsLoader
    from scripe_desktop.ui.queue_model import Column

    app = QApplication([])
    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(EngineBridge(), settings, ProjectsLoader(), tray_available=False)
    if len(argv) > 1 and argv[1] != "default":
        w, h = (int(v) for v in argv[1].split("x"))
        window.resize(w, h)
    target = Target(AttachKind.KNOWLEDGE)
    states = [ItemState.UPLOADING, ItemState.WAITING, ItemState.FAILED, ItemState.DONE]
    window.model.upsert(
        [
            ItemSnapshot(
                id=i,
                batch_id=1,
                path=f"/home/u/Interviews/{i}/Interview {i}.mp3",
                name=f"Interview with the mayor, part {i}.mp3",
                size=5_000_000,
                content_type="audio/mpeg",
                target=target,
                state=states[i % 4],
                reason="Scripe could not read this file" if i % 4 == 2 else None,
            )
            for i in range(1, 13)
        ]
    )
    window._after_change()
    window.show()
    for _ in range(5):
        app.processEvents()
    avail = window.screen().availableGeometry()
    header = window.view.horizontalHeader()

    def global_rect(widget) -> list[int]:
        top_left = widget.mapToGlobal(QPoint(0, 0))
        r = QRect(top_left, widget.size())
        return [r.x(), r.y(), r.width(), r.height()]

    buttons = {}
    for button in window.status.findChildren(QAbstractButton):
        if button.isVisible():
            buttons[button.text() or button.accessibleName()] = global_rect(button)
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.text() == "Settings":
            buttons["Settings"] = global_rect(button)
    columns = {
        c.name: {"width": header.sectionSize(c), "x": header.sectionViewportPosition(c)}
        for c in Column
    }
    print(
        json.dumps(
            {
                "available": [avail.x(), avail.y(), avail.width(), avail.height()],
                "frame": [
                    window.frameGeometry().x(),
                    window.frameGeometry().y(),
                    window.frameGeometry().width(),
                    window.frameGeometry().height(),
                ],
                "window": [window.width(), window.height()],
                "viewport_width": window.view.viewport().width(),
                "hscroll": window.view.horizontalScrollBar().value(),
                "columns": columns,
                "buttons": buttons,
                "dpr": window.devicePixelRatioF(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
