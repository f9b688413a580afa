"""``run_gui(argv)``: the desktop app's entry point. Importing this module has no side effects.

``argv`` is the argument list without the program name: ``[--sandbox] [--home DIR] [paths…]``.
A second launch forwards its paths to the running instance and exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path

_T0 = time.perf_counter()  # for the benchmark's "start to window shown"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripe-desktop", description="Scripe Desktop")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="use a local test server instead of Scripe (no account needed)",
    )
    parser.add_argument(
        "--home",
        type=Path,
        default=None,
        help="where the queue and logs are kept (default: per-user data dir)",
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help="start in the tray without a window (how start-at-login launches it)",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to upload")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def _setup_logging(home: Path) -> None:
    """The window's log file in ``home``; its engine process writes ``engine.log`` beside it
    (``logfile.py``: one writer per file)."""
    from scripe_desktop.api import install_redaction
    from scripe_desktop.logfile import LOG_FILE, file_handler

    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    root.addHandler(file_handler(home / LOG_FILE))
    root.setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise
    install_redaction()


def _install_quit_signals(quit_fn: object) -> object:
    """Ctrl-C / SIGTERM quit cleanly (queue saved, sandbox process stopped).

    Python runs signal handlers only between bytecodes; a slow no-op timer gives it a chance
    while Qt's event loop is in C++.
    """
    import signal

    from PySide6.QtCore import QTimer

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, quit_fn))  # type: ignore[arg-type]
    timer = QTimer()
    timer.start(300)
    timer.timeout.connect(lambda: None)
    return timer


def _file_open_filter(on_paths: object) -> object:
    """macOS: files dropped on the Dock icon or opened with the app arrive as FileOpen events."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QFileOpenEvent

    class FileOpenFilter(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
                on_paths([Path(event.file())])  # type: ignore[operator]
                return True
            return False

    return FileOpenFilter()


def run_gui(argv: list[str] | None = None) -> int:
    """Open the window (and the sandbox with ``--sandbox``); returns the exit code."""
    from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
    from PySide6.QtWidgets import QApplication

    from scripe_desktop.engine import default_home
    from scripe_desktop.engine.arenas import fewer_malloc_arenas

    from . import icons, qt_fixes
    from .app_settings import APPLICATION, ORGANIZATION, AppSettings
    from .controller import DesktopApp, LaunchOptions
    from .single_instance import SingleInstanceServer, forward_to_running, server_name

    fewer_malloc_arenas()  # before Qt and our workers start threads (engine/arenas.py)
    qt_fixes.install()  # before anything emits a signal (see qt_fixes for why)
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    # Engine threads (scanning, hashing, HTTP) share the GIL with the GUI thread: a shorter
    # switch interval hands it back to the event loop sooner (5 ms by default).
    sys.setswitchinterval(0.001)
    home = (args.home or default_home()).expanduser()
    if args.sandbox:
        home = home / "sandbox"  # never mix test uploads with the real queue
    paths = [p.expanduser().resolve() for p in args.paths]

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "scripe-desktop"])
    assert isinstance(app, QApplication)
    app.setDesktopFileName("scripe-desktop")
    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)  # "keep uploading in the background" hides it
    translator = QTranslator(app)
    translations = str(icons.resource_dir() / "translations")
    if translator.load(QLocale(), "scripe_desktop", "_", translations):
        app.installTranslator(translator)

    name = server_name(f"{home}")
    if forward_to_running(name, [str(p) for p in paths]):
        print("Scripe Desktop is already running; the files were handed to it.", file=sys.stderr)
        return 0
    _setup_logging(home)

    options = LaunchOptions(
        home=home,
        settings=AppSettings(),
        sandbox=args.sandbox,
        paths=paths,
        api_base=os.environ.get("SCRIPE_API_BASE") or None,
        background=args.background,
    )
    controller = DesktopApp(options)
    server = SingleInstanceServer(name, controller)
    server.pathsReceived.connect(lambda ps: controller.add_paths([Path(p) for p in ps]))
    server.listen()
    controller.finished.connect(app.quit)
    app.aboutToQuit.connect(controller.shutdown)
    keep_alive = _install_quit_signals(controller.quit)
    singletons = QTimer()  # see qt_fixes: keep None/True/False far from a zero count
    singletons.timeout.connect(qt_fixes.top_up)
    singletons.start(60_000)
    file_open = _file_open_filter(controller.add_paths)
    app.installEventFilter(file_open)  # type: ignore[arg-type]
    controller.start()
    if os.environ.get("SCRIPE_DESKTOP_REPORT_STARTUP"):
        print(f"window shown after {1000 * (time.perf_counter() - _T0):.0f} ms", file=sys.stderr)
    code = app.exec()
    server.close()
    del keep_alive, file_open, singletons
    return int(code)
