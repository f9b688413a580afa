"""Desktop notifications: grouped, rate-limited, each kind switchable off.

Native notifications (``desktop-notifier``: D-Bus on Linux, Notification Center on macOS, WinRT
on Windows) carry buttons and click callbacks ("Open", "Show"); ``QSystemTrayIcon.showMessage``
is the fallback (no buttons, no way to tell which message was clicked). desktop-notifier is
asynchronous, so it runs on a thread with its own event loop; its callbacks are handed to the
GUI thread through a queue that a GUI timer drains: no other thread touches a Qt object.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

log = logging.getLogger(__name__)

Action = Callable[[], None]
POLLING_CHECK_MS = 4000  # after the engine connected: its watcher has opened every folder
NOTIFIER_LOGGER = "desktop_notifier.backends.base"  # where it logs a failed send


class Kind(enum.StrEnum):
    FINISHED = "finished"  # a batch or a watched file arrived
    FAILED = "failed"
    KEY = "key"  # the key was refused: a new one is needed
    LIMIT = "limit"  # the daily spend limit was reached
    POLLING = "polling"  # a watched folder is polled instead of watched


@dataclass(frozen=True)
class Note:
    kind: Kind
    title: str
    body: str
    button: str | None = None
    action: Action | None = None


class TrayBackend:
    """The fallback: the tray icon's balloon. No buttons; a click on it runs the last action."""

    def __init__(self, icon: Callable[[], QSystemTrayIcon | None]) -> None:
        self._icon = icon
        self.sent: list[Note] = []
        self._last: Note | None = None
        self._connected: QSystemTrayIcon | None = None

    def send(self, note: Note) -> None:
        icon = self._icon()
        self.sent.append(note)
        self._last = note
        if icon is None:
            return
        if self._connected is not icon:
            icon.messageClicked.connect(self.clicked)
            self._connected = icon
        icon.showMessage(note.title, note.body, QSystemTrayIcon.MessageIcon.Information, 8000)

    def clicked(self) -> None:
        if self._last is not None and self._last.action is not None:
            self._last.action()


class SendFailures(logging.Filter):
    """desktop-notifier logs every failed send as a WARNING with a traceback and does not
    raise. Without a notification service on D-Bus that is every session, and harmless (the
    tray takes over), so keep the exception for one plain line of ours; the traceback goes to
    DEBUG. On desktop-notifier's logger, which is where its records are logged."""

    def __init__(self) -> None:
        super().__init__()
        self.failure: BaseException | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None:
            return True
        self.failure = exc
        log.debug("desktop-notifier: %s", record.getMessage(), exc_info=record.exc_info)
        return False

    def take(self) -> BaseException | None:
        """The last failure, once (sends run one after another on the notifier's loop)."""
        failure, self.failure = self.failure, None
        return failure


def one_line(exc: BaseException | None) -> str:
    """``FileNotFoundError: [Errno 2] No such file or directory``: the first line only."""
    if exc is None:
        return "the notification was not shown"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class NativeBackend:
    """desktop-notifier on its own thread; button and click callbacks come back via ``inbox``."""

    def __init__(self, app_name: str = "Scripe Desktop") -> None:
        from desktop_notifier import DesktopNotifier

        self.inbox: queue.SimpleQueue[Action] = queue.SimpleQueue()
        self.failed = False
        self.sent: list[Note] = []
        self._failures = SendFailures()
        logging.getLogger(NOTIFIER_LOGGER).addFilter(self._failures)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="scripe-notify")  # fmt: skip
        self._thread.start()
        self._notifier = DesktopNotifier(app_name=app_name)

    def send(self, note: Note, fallback: Callable[[Note], None]) -> None:
        from desktop_notifier import Button

        hand_over = (lambda: self.inbox.put(note.action)) if note.action else None
        buttons = [Button(title=note.button, on_pressed=hand_over)] if note.button else []
        dispatched = threading.Event()  # desktop-notifier logs a failure instead of raising
        coro = self._notifier.send(
            title=note.title,
            message=note.body,
            buttons=buttons,
            on_clicked=hand_over,
            on_dispatched=dispatched.set,
        )
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        self.sent.append(note)

        def done(f: Any) -> None:
            exc = f.exception() or self._failures.take()
            if exc is not None or not dispatched.is_set():
                if not self.failed:
                    log.warning("native notifications unavailable (%s); they fall back to the "
                                "tray from now on", one_line(exc))  # fmt: skip
                self.failed = True
                self.inbox.put(lambda: fallback(note))

        future.add_done_callback(done)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(2)
        logging.getLogger(NOTIFIER_LOGGER).removeFilter(self._failures)


