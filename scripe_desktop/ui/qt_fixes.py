"""A guard against a reference-count bug in PySide6's ``SignalInstance.emit``.

Why: PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit()`` without taking a reference to
it (and ``False`` from a failed ``disconnect()``). Every emit from Python therefore lowers
``sys.getrefcount(True)`` by one. On Python 3.11 ``True`` is not immortal: after as many emits as
there are other references to it (some 10,000 in this app), its count reaches zero and CPython
aborts with "Fatal Python error: bool_dealloc: deallocating True or False". That was the abort
seen about 100 s into a 45,000-file folder. Measured, not assumed: :func:`leak_per_emit` runs the
same probe the regression test runs, and the guard is installed only where it finds a leak, so a
fixed PySide6 is left alone.
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


def install() -> bool:
    """Wrap ``emit``/``disconnect`` to give back the reference they drop; True if needed."""
    global _installed
    with _lock:
        if _installed:
            return True
        lost_true, lost_false = leak_per_emit()
        if lost_true < 0.5 and lost_false < 0.5:
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
