"""Regenerate the screenshots in this folder: the real app against the sandbox, under Xvfb.

    xvfb-run -a -s "-screen 0 1280x800x24" python resources/screenshots/make_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from scripe_desktop.ui.app_settings import AppSettings
from scripe_desktop.ui.controller import DesktopApp, LaunchOptions
from scripe_desktop.ui.onboarding import OnboardingDialog

OUT = Path(__file__).resolve().parent


def make_files(folder: Path) -> None:
    folder.mkdir(parents=True)
    names = ["Interview with Dr. Alvarez.txt", "Board meeting notes.txt", "Quarterly plan.txt",
             "Field recording transcript.txt", "Customer call 14 May.txt", "Product FAQ.txt",
             "Research summary.txt", "Team retro.txt", "Podcast episode 12.txt"]
    for i, name in enumerate(names):
        line = f"{name} line of text number {{}}\n"
        (folder / name).write_text("".join(line.format(n) for n in range(8000 * (i + 1))))
    img = QImage(640, 400, QImage.Format.Format_RGB32)
    img.fill(QColor("#4a7bd0"))
    img.save(str(folder / "Whiteboard photo.png"))
    (folder / "setup.exe").write_bytes(b"MZ\x90\x00" + bytes(4000))


def dark_palette() -> QPalette:
    """A typical dark desktop palette, to check that nothing is hard-coded light."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2d2d30", QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262629",
        QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#3a3a3d",
        QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Mid: "#444448",
        QPalette.ColorRole.PlaceholderText: "#8a8a8e", QPalette.ColorRole.ToolTipBase: "#2d2d30",
        QPalette.ColorRole.ToolTipText: "#e8e8e8", QPalette.ColorRole.Light: "#4a4a4e",
        QPalette.ColorRole.Dark: "#1a1a1c", QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7e"))
    return pal


def shot(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print("saved", OUT / name)


def main() -> int:
    app = QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="scripe-shots-"))
    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    settings.rate_limit_kbps = 400
    settings.concurrency = 3
    ctl = DesktopApp(LaunchOptions(home=tmp / "home", settings=settings, sandbox=True,
                                   tray_available=False))
    ctl.window.resize(1180, 680)
    files = tmp / "Project files"
    make_files(files)
    steps: list[tuple[int, object]] = []

    def at(ms: int, fn: object) -> None:
        steps.append((ms, fn))

    def onboarding() -> None:
        dialog = OnboardingDialog(ctl.api_base, ctl.store, ctl.window)
        dialog.show()
        dialog.key_edit.setFocus()
        QTimer.singleShot(300, lambda: shot(dialog, "onboarding.png"))
        QTimer.singleShot(400, lambda: dialog.key_edit.setText("scripe_sk_live_" + "x" * 24))
        QTimer.singleShot(500, dialog.submit)
        QTimer.singleShot(2500, lambda: (shot(dialog, "onboarding-error.png"), dialog.close()))

    def settings_shot() -> None:
        ctl.open_settings()
        dialog = ctl.settings_dialog
        dialog.tabs.setCurrentIndex(1)
        QTimer.singleShot(300, lambda: (shot(dialog, "settings.png"), dialog.reject()))

    at(1500, lambda: shot(ctl.window, "empty-window.png"))
    at(1800, lambda: ctl.add_paths([files]))
    at(8000, lambda: shot(ctl.window, "busy-queue.png"))
    light = app.palette()

    def dark_shot() -> None:  # chained, so the shot always follows the switch
        app.setPalette(dark_palette())
        QTimer.singleShot(500, lambda: (shot(ctl.window, "busy-queue-dark.png"),
                                        app.setPalette(light)))

    at(8100, dark_shot)
    at(8700, onboarding)
    at(12000, settings_shot)
    at(13500, lambda: (ctl.quit(), app.quit()))

    def run_steps() -> None:
        for ms, fn in steps:
            QTimer.singleShot(ms, fn)  # type: ignore[arg-type]

    ctl.ready.connect(run_steps)
    ctl.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
