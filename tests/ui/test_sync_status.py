"""While ``scripe-desktop sync`` runs headless on the same state directory, the window shows
what it is doing (read-only) instead of an error; the sync process's uploads show up in it."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from scripe_desktop.engine.watch.lock import sync_running_elsewhere
from tests.engine.cli_helpers import cli_env, run_cli, start_cli

from .helpers import text_bytes

pytestmark = pytest.mark.gui


def _names(sandbox) -> list[str]:
    rec = sandbox.records()
    return sorted(a["name"] for a in rec["knowledge"] + rec["sources"])


def test_the_window_shows_a_status_view_while_sync_runs_elsewhere(
    qtbot, make_app, sandbox, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert run_cli(["watch", "add", str(inbox), "--attach", "knowledge"], env)[0] == 0
    proc = start_cli(["sync", "--settle", "0.3"], env)
    try:
        assert "Press Ctrl-C to stop" in proc.stderr.readline()
        app = make_app(home=home, wait_ready=False)
        qtbot.waitUntil(lambda: getattr(app, "sync_status", None) is not None, timeout=20_000)
        view = app.sync_status
        qtbot.waitUntil(lambda: view.isVisible() and view.reads > 0, timeout=10_000)
        assert view.headline.text() == "Background sync is up to date."
        assert view.tree.topLevelItem(0).text(0) == str(inbox.resolve())
        assert view.tree.topLevelItem(0).text(1) == "0"

        (inbox / "from-sync.txt").write_bytes(text_bytes(40))
        qtbot.waitUntil(lambda: _names(sandbox) == ["from-sync.txt"], timeout=20_000)
        qtbot.waitUntil(lambda: view.tree.topLevelItem(0).text(1) == "1", timeout=10_000)
        assert "last activity" in view.summary.text()

        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
        qtbot.waitUntil(lambda: not view.status.running, timeout=10_000)
        assert view.headline.text().startswith("Background sync has stopped.")
        assert not sync_running_elsewhere(home)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
    with qtbot.waitSignal(app.finished, timeout=20_000):
        view.reject()  # closing the status view quits, as closing the error box did
