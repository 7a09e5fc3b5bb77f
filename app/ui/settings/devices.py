"""The devices the settings offer: cameras (QtMultimedia) and microphones (sounddevice).

Cameras are listed on the GUI thread (QtMultimedia answers at once); microphones on a
worker through :func:`find_microphones`, because PortAudio can take seconds to start.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool

from app.ui.dialogs.store_task import Task, run_task
from app.ui.multimedia import multimedia_missing

log = logging.getLogger("app.ui.settings.devices")

#: ``(setting value, label)`` of each microphone found.
Microphones = list[tuple[str, str]]


@dataclass(frozen=True)
class CameraInfo:
    """A camera: the OpenCV index the session opens, its name, and sizes (best first)."""

    index: int
    name: str
    formats: tuple[tuple[int, int, float], ...] = ()


def detect_cameras() -> list[CameraInfo]:
    """Cameras QtMultimedia sees; ``/dev/videoN`` maps to OpenCV index N, else the position."""
    if multimedia_missing():
        return []
    from PySide6.QtMultimedia import QMediaDevices

    found = []
    for position, device in enumerate(QMediaDevices.videoInputs()):
        ident = bytes(device.id().data()).decode("utf-8", "replace")
        match = re.search(r"video(\d+)$", ident)
        sizes: dict[tuple[int, int], float] = {}
        for fmt in device.videoFormats():
            size = fmt.resolution()
            key = (size.width(), size.height())
            if key[0] > 0 and key[1] > 0:
                sizes[key] = max(sizes.get(key, 0.0), float(fmt.maxFrameRate()))
        formats = sorted(
            ((w, h, fps) for (w, h), fps in sizes.items()),
            key=lambda f: (f[0] * f[1], f[2]),
            reverse=True,
        )
        index = int(match.group(1)) if match else position
        found.append(CameraInfo(index, device.description(), tuple(formats)))
    return found


def detect_microphones() -> list[tuple[str, str]]:
    """``(setting value, label)`` of input devices (sounddevice; may take seconds)."""
    from app.speech.mic import input_devices

    return [(str(index), f"{index}: {name}") for index, name in input_devices()]


def find_microphones(
    parent: QObject,
    on_found: Callable[[Microphones], None],
    finder: Callable[[], Microphones] | None = None,
    pool: QThreadPool | None = None,
) -> Task[Microphones]:
    """List the microphones on a worker; ``on_found`` gets them on the GUI thread.

    A failing probe means "none found" (logged), never an error for the person.
    """

    def failed(message: str) -> None:
        log.warning("listing microphones failed: %s", message)
        on_found([])

    return run_task(
        finder or detect_microphones,
        on_found,
        failed,
        parent=parent,
        pool=pool,
        name="listing microphones",
    )
