"""Run Python's cyclic garbage collector on the GUI thread only.

Source threads allocate all the time (events, frames). With automatic collection, a
collection can start on one of them and destroy unreachable Qt objects (a closed dialog
in a reference cycle) from the wrong thread, which crashes PySide6. pyqtgraph ships the
same remedy: switch automatic collection off and collect from a GUI-thread timer.
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