@dataclass
class _Group:
    items: list[tuple[str, str, Action | None]] = field(default_factory=list)
    last_sent: float = -1e9


class Notifier(QObject):
    """Collects notes per kind for ``group_ms``, then sends one; at most one per kind per
    ``min_interval`` seconds (later ones wait and are merged)."""

    def __init__(
        self,
        icon: Callable[[], QSystemTrayIcon | None],
        *,
        settings: QSettings | None = None,
        native: bool = True,
        group_ms: int = 1500,
        min_interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.tray = TrayBackend(icon)
        self.native: NativeBackend | None = None
        if native:
            try:
                self.native = NativeBackend()
            except Exception as exc:  # no back end for this platform
                log.info("desktop-notifier unavailable: %s", exc)
        self._group_ms = group_ms
        self._min_interval = min_interval
        self._clock = clock
        self._groups: dict[Kind, _Group] = {k: _Group() for k in Kind}
        self._timers: dict[Kind, QTimer] = {}
        self._drain = QTimer(self)
        self._drain.setInterval(100)
        self._drain.timeout.connect(self._run_callbacks)
        if self.native is not None:
            self._drain.start()

    # -- switches -------------------------------------------------------------------------------

    def enabled(self, kind: Kind) -> bool:
        return str(self.settings.value(f"notifications/{kind.value}", "true")).lower() == "true"

    def set_enabled(self, kind: Kind, on: bool) -> None:
        self.settings.setValue(f"notifications/{kind.value}", "true" if on else "false")

    # -- what front ends call ------------------------------------------------------------------

    def file_finished(self, name: str, where: str, open_it: Action | None = None) -> None:
        self._push(Kind.FINISHED, name, where, open_it)

    def failed(self, name: str, show: Action | None = None) -> None:
        self._push(Kind.FAILED, name, "", show)

    def key_needed(self, fix: Action | None = None) -> None:
        self._push(Kind.KEY, "", "", fix)

    def limit_reached(self, when: str) -> None:
        self._push(Kind.LIMIT, "", when, None)

    def polling(self, text: str) -> None:
        self._push(Kind.POLLING, "", text, None)

    def close(self) -> None:
        self._drain.stop()
        if self.native is not None:
            self.native.close()

    # -- grouping -------------------------------------------------------------------------------

    def _push(self, kind: Kind, name: str, detail: str, action: Action | None) -> None:
        if not self.enabled(kind):
            return
        self._groups[kind].items.append((name, detail, action))
        timer = self._timers.get(kind)
        if timer is None:
            timer = self._timers[kind] = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda k=kind: self.flush(k))
        if not timer.isActive():
            wait = self._groups[kind].last_sent + self._min_interval - self._clock()
            timer.start(max(self._group_ms, int(wait * 1000)))

    def flush(self, kind: Kind) -> None:
        group = self._groups[kind]
        if not group.items:
            return
        items, group.items = group.items, []
        group.last_sent = self._clock()
        note = self._compose(kind, items)
        if self.native is not None and not self.native.failed:
            self.native.send(note, self.tray.send)
        else:
            self.tray.send(note)

    def _compose(self, kind: Kind, items: list[tuple[str, str, Action | None]]) -> Note:
        n = len(items)
        name, detail, action = items[-1]
        if kind is Kind.FINISHED:
            places = {d for _, d, _ in items}
            if n == 1:
                body = self.tr("“{name}” is in {where}").format(name=name, where=detail)
            elif len(places) == 1:
                body = self.tr("{n} files are in {where}").format(n=n, where=detail)
            else:
                body = self.tr("{n} files were uploaded").format(n=n)
            return Note(kind, self.tr("Uploaded to Scripe"), body, self.tr("Open"), action)
        if kind is Kind.FAILED:
            body = (
                self.tr("“{name}” could not be uploaded").format(name=name)
                if n == 1
                else self.tr("{n} files could not be uploaded").format(n=n)
            )
            return Note(kind, self.tr("Some files were not uploaded"), body, self.tr("Show"),
                        action)  # fmt: skip
        if kind is Kind.KEY:
            return Note(kind, self.tr("Scripe needs your API key"),
                        self.tr("Uploads are paused until a working key is added. Nothing is "
                                "lost."), self.tr("Add key…"), action)  # fmt: skip
        if kind is Kind.LIMIT:
            body = self.tr("Files are kept and attached after {when}.").format(when=detail)
            return Note(kind, self.tr("Daily limit reached"), body)
        return Note(kind, self.tr("Checking a folder regularly"), detail)

    def _run_callbacks(self) -> None:
        """GUI thread: run what native notifications asked for (button presses, fallbacks)."""
        native = self.native
        while native is not None:
            try:
                action = native.inbox.get_nowait()
            except queue.Empty:
                return
            try:
                action()
            except Exception:
                log.exception("notification action failed")


