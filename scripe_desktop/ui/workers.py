"""Blocking work (network, keyring, sandbox start-up) off the GUI thread, results back on it.

Why plain Python threads and a socket, not a QThreadPool and a signal: no thread but the GUI
thread may touch a Qt object or emit a signal (a signal emitted from a worker is exactly the
kind of cross-thread Qt call that has bitten this app). A worker only appends its outcome to a
deque and writes one byte to a socketpair; a ``QSocketNotifier`` on the other end wakes the GUI
thread, which runs the callbacks. The socket write is the only thing that crosses threads.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import socket
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Slot

MAX_WORKERS = 4


class _Waker(QObject):
    """Lives on the GUI thread; runs callbacks that other threads posted."""

    def __init__(self) -> None:
        super().__init__()
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._calls: collections.deque[Callable[[], None]] = collections.deque()
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._run)

    def post(self, fn: Callable[[], None]) -> None:
        """Any thread: queue ``fn`` for the GUI thread (no Qt call made here)."""
        self._calls.append(fn)
        # BlockingIOError: a wake-up is already pending (buffer full); OSError: shutting down
        with contextlib.suppress(BlockingIOError, OSError):
            self._write.send(b"\0")

    @Slot()
    def _run(self) -> None:
        try:
            while self._read.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass
        while self._calls:
            self._calls.popleft()()


_waker: _Waker | None = None
_executor: concurrent.futures.ThreadPoolExecutor | None = None
_lock = threading.Lock()
_pending: set[concurrent.futures.Future[Any]] = set()


def _get_waker() -> _Waker:
    global _waker
    if _waker is None or not shiboken6.isValid(_waker):
        app = QCoreApplication.instance()
        assert app is None or app.thread() is _current_qthread(), "call from the GUI thread"
        _waker = _Waker()
    return _waker


def _current_qthread() -> Any:
    from PySide6.QtCore import QThread

    return QThread.currentThread()


def call_on_gui_thread(fn: Callable[[], None]) -> None:
    """Any thread: run ``fn`` soon on the GUI thread. The waker must exist (see run_task)."""
    assert _waker is not None
    _waker.post(fn)


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    context: QObject,
) -> concurrent.futures.Future[Any]:
    """Run ``fn`` on a worker thread; call back on the GUI thread while ``context`` lives.

    Call from the GUI thread. When ``context`` is destroyed first, the callbacks are dropped.
    """
    global _executor
    waker = _get_waker()
    with _lock:
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(
                MAX_WORKERS, thread_name_prefix="scripe-worker"
            )
        future = _executor.submit(fn)
        _pending.add(future)

    def deliver() -> None:
        with _lock:
            _pending.discard(future)
        if not shiboken6.isValid(context):  # the receiver was destroyed meanwhile
            return
        exc = future.exception()
        if exc is None:
            on_done(future.result())
        else:
            on_error(exc)

    future.add_done_callback(lambda _f: waker.post(deliver))
    return future


def wait_idle(timeout: float = 10.0) -> bool:
    """Block until every submitted task finished (shutdown and tests); callbacks not run."""
    with _lock:
        futures = list(_pending)
    _done, not_done = concurrent.futures.wait(futures, timeout)
    return not not_done
