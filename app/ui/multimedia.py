"""Whether QtMultimedia (review playback, the alert chime, camera lists) can load here.

PySide6's QtMultimedia links to the system's PulseAudio client library on Linux; where it
is absent the import fails. Every user of QtMultimedia asks :func:`multimedia_missing`
first and turns its feature off with a sentence in the UI language, instead of raising.
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QCoreApplication

from app.system_libs import install_command, missing_library

log = logging.getLogger("app.ui.multimedia")


@functools.cache
def multimedia_error() -> str | None:
    """The loader's error when QtMultimedia cannot be imported, else None (checked once)."""
    try:
        import PySide6.QtMultimedia
        import PySide6.QtMultimediaWidgets  # noqa: F401
    except (ImportError, OSError) as exc:
        log.warning("QtMultimedia is not available: %s", exc)
        return str(exc) or type(exc).__name__
    return None


def multimedia_missing() -> bool:
    return multimedia_error() is not None


def playback_unavailable_text() -> str:
    """What the review window shows instead of the video, with the fix, in the UI language."""
    error = multimedia_error() or ""
    library = missing_library(ImportError(error))
    command = install_command(library) if library else None
    if command:
        return QCoreApplication.translate(
            "Multimedia",
            "Video and audio cannot play on this computer: the system library {library} is "
            "missing. Install it with:\n{command}\nthen open the review again. The timeline, "
            "transcript, comments and exports work as usual.",
        ).format(library=library, command=command)
    return QCoreApplication.translate(
        "Multimedia",
        "Video and audio cannot play on this computer ({error}). The timeline, transcript, "
        "comments and exports work as usual.",
    ).format(error=error)
