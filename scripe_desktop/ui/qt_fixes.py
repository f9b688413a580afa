"""Guards against reference-count bugs in PySide6 6.12.0 that abort the app.

Why: PySide6 6.12.0 hands back the singletons ``True``, ``False`` and ``None`` without taking a
reference: ``SignalInstance.emit()`` returns ``True``, a failed ``disconnect()`` ``False``, and
void methods (``QTimer.start``, ``QSocketNotifier.setEnabled``, ``beginInsertRows``, ...) and
``sender()``/``parent()`` ``None``. Each such call from Python lowers the singleton's count by
one. On Python 3.11 they are not immortal: once the count reaches zero CPython aborts with
"Fatal Python error: bool_dealloc: deallocating True or False" (or ``none_dealloc``). That was
the abort about 100 s into a 45,000-file folder: ``True`` has the fewest references (some
thousands) and the engine pipe's reader emitted a signal for every batch of events.

Two guards, both measured rather than assumed (a fixed PySide6 is left alone):

- ``emit``/``disconnect`` are wrapped to give back the reference they drop (the hot path:
  every engine delivery emits signals);
- the three singletons get a very large reference count at start, topped up by
  :func:`top_up` from a timer, as Python 3.12 does for them (PEP 683 "immortal" objects). They
  are static objects that are never freed in a correct program, so counting high is harmless;
  it covers the hundreds of void methods that cannot all be wrapped.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 200
_installed = False
_lock = threading.Lock()
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def leak_per_emit(emit: Any = None) -> tuple[float, float]:
    """(references to True, to False) lost per emit / failed disconnect, measured here."""
    probe = _Probe()
    emit = emit or (lambda: probe.ping.emit())
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):  # give back what the probe itself took
        _incref(ctypes.py_object(True))
    lost_true = lost / _PROBES
    before = sys.getrefcount(False)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for _ in range(_PROBES):
            with contextlib.suppress(RuntimeError, TypeError):
                probe.ping.disconnect(_noop)  # never connected: fails, returns False
    lost = before - sys.getrefcount(False)
    for _ in range(max(0, lost)):
        _incref(ctypes.py_object(False))
    lost_false = lost / _PROBES
    probe.deleteLater()
    return lost_true, lost_false


def _noop() -> None:
    pass


_FLOOR = 1 << 40  # at a million lost references a second: twelve days before a top-up is due
_SINGLETONS = (None, True, False)


def _needs_immortal() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def top_up() -> None:
    """Keep ``None``/``True``/``False`` far from zero (GUI timer; cheap, any thread)."""
    if not _needs_immortal():
        return
    for obj in _SINGLETONS:
        cell = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt, the object's first field
        if cell.value < _FLOOR:
            cell.value += _FLOOR


def leaks_none(call: Any) -> float:
    """References to None lost per ``call()`` (the regression test's probe)."""
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        call()
    lost = before - sys.getrefcount(None)
    return lost / _PROBES


def install() -> bool:
    """Wrap ``emit``/``disconnect`` to give back the reference they drop; True if needed."""
    global _installed
    with _lock:
        if _installed:
            return True
        lost_true, lost_false = leak_per_emit()
        if _needs_immortal() and (lost_true or lost_false or _void_leaks()):
            top_up()
        if lost_true < 0.5 and lost_false < 0.5:
            _installed = True
            return False
        if lost_true >= 0.5:
            original_emit = SignalInstance.emit
            true_ref = ctypes.py_object(True)

            def emit(self: SignalInstance, *args: Any) -> Any:
                result = original_emit(self, *args)
                if result is True:
                    _incref(true_ref)
                return result

            SignalInstance.emit = emit  # type: ignore[method-assign]
        if lost_false >= 0.5:
            original_disconnect = SignalInstance.disconnect
            false_ref = ctypes.py_object(False)

            def disconnect(self: SignalInstance, *args: Any) -> Any:
                result = original_disconnect(self, *args)
                if result is False:
                    _incref(false_ref)
                return result

            SignalInstance.disconnect = disconnect  # type: ignore[method-assign]
        _installed = True
        return True


def _void_leaks() -> bool:
    from PySide6.QtCore import QTimer

    timer = QTimer()
    return leaks_none(lambda: timer.setInterval(5)) >= 0.5
