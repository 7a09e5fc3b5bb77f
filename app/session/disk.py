"""Free space on the data folder's disk, watched while a show records.

Comments, orders and the other rows are small and precious; video is large and can be
given up first. So as the disk fills: a warning early (``warn``), then video recording
stops (``stop_video``), then audio (``stop_audio``); the rows go on until the disk is
really full, and then the store writer keeps them in memory and retries (its own
transient-error path). Each step is said once, as an alert the UI shows in its language
and a "disk" status, and a recorder that was stopped stays stopped for the show: space
freed later goes to the rows, not back to the video.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.bus import EventBus
from app.session.events import AlertEvent, SourceStatusEvent
from app.session.pipeline import ProcessorDefaults
from app.session.ticker import Ticker

log = logging.getLogger("app.session.disk")

STATUS_SOURCE = "disk"
GIB = 1 << 30
MIB = 1 << 20

_LOW = QT_TRANSLATE_NOOP(
    "Messages",
    "Disk space is low ({free} free): free some space. Video recording stops below {video}, "
    "audio below {audio}; comments and orders are kept.",
)
_VIDEO_STOPPED = QT_TRANSLATE_NOOP(
    "Messages",
    "Video recording stopped: only {free} left on the disk. Comments, orders and audio are "
    "still recorded; free some space for them.",
)
_AUDIO_STOPPED = QT_TRANSLATE_NOOP(
    "Messages",
    "Audio recording stopped: only {free} left on the disk. Comments and orders are still "
    "recorded; free some space now.",
)

_FREE = QT_TRANSLATE_NOOP("Messages", "{free} free on the data folder's disk")


@dataclass(frozen=True, slots=True)
class DiskLevels:
    """Free-space thresholds in bytes, highest first."""

    warn: int = 2 * GIB
    stop_video: int = 1 * GIB
    stop_audio: int = 256 * MIB


def human_bytes(n: float) -> str:
    """1536 -> "1.5 KB", 3 * 2**30 -> "3.0 GB" (binary units, as file managers show)."""
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


class DiskGuard(ProcessorDefaults):
    """Processor with a small thread that checks the free space every ``interval_s``.

    ``video`` and ``audio`` are the segment recorders to stop (either may be absent);
    ``usage`` is :func:`shutil.disk_usage` (tests pass their own).
    """

    def __init__(
        self,
        folder: Path,
        *,
        video: Any = None,
        audio: Any = None,
        levels: DiskLevels | None = None,
        interval_s: float = 5.0,
        usage: Callable[[Path], Any] = shutil.disk_usage,
        now_ms: Callable[[], int] = lambda: 0,
    ) -> None:
        self.folder = folder
        self.video = video
        self.audio = audio
        self.levels = levels or DiskLevels()
        self.interval_s = interval_s
        self._usage = usage
        self._now_ms = now_ms
        self._state = ""
        self._bus: EventBus | None = None
        self._ticker = Ticker("disk-guard", interval_s, self.check)
        self._said: set[str] = set()
        self.free: int | None = None

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self.check()  # at once: a show must not start recording video onto a full disk
        self._ticker.start()

    def detach(self) -> None:
        self._ticker.stop()

    def check(self) -> int | None:
        """Read the free space once and act on it; returns it (None: unknown)."""
        try:
            free = int(self._usage(self.folder).free)
        except OSError as exc:
            log.warning("cannot read the free space of %s: %s", self.folder, exc)
            return None
        self.free = free
        levels = self.levels
        values = {
            "free": human_bytes(free),
            "video": human_bytes(levels.stop_video),
            "audio": human_bytes(levels.stop_audio),
        }
        steps: Sequence[tuple[str, int, str, Any]] = (
            ("audio", levels.stop_audio, _AUDIO_STOPPED, self.audio),
            ("video", levels.stop_video, _VIDEO_STOPPED, self.video),
            ("warn", levels.warn, _LOW, None),
        )
        worst = next((s for s in steps if free < s[1]), None)
        for name, limit, template, recorder in reversed(steps):
            if free < limit and name not in self._said:
                self._said.add(name)
                message = Message(template, values)
                if recorder is not None:
                    recorder.halt(message)
                self._alert("critical" if recorder is not None else "warning", message)
        state = "ok" if worst is None else ("warning" if worst[0] == "warn" else "error")
        if state != self._state:  # a status on change, not every few seconds
            self._state = state
            self._status(state, Message(_FREE, {"free": human_bytes(free)}))
        return free

    def _alert(self, severity: str, message: Message) -> None:
        log.warning("%s", message)
        if self._bus is not None:
            self._bus.publish(
                AlertEvent.of(self._now_ms(), "system", severity, message, source="disk")
            )

    def _status(self, state: str, message: Message) -> None:
        if self._bus is not None:
            status = SourceStatusEvent(self._now_ms(), STATUS_SOURCE, state, str(message), message)
            self._bus.publish(status)
