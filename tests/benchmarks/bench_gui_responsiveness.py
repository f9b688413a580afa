"""GUI responsiveness benchmark: drop a 10,000-file folder while uploads run.

Run: ``python tests/benchmarks/bench_gui_responsiveness.py [--files N]`` (offscreen unless a
display is set). Prints figures, asserts nothing. A child process is started so that "start to
window shown" includes interpreter start-up and imports, as a user would experience it.

Measured on the GUI thread with a 5 ms QTimer heartbeat: a tick that arrives late means the
event loop was blocked for that long (targets: longest < 50 ms, p99 < 16 ms).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEARTBEAT_MS = 5


def parent(files: int) -> int:
    data = Path(tempfile.mkdtemp(prefix="scripe-bench-data-"))
    print(f"generating {files} small text files in {data} …", flush=True)
    make_tree(data / "big", files)
    warm = data / "warm"
    warm.mkdir()
    for i in range(8):  # ~1 MB each: uploads that run during the big drop
        (warm / f"warm{i}.txt").write_bytes((f"warm {i}\n" * 150_000).encode())
    try:
        return _spawn(files, data)
    finally:
        import shutil

        shutil.rmtree(data, ignore_errors=True)


def _spawn(files: int, data: Path) -> int:
    env = dict(os.environ, SCRIPE_BENCH_T0=repr(time.time()))
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, __file__, "--child", "--files", str(files), "--data", str(data)]
    return subprocess.call(cmd, env=env)


def make_tree(folder: Path, count: int) -> None:
    for i in range(count):
        sub = folder / f"dir{i // 500:03d}"
        if i % 500 == 0:
            sub.mkdir(parents=True)
        (sub / f"note{i:05d}.txt").write_text(f"note {i}\nsome text for the benchmark\n")


def child(files: int, data: Path) -> int:
    t0 = float(os.environ.get("SCRIPE_BENCH_T0", time.time()))
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from scripe_desktop.ui.app_settings import AppSettings
    from scripe_desktop.ui.controller import DesktopApp, LaunchOptions

    tmp = Path(tempfile.mkdtemp(prefix="scripe-bench-"))
    app = QApplication([sys.argv[0]])
    settings = AppSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.rate_limit_kbps = 2048  # keep some uploads running during the whole drop
    controller = DesktopApp(
        LaunchOptions(home=tmp / "home", settings=settings, sandbox=True, tray_available=False)
    )
    shown: list[float] = []
    QTimer.singleShot(0, lambda: shown.append(time.time() - t0))
    controller.start()

    big, warm = data / "big", data / "warm"

    gaps: list[float] = []
    clock = QElapsedTimer()
    state = {"measuring": False, "dropped_at": 0.0, "filled_at": 0.0}

    def tick() -> None:
        if state["measuring"]:
            gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(tick)

    def start_uploads() -> None:
        controller.add_paths([warm])
        QTimer.singleShot(1500, drop_big)

    def drop_big() -> None:
        state["measuring"] = True
        clock.restart()
        heartbeat.start()
        state["dropped_at"] = time.monotonic()
        controller.window.add_paths([big])  # exactly what a drop on the window does
        poll.start()

    def check() -> None:
        rows = controller.window.model.rowCount()
        if not state["filled_at"] and rows >= files + 8:
            state["filled_at"] = time.monotonic()
            QTimer.singleShot(3000, finish)  # keep measuring while uploads continue

    def finish() -> None:
        heartbeat.stop()
        poll.stop()
        gaps.sort()
        stalls = [max(0.0, g - HEARTBEAT_MS) for g in gaps]
        p99 = stalls[int(0.99 * (len(stalls) - 1))] if stalls else 0.0
        uploading = sum(1 for i in controller.window.model.items() if i.state.active)
        print(f"start to window shown: {1000 * shown[0]:.0f} ms" if shown else "not shown")
        print(f"files dropped: {files}; rows in queue: {controller.window.model.rowCount()}")
        print(f"queue filled after: {state['filled_at'] - state['dropped_at']:.2f} s")
        print(
            f"heartbeat ticks: {len(gaps)} at {HEARTBEAT_MS} ms; items uploading at end: "
            f"{uploading}"
        )
        print(f"longest GUI stall: {max(stalls) if stalls else 0:.1f} ms (target < 50 ms)")
        print(f"p99 GUI stall: {p99:.1f} ms (target < 16 ms)")
        print(f"median tick interval: {gaps[len(gaps) // 2] if gaps else 0:.1f} ms")
        controller.quit()
        app.quit()

    poll = QTimer()
    poll.setInterval(100)
    poll.timeout.connect(check)
    controller.ready.connect(lambda: QTimer.singleShot(200, start_uploads))
    QTimer.singleShot(600_000, finish)
    app.exec()
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    sys.exit(child(args.files, args.data) if args.child else parent(args.files))
