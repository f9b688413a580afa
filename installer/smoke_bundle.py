"""Smoke test of a built bundle on any OS (the release workflow's Windows and macOS jobs).

    python installer/smoke_bundle.py --app dist/scripe-desktop/scripe-desktop-cli.exe
    python installer/smoke_bundle.py --app "dist/Scripe Desktop.app/Contents/MacOS/scripe-desktop"

The same checks as Linux's installer/linux/smoke-installed.sh, with the standard library only:
``--version`` matches scripe_desktop/__init__.py; the bundled CLI uploads a PDF, an MP3, a
DOCX and a text file to the bundled sandbox and each is recognised as its type (CLI JSON and
the sandbox's records); the window opens offscreen with ``--sandbox`` and quits (SIGTERM on
macOS/Linux, where the app quits cleanly and must exit 0; Windows has no SIGTERM, so there the
process is ended after the window showed and its sandbox answered).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.samples import docx_bytes, mp3_bytes, pdf_bytes, text_bytes  # noqa: E402

EXPECTED = {
    "paper.pdf": ("application/pdf", pdf_bytes),
    "song.mp3": ("audio/mpeg", mp3_bytes),
    "letter.docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx_bytes,
    ),
    "note.txt": ("text/plain", text_bytes),
}
T0 = time.monotonic()


def step(text: str) -> None:
    print(f"\n-- [{time.monotonic() - T0:5.1f}s] {text}", flush=True)


def version() -> str:
    text = (ROOT / "scripe_desktop" / "__init__.py").read_text()
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)  # type: ignore[union-attr]


def wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise SystemExit(f"SMOKE TEST FAILED: {what} (after {timeout:.0f} s)")


def records(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/_sandbox/records", timeout=10) as r:
        return json.load(r)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True, type=Path, help="the bundled executable")
    args = parser.parse_args()
    app = str(args.app.resolve())
    work = Path(tempfile.mkdtemp(prefix="scripe-smoke-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRIPE_", "MAGIC"))}
    env.update(SCRIPE_DESKTOP_HOME=str(work / "home"), QT_QPA_PLATFORM="offscreen")

    step("--version")
    got = subprocess.run([app, "--version"], capture_output=True, text=True, env=env, check=True)
    print(got.stdout.strip())
    assert got.stdout.strip() == f"scripe-desktop {version()}", got.stdout

    step("bundled CLI uploads a PDF, an MP3, a DOCX and a text file to the bundled sandbox")
    files = work / "files"
    files.mkdir()
    for name, (_ctype, make) in EXPECTED.items():
        (files / name).write_bytes(make())
    sb_log = work / "sandbox.log"
    with sb_log.open("w") as out:
        cmd = [app, "sandbox", "--port", "0", "--data-dir", str(work / "sb")]
        sandbox = subprocess.Popen(
            [*cmd, "--job-duration", "0.5"], stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:
        wait_for(lambda: "API key" in sb_log.read_text(), 60, "the sandbox did not start")
        log = sb_log.read_text()
        base = re.search(r"http://127\.0\.0\.1:\d+", log).group(0)  # type: ignore[union-attr]
        key = re.search(r"scripe_sk_test_[A-Za-z0-9]+", log).group(0)  # type: ignore[union-attr]
        up_env = dict(env, SCRIPE_API_KEY=key, SCRIPE_API_BASE=base)
        up = subprocess.run(
            [app, "upload", str(files), "--attach", "knowledge", "--wait", "--json"],
            capture_output=True, text=True, env=up_env, timeout=300,
        )  # fmt: skip
        print(up.stdout, up.stderr, sep="\n")
        assert up.returncode == 0, f"upload exited {up.returncode}"
        rows = [json.loads(line) for line in up.stdout.splitlines() if line.startswith("{")]
        by_name = {Path(r["path"]).name: r for r in rows if "path" in r}
        uploads = {u["id"]: u for u in records(base)["uploads"]}
        for name, (ctype, _make) in EXPECTED.items():
            row = by_name[name]
            assert row["status"] == "attached" and row["contentType"] == ctype, row
            assert row["jobStatus"] == "DONE", row
            assert uploads[row["uploadId"]]["contentType"] == ctype
            assert uploads[row["uploadId"]]["received"]
            print(f"  {name}: {ctype}, job DONE")
    finally:
        sandbox.terminate()
        sandbox.wait(30)

    step("window opens offscreen (--sandbox) and quits")
    gui_log = work / "gui.log"
    flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    with gui_log.open("w") as out:
        gui = subprocess.Popen(
            [app, "--sandbox"], stdout=out, stderr=subprocess.STDOUT, creationflags=flags,
            env=dict(env, SCRIPE_DESKTOP_REPORT_STARTUP="1"),
        )  # fmt: skip
    wait_for(lambda: "window shown" in gui_log.read_text() or gui.poll() is not None, 60,
             "the window never showed")  # fmt: skip
    assert gui.poll() is None, gui_log.read_text()
    print(gui_log.read_text().strip())
    app_log = work / "home" / "sandbox" / "scripe-desktop.log"
    if sys.platform == "win32":
        time.sleep(3)  # no clean quit signal on Windows: give the engine time to fail visibly
        gui.kill()
        gui.wait(30)
    else:
        gui.send_signal(signal.SIGTERM)
        code = gui.wait(60)
        assert code == 0, f"the window exited with {code}: {gui_log.read_text()}"
    problems = app_log.read_text() if app_log.exists() else ""
    assert "ERROR" not in problems and "Traceback" not in problems, problems
    step("bundle smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
