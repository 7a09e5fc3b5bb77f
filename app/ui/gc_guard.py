"""Run Python's cyclic garbage collector on the GUI thread only, and keep it short.

Source threads allocate all the time (events, frames). With automatic collection, a
collection can start on one of them and destroy unreachable Qt objects (a closed dialog
in a reference cycle) from the wrong thread, which crashes PySide6. pyqtgraph ships the
same remedy: switch automatic collection off and collect from a GUI-thread timer.

A full collection walks every tracked object: with Qt, numpy, SQLAlchemy, aiohttp and the
comment model loaded that is 50-90 ms on a laptop core, a visible stutter in a window that
must stay smooth at thousands of comments a second (``bench chat``). The objects that exist
once a show's window is built (modules, classes, the engine, the panels) live as long as
the show, so :func:`freeze_long_lived` moves them out of the collector's sight when the
window shows and :func:`thaw` hands them back when it closes; collections in between only
walk what the show allocated since.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

DEFAULT_INTERVAL_MS = 500


class GuiThreadGarbageCollector(QObject):
    """Disables automatic GC while alive and collects on its own timer instead."""

    def __init__(
        self, interval_ms: int = DEFAULT_INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        gc.disable()
        self._timer.start()

    def check(self) -> int:
        """Collect the generations whose allocation counts passed their thresholds.

        Mirrors what automatic collection would have done, just on this thread; returns
        the number of unreachable objects found.
        """
        found = 0
        for generation in range(len(self._thresholds)):
            if gc.get_count()[generation] <= self._thresholds[generation]:
                break
            found += gc.collect(generation)
        return found

    def close(self) -> None:
        """Stop collecting here and restore automatic collection if it was on."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


def freeze_long_lived() -> int:
    """Collect once, then exempt every surviving object from later collections.

    Call on the GUI thread when a window is built (one full collection, then none of
    today's objects is walked again); returns how many objects were frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def thaw() -> None:
    """Undo :func:`freeze_long_lived` (a closed window's cycles can be collected again)."""
    gc.unfreeze()
