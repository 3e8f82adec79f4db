"""The installed Qt binding keeps reference counts straight.

PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every void call
and to True on every signal emit, which aborts the interpreter after a few
thousand what-if repaints. pyproject.toml caps the binding below it; this test
fails if a binding with that defect is installed again.
"""

import sys

from PySide6.QtCore import QObject, QPointF, Signal


class _Probe(QObject):
    ping = Signal()


def test_void_calls_and_emits_keep_singleton_refcounts():
    probe, point = _Probe(), QPointF()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        point.setX(1.0)
        probe.ping.emit()
    # other threads may touch the counts a little; the defect loses 200 of each
    assert none_before - sys.getrefcount(None) < 50
    assert true_before - sys.getrefcount(True) < 50
