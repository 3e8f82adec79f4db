"""Work-around for a reference-counting defect of the installed Qt binding, applied at import.

PySide6/shiboken 6.12.0 on CPython 3.11 returns ``None`` from every ``void``
C++ method (``QFont.setBold``, ``QPainter.setFont``, ``QColor.setAlpha``...)
and ``True`` from ``SignalInstance.emit()`` without taking a reference to
them. From CPython 3.12 on those singletons are immortal and nothing happens;
on 3.11 every call removes one reference, and after some thousands of paints
or signal emits the interpreter aborts ("none_dealloc: deallocating None" or
"bool_dealloc"). A what-if drag repaints charts on every step, so the
application would crash within minutes.

The probe below measures the defect; only when it is present are ``None``,
``True`` and ``False`` given a very large number of extra references, which
is exactly what CPython 3.12 does to make them immortal. They are never
deallocated anyway, so nothing else changes. A fixed binding or a newer
Python is left alone.
"""

from __future__ import annotations

import ctypes
import sys

_PROBES = 64
_RESERVE = 1 << 40  # references added to each singleton: more than any process will ever drop


def _lost(fn, obj) -> int:
    before = sys.getrefcount(obj)
    for _ in range(_PROBES):
        fn()
    return before - sys.getrefcount(obj)


def defect_present() -> bool:
    """True when void methods or signal emits drop references to None / True."""
    if sys.version_info >= (3, 12):
        return False  # None, True and False are immortal
    from PySide6.QtCore import QObject, QPointF, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    point = QPointF()
    return _lost(lambda: point.setX(1.0), None) > 0 or _lost(probe.ping.emit, True) > 0


def _add_references(obj, count: int) -> None:
    # ob_refcnt is the first field of every CPython object; the GIL is held here
    ctypes.c_ssize_t.from_address(id(obj)).value += count


def apply() -> bool:
    """Protect None, True and False if this binding needs it; True when it was applied."""
    if getattr(sys, "_creditdesk_qt_refcount_guard", False):
        return True
    if not defect_present():
        return False
    for singleton in (None, True, False):
        _add_references(singleton, _RESERVE)
    sys._creditdesk_qt_refcount_guard = True
    return True


APPLIED = apply()
