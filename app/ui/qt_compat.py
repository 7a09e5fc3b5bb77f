"""Guard against a PySide6 build that loses references to None, True and False.

PySide6 6.12.0 (abi3 wheels) returns ``None`` from every void method and ``True``/``False``
from ``Signal.emit`` without adding a reference, as if they were immortal, which they are
only from Python 3.12 on (PEP 683). On Python 3.11 each such call takes one reference
away; a live window makes thousands a second, so within minutes the count reaches zero
and the interpreter aborts ("Fatal Python error: none_dealloc") in the middle of a show.

The real fix is a dependency pin (PySide6 < 6.12 on Python 3.11, or Python 3.12+). Until
every install has it, :func:`protect_singletons` detects the bug at start-up and gives the
three singletons the huge reference count Python 3.12 gives them, so lost references can
never free them, and says so in the log.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QTimer

log = logging.getLogger("app.ui.qt_compat")

_PROBE_CALLS = 32
#: Added to each singleton's count: at a million lost references a second, 35 years.
_IMMORTAL_BOOST = 1 << 50
_SINGLETONS = (None, True, False)


def loses_singleton_references() -> bool:
    """True when a void Qt call takes a reference to None away (Python < 3.12 only)."""
    if sys.version_info >= (3, 12):
        return False  # None, True and False are immortal: lost references are harmless
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        timer.setInterval(1)
    lost = before - sys.getrefcount(None)
    _restore(None, max(0, lost))
    return lost >= _PROBE_CALLS


def _restore(obj: object, count: int) -> None:
    refcount = ctypes.c_ssize_t.from_address(id(obj))
    refcount.value += count


def protect_singletons() -> bool:
    """Make None/True/False effectively immortal if this PySide6 leaks them; True if it did.

    Safe because the three are static objects that are never legitimately freed, and the
    update runs with the GIL held like every other reference-count change.
    """
    if not loses_singleton_references():
        return False
    for obj in _SINGLETONS:
        _restore(obj, _IMMORTAL_BOOST)
    log.error(
        "PySide6 %s loses references to None/True/False on Python %d.%d; protected them "
        "for this run. Install PySide6 < 6.12 or use Python 3.12 to fix it for good.",
        pyside_version,
        *sys.version_info[:2],
    )
    return True
