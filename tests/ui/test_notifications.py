"""Notifications: grouped, rate-limited, off per kind; the tray fallback offscreen and the
native D-Bus path against a notification server on a private session bus (dbus-daemon)."""

# ruff: noqa: F821, F722 - dbus-fast reads D-Bus signatures from the annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import threading

import pytest
from dbus_fast import BusType  # noqa: F401 - dbus-fast comes with desktop-notifier
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal
from PySide6.QtCore import QSettings

from scripe_desktop.ui.notifications import Kind, Notifier

pytestmark = pytest.mark.gui


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "n.ini"), QSettings.Format.IniFormat)


def test_fallback_groups_rate_limits_and_turns_off_per_kind(qtbot, qsettings) -> None:
    clock = [1000.0]
    n = Notifier(lambda: None, settings=qsettings, native=False, group_ms=50,
                 min_interval=10.0, clock=lambda: clock[0])  # fmt: skip
    opened: list[str] = []
    for name in ("a.mp3", "b.mp3", "c.mp3"):
        n.file_finished(name, "Podcast interviews", lambda nm=name: opened.append(nm))
    qtbot.waitUntil(lambda: len(n.tray.sent) == 1, timeout=3000)
    note = n.tray.sent[0]
    assert (note.title, note.body, note.button) == (
        "Uploaded to Scripe", "3 files are in Podcast interviews", "Open")  # fmt: skip
    n.tray.clicked()  # the balloon was clicked: the last action runs
    assert opened == ["c.mp3"]

    n.failed("x.wav")  # another kind is not held back by the first
    qtbot.waitUntil(lambda: len(n.tray.sent) == 2, timeout=3000)
    assert n.tray.sent[1].body == "“x.wav” could not be uploaded"

    n.file_finished("d.mp3", "Knowledge")  # inside the 10 s of the last "finished": it waits
    timer = n._timers[Kind.FINISHED]
    assert timer.isActive() and timer.remainingTime() > 5000
    n.file_finished("e.mp3", "Knowledge")
    n.flush(Kind.FINISHED)  # (what the timer does when it fires)
    assert n.tray.sent[2].body == "2 files are in Knowledge"

    n.set_enabled(Kind.FAILED, False)
    n.failed("y.wav")
    assert not n._groups[Kind.FAILED].items
    assert Notifier(lambda: None, settings=qsettings, native=False).enabled(Kind.FAILED) is False


