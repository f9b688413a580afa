"""The two log files (the window's and its engine process's) as "Copy diagnostics" reads them:
real files in the app's format, written through the app's own handler."""

from __future__ import annotations

import logging
from pathlib import Path

from scripe_desktop.diagnostics import recent_log_problems
from scripe_desktop.logfile import ENGINE_LOG_FILE, LOG_FILE, MAX_BYTES, file_handler

KEY = "scripe_sk_live_" + "Z" * 24


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), "utf-8")


def test_last_problems_merge_both_files_by_time_and_mark_the_engines(tmp_path: Path) -> None:
    window = tmp_path / LOG_FILE
    _write(window, [
        "2026-05-14 10:00:01,000 WARNING scripe_desktop.ui.boot: no stored key",
        "2026-05-14 10:00:03,000 INFO scripe_desktop.ui.controller: queue shown",
        "2026-05-14 10:00:05,000 ERROR scripe_desktop.engine.remote: the engine stopped",
    ])  # fmt: skip
    _write(tmp_path / ENGINE_LOG_FILE, [
        "2026-05-14 10:00:02,000 WARNING scripe_desktop.engine.failures: item 1: offline",
        "2026-05-14 10:00:04,000 WARNING scripe_desktop.engine.failures: item 2: file_gone",
    ])  # fmt: skip
    assert recent_log_problems(window) == [
        "2026-05-14 10:00:01,000 WARNING scripe_desktop.ui.boot: no stored key",
        "[engine] 2026-05-14 10:00:02,000 WARNING scripe_desktop.engine.failures: item 1: offline",
        "[engine] 2026-05-14 10:00:04,000 WARNING scripe_desktop.engine.failures: item 2: "
        "file_gone",
        "2026-05-14 10:00:05,000 ERROR scripe_desktop.engine.remote: the engine stopped",
    ]
    assert recent_log_problems(window, limit=1) == [
        "2026-05-14 10:00:05,000 ERROR scripe_desktop.engine.remote: the engine stopped"
    ]
    (tmp_path / ENGINE_LOG_FILE).unlink()  # an engine that never logged: the window's only
    assert len(recent_log_problems(window)) == 2


def test_the_shared_handler_caps_the_size_and_redacts_keys(tmp_path: Path) -> None:
    path = tmp_path / "state" / ENGINE_LOG_FILE
    handler = file_handler(path)
    logger = logging.getLogger("scripe_desktop.test.logfile")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("refused for %s", KEY)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
        handler.close()
    assert handler.maxBytes == MAX_BYTES and handler.backupCount == 2
    text = path.read_text("utf-8")
    assert " WARNING scripe_desktop.test.logfile: refused for [REDACTED]" in text
    assert KEY not in text
