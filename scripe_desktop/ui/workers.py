"""Running blocking work (network, keyring, sandbox start-up) off the GUI thread.

Why one helper: every background call in the UI has the same shape (run a function on a pool,
get its result or exception back on the GUI thread, drop it if the receiver is gone).

Why a single long-lived dispatcher rather than a QObject per task: a per-task QObject created
on the GUI thread is released by the worker thread when the task ends, i.e. destroyed on the
wrong thread, which crashes Qt now and then. Here workers only emit one signal of an object
that lives as long as the application; the QRunnable they run is not a QObject.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

_Entry = tuple[QObject, Callable[[Any], None], Callable[[BaseException], None]]


class _Dispatcher(QObject):
    """Lives on the GUI thread for the application's lifetime; delivers task outcomes."""

    deliver = Signal(object)  # (token, ok, value)

    def __init__(self) -> None:
        super().__init__()
        self._pending: dict[int, _Entry] = {}
        self._lock = threading.Lock()
        self._tokens = itertools.count(1)
        self.deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)

    def register(self, entry: _Entry) -> int:
        with self._lock:
            token = next(self._tokens)
            self._pending[token] = entry
        return token

    @Slot(object)
    def _on_deliver(self, payload: tuple[int, bool, Any]) -> None:
        token, ok, value = payload
        with self._lock:
            entry = self._pending.pop(token, None)
        if entry is None:
            return
        context, on_done, on_error = entry
        if not shiboken6.isValid(context):  # the receiver was destroyed meanwhile
            return
        if ok:
            on_done(value)
        else:
            on_error(value)


_dispatcher: _Dispatcher | None = None


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
        app = QCoreApplication.instance()
        if app is not None:
            _dispatcher.moveToThread(app.thread())
    return _dispatcher


_running: set[Task] = set()  # keeps Python wrappers alive while the pool runs them
_running_lock = threading.Lock()


class Task(QRunnable):
    """A function run on a QThreadPool; its outcome goes to the dispatcher."""

    def __init__(self, fn: Callable[[], Any], token: int, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self.fn = fn
        self.token = token
        self.dispatcher = dispatcher

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            payload: tuple[int, bool, Any] = (self.token, False, exc)
        else:
            payload = (self.token, True, result)
        try:
            self.dispatcher.deliver.emit(payload)
        finally:
            with _running_lock:
                _running.discard(self)


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    context: QObject,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``fn`` in the background; call back on the GUI thread while ``context`` lives.

    Call from the GUI thread. When ``context`` is destroyed first, the callbacks are dropped.
    """
    dispatcher = _get_dispatcher()
    token = dispatcher.register((context, on_done, on_error))
    task = Task(fn, token, dispatcher)
    task.setAutoDelete(False)  # Python owns it (through _running) until run() ends
    with _running_lock:
        _running.add(task)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
