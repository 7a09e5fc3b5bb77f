"""The guard against PySide6 builds that lose references to None/True/False."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.qt_compat import loses_singleton_references, protect_singletons


class _Emitter(QObject):
    ping = Signal()


def test_probe_gives_back_what_it_takes(qapp: object) -> None:
    before = sys.getrefcount(None)
    loses_singleton_references()
    assert abs(sys.getrefcount(None) - before) < 4


def test_protected_singletons_survive_many_leaky_calls(qapp: object) -> None:
    leaky = loses_singleton_references()
    assert protect_singletons() is leaky
    timer, emitter = QTimer(), _Emitter()
    # More calls than None has references in a fresh process: aborts if unprotected.
    for _ in range(50_000):
        timer.setInterval(1)
        emitter.ping.emit()
    if leaky:
        assert sys.getrefcount(None) > 1 << 49
        assert sys.getrefcount(True) > 1 << 49