class FakeNotifications(ServiceInterface):
    """A notification server (what GNOME Shell or dunst provide), recording each Notify."""

    def __init__(self):
        super().__init__("org.freedesktop.Notifications")
        self.calls = []

    @method()
    def Notify(
        self,
        app_name: "s",
        replaces: "u",
        icon: "s",
        summary: "s",
        body: "s",
        actions: "as",
        hints: "a{sv}",
        timeout: "i",
    ) -> "u":
        self.calls.append((app_name, summary, body, list(actions)))
        return len(self.calls)

    @method()
    def GetCapabilities(self) -> "as":
        return ["actions", "body"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["fake", "scripe-tests", "1.0", "1.2"]

    @method()
    def CloseNotification(self, nid: "u"):
        pass

    @signal()
    def ActionInvoked(self, nid, key) -> "us":
        return [nid, key]

    @signal()
    def NotificationClosed(self, nid, reason) -> "uu":
        return [nid, reason]


@contextlib.contextmanager
def session_bus_with_server():
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    address = daemon.stdout.readline().strip()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = FakeNotifications()

    async def serve():
        bus = await MessageBus(bus_address=address).connect()
        bus.export("/org/freedesktop/Notifications", server)
        await bus.request_name("org.freedesktop.Notifications")
        return bus

    bus = asyncio.run_coroutine_threadsafe(serve(), loop).result(10)
    try:
        yield address, server, loop
    finally:
        loop.call_soon_threadsafe(bus.disconnect)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        daemon.terminate()
        daemon.wait(5)


def test_native_notifications_go_over_d_bus_and_their_button_works(
    qtbot, qsettings, monkeypatch
) -> None:
    with session_bus_with_server() as (address, server, loop):
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        n = Notifier(lambda: None, settings=qsettings, native=True, group_ms=20)
        try:
            assert n.native is not None
            opened = []
            n.file_finished("Customer call 14 May.mp3", "Podcast interviews",
                            lambda: opened.append("open"))  # fmt: skip
            qtbot.waitUntil(lambda: bool(server.calls), timeout=10_000)
            app_name, summary, body, actions = server.calls[0]
            assert app_name == "Scripe Desktop" and summary == "Uploaded to Scripe"
            assert body == "“Customer call 14 May.mp3” is in Podcast interviews"
            assert "Open" in actions and not n.tray.sent  # native, not the fallback
            button = actions[actions.index("Open") - 1]
            loop.call_soon_threadsafe(server.ActionInvoked, 1, button)  # the user presses Open
            qtbot.waitUntil(lambda: opened == ["open"], timeout=10_000)
        finally:
            n.close()


def test_without_a_notification_server_the_tray_fallback_takes_over(
    qtbot, qsettings, monkeypatch, tmp_path, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    n = Notifier(lambda: None, settings=qsettings, native=True, group_ms=20)
    try:
        n.failed("x.wav")
        qtbot.waitUntil(lambda: len(n.tray.sent) == 1, timeout=10_000)
        assert n.native is not None and n.native.failed
        assert n.tray.sent[0].body == "“x.wav” could not be uploaded"
    finally:
        n.close()
    assert os.environ["DBUS_SESSION_BUS_ADDRESS"].endswith("no-bus")
    # one plain line says so, with the reason; desktop-notifier's traceback only at DEBUG
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.exc_info, r.exc_text) for r in loud] == [
        ("scripe_desktop.ui.notifications", None, None)
    ]
    line = loud[0].getMessage()
    assert "fall back to the tray" in line and "\n" not in line
    assert "No such file or directory" in line  # the exception's own one-line message
    traced = [r for r in caplog.records if r.exc_info]
    assert traced and all(r.levelno == logging.DEBUG for r in traced)


def test_open_goes_to_the_project_for_sources_and_the_workspace_for_knowledge(
    qtbot, make_app, sandbox, app_settings, tmp_path
) -> None:
    from scripe_desktop.engine import AttachKind
    from scripe_desktop.ui.app_settings import DestinationChoice

    from .helpers import make_files, simulate_drop, text_bytes
    from .ui_helpers import catch_urls

    app = make_app()
    qtbot.waitUntil(lambda: len(app.projects.projects) > 1, timeout=10_000)
    project = app.projects.projects[1]
    notifier = app.notifier()
    for kind, project_id, name in (
        (AttachKind.SOURCE, project.id, "talk.txt"),
        (AttachKind.KNOWLEDGE, None, "notes.txt"),
    ):
        app_settings.destination = DestinationChoice(kind, project_id)
        files = make_files(tmp_path / name, {name: text_bytes(400)})
        assert simulate_drop(app.window.drop_zone, files)
        qtbot.waitUntil(
            lambda n=name: any(n in note.body for note in notifier.tray.sent), timeout=20_000
        )
    finished = {
        next(n for n in ("talk.txt", "notes.txt") if n in note.body): note
        for note in notifier.tray.sent
        if note.kind is Kind.FINISHED
    }
    with catch_urls("http", "https") as opened:
        finished["talk.txt"].action()
        finished["notes.txt"].action()
    assert project.url and project.url.endswith(project.id)
    # the sandbox's own pages (ui/links.py): the project's, and the workspace's for knowledge
    assert [u.toString() for u in opened] == [project.url, f"{sandbox.base_url}/app/"]
    rec = sandbox.records()
    assert [(s["name"], s["projectId"]) for s in rec["sources"]] == [("talk.txt", project.id)]
    assert [k["name"] for k in rec["knowledge"]] == ["notes.txt"]