def attach_to(app: Any) -> Callable[[], Notifier]:
    """Notify about the app's finished batches and whole-queue conditions. The notifier is
    made on first use, so an app that never notifies starts no notification thread."""
    from scripe_desktop.engine.events import (
        BatchSummary,
        Condition,
        ConditionKind,
        ItemState,
        Target,
    )

    from . import texts
    from .links import open_link, web_app_home
    from .queue_cells import target_url

    made: list[Notifier] = []

    def notifier() -> Notifier:
        if not made:
            icon = lambda: app.tray.icon  # noqa: E731
            qs = app.settings.qsettings
            made.append(Notifier(icon, settings=qs, native=app.tray.available, parent=app))
        return made[0]

    def show_window() -> None:
        app.window.bring_to_front()

    def on_batch(summary: BatchSummary) -> None:
        model, names = app.window.model, app.projects.names()
        places: dict[Target, tuple[str, Callable[[], None]]] = {}  # a few per batch
        for name, target in model.names_and_targets({ItemState.DONE}, summary.batch_id):
            if target not in places:
                where = texts.destination_label(target, names)
                # the project's page for Sources, the workspace for Knowledge: what the row
                # opens; the sandbox's own pages in sandbox mode (ui/links.py), said plainly
                # if it fails
                url = target_url(target, model.ctx) or web_app_home(app.api_base)
                places[target] = where, lambda u=url: open_link(u)
            notifier().file_finished(name, *places[target])
        for name, _ in model.names_and_targets({ItemState.FAILED}, summary.batch_id):
            notifier().failed(name, show_window)

    told: set[ConditionKind] = set()

    def on_conditions(conditions: tuple[Condition, ...]) -> None:
        kinds = {c.kind for c in conditions}
        if ConditionKind.KEY_NEEDED in kinds - told:
            notifier().key_needed(app.open_onboarding)
        for c in conditions:
            if c.kind is ConditionKind.SPEND_CAP and c.kind not in told:
                when = texts.clock_time(c.until) if c.until else app.tr("midnight (UTC)")
                notifier().limit_reached(when)
        told.clear()
        told.update(kinds)

    def tell_polling() -> None:
        """The engine process's watcher records in the index when a folder is polled."""
        from scripe_desktop.engine.watch import FolderList, WatchIndex

        index = WatchIndex(app.options.home, readonly=True)
        try:
            for f in FolderList(app.options.home).load().folders:
                facts = index.facts(f.path)
                if facts.mode == "polling" and facts.mode_reason:
                    notifier().polling(facts.mode_reason)
        finally:
            index.close()

    app.bridge.batchFinished.connect(on_batch)
    app.bridge.conditionsChanged.connect(on_conditions)
    app.bridge.connected.connect(lambda: QTimer.singleShot(POLLING_CHECK_MS, tell_polling))
    return notifier
