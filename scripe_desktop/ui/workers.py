"""Running blocking work (network, keyring, sandbox start-up) off the GUI thread.

Why one helper: every background call in the UI follows the same shape (run a function on the
pool, get its result or exception back on the GUI thread), and a single implementation keeps the
"deliver only if the receiver still exists" logic in one place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


_running: set[Task] = set()  # keeps Python wrappers alive while the pool runs them
_running_lock = threading.Lock()


class Task(QRunnable):
    """A function run on a QThreadPool; result/exception come back as queued signals."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
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
    """Run ``fn`` in the background; call back on ``context``'s thread while it lives.

    ``context`` is the receiver: when it is destroyed first, the callbacks are dropped.
    """
    task = Task(fn)
    task.setAutoDelete(False)  # we keep the signals object alive through the callbacks
    relay = _Relay(on_done, on_error, context)
    task.signals.finished.connect(relay.done)
    task.signals.failed.connect(relay.error)
    with _running_lock:
        _running.add(task)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


class _Relay(QObject):
    """Lives on the GUI thread as a child of ``context`` so delivery is queued there."""

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        context: QObject,
    ) -> None:
        super().__init__(context)
        self._on_done = on_done
        self._on_error = on_error

    @Slot(object)
    def done(self, result: object) -> None:
        self.deleteLater()
        self._on_done(result)

    @Slot(object)
    def error(self, exc: object) -> None:
        self.deleteLater()
        self._on_error(exc)  # type: ignore[arg-type]
