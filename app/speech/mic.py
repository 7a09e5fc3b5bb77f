"""Microphone source: 16 kHz mono PCM from sounddevice (PortAudio), as ``AudioChunkEvent``.

The PortAudio callback only copies the block onto a bounded queue; this source's thread
stamps it on the session clock and publishes it. A missing PortAudio library is a
permanent error with the fix in the message; a missing, busy or unplugged device is
retried every few seconds, with a status the UI shows, so plugging the mic back in
resumes the session's audio without a restart.
"""

from __future__ import annotations

import logging
import queue
from typing import Any

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.events import AudioChunkEvent
from app.session.sources import Source
from app.speech.audio import level_dbfs
from app.system_libs import install_command

log = logging.getLogger("app.speech.mic")

PORTAUDIO_LIBRARY = "libportaudio.so.2"
_NO_PORTAUDIO = QT_TRANSLATE_NOOP(
    "Messages",
    "PortAudio is not installed, so the microphone cannot be used (the system library "
    "{library} is missing: install with `{command}`; then restart): {error}",
)
_NO_PORTAUDIO_UNKNOWN = QT_TRANSLATE_NOOP(
    "Messages",
    "PortAudio is not installed, so the microphone cannot be used (the system library "
    "{library} is missing: install the package that provides it; then restart): {error}",
)
_DEFAULT_MIC = QT_TRANSLATE_NOOP("Messages", "default microphone")
_UNAVAILABLE = QT_TRANSLATE_NOOP(
    "Messages", "{device} unavailable ({error}); retrying in {seconds:.0f} s"
)
_OPENED = QT_TRANSLATE_NOOP("Messages", "{device}: {rate} Hz mono")
_STALLED = QT_TRANSLATE_NOOP("Messages", "{device} stopped sending audio (unplugged?); retrying")
_STOPPED = QT_TRANSLATE_NOOP("Messages", "microphone stopped")


def portaudio_missing(exc: BaseException) -> Message:
    """What to do when PortAudio cannot be loaded (``exc``: the import failure)."""
    command = install_command(PORTAUDIO_LIBRARY)
    values = {"library": PORTAUDIO_LIBRARY, "command": command, "error": str(exc)}
    return Message(_NO_PORTAUDIO if command else _NO_PORTAUDIO_UNKNOWN, values)


def import_sounddevice() -> Any:
    """Import sounddevice; raises RuntimeError(Message) with the fix when PortAudio is missing."""
    try:
        import sounddevice
    except (ImportError, OSError) as exc:  # OSError: the PortAudio library is not found
        raise RuntimeError(portaudio_missing(exc)) from exc
    return sounddevice


def input_devices() -> list[tuple[int, str]]:
    """``(index, name)`` of input devices, for the settings UI; empty if none/PortAudio."""
    try:
        sd = import_sounddevice()
        return [
            (i, str(d["name"]))
            for i, d in enumerate(sd.query_devices())
            if int(d.get("max_input_channels", 0)) > 0
        ]
    except Exception as exc:
        log.info("no input devices: %s", exc)
        return []


def _device_arg(device: str) -> int | str | None:
    device = device.strip()
    if not device:
        return None
    return int(device) if device.isdigit() else device


class MicSource(Source):
    """Live microphone audio (name "audio", like the WAV replay it stands in for)."""

    name = "audio"

    def __init__(
        self,
        device: str = "",
        *,
        sample_rate: int = 16000,
        chunk_ms: int = 100,
        retry_s: float = 3.0,
        stall_s: float = 2.0,
        until_ms: int | None = None,
    ) -> None:
        super().__init__(until_ms)
        self.device = device
        self.sample_rate = sample_rate
        self.chunk_ms = chunk_ms
        self.retry_s = retry_s
        self.stall_s = stall_s
        self.overflows = 0
        self._blocks: queue.Queue[bytes] = queue.Queue(maxsize=50)
        self._last_end = 0

    def end_message(self) -> str | Message:
        return Message(_STOPPED)

    def run(self) -> None:
        try:
            sd = import_sounddevice()
        except RuntimeError as exc:
            first = exc.args[0] if exc.args else None
            self.status("error", first if isinstance(first, Message) else str(exc))
            return
        while not self.stopping.is_set():
            self._capture(sd)
            if self.stopping.wait(self.retry_s):
                return

    def _callback(self, indata: Any, _frames: int, _time: Any, status: Any) -> None:
        if status:
            self.overflows += 1
        try:
            self._blocks.put_nowait(bytes(indata))
        except queue.Full:
            self.overflows += 1

    def _capture(self, sd: Any) -> None:
        """One stream's life: open, publish blocks until stop or stall, close."""
        label: Message | str = self.device or Message(_DEFAULT_MIC)
        try:
            stream = sd.RawInputStream(
                samplerate=self.sample_rate,
                channels=1,
                dtype="int16",
                blocksize=self.sample_rate * self.chunk_ms // 1000,
                device=_device_arg(self.device),
                callback=self._callback,
            )
            stream.start()
        except Exception as exc:  # PortAudioError, ValueError (unknown device), ...
            values = {"device": label, "error": str(exc), "seconds": self.retry_s}
            self.status("starting", Message(_UNAVAILABLE, values))
            return
        self.status("ok", Message(_OPENED, {"device": label, "rate": self.sample_rate}))
        try:
            while not self.stopping.is_set():
                try:
                    pcm = self._blocks.get(timeout=self.stall_s)
                except queue.Empty:
                    self.status("starting", Message(_STALLED, {"device": label}))
                    return
                self._emit_block(pcm)
        finally:
            try:
                stream.stop()
                stream.close()
            except Exception as exc:
                log.debug("closing the input stream failed: %s", exc)

    def _emit_block(self, pcm: bytes) -> None:
        """Stamp the block at its start on the session clock (never going backwards)."""
        duration = len(pcm) // 2 * 1000 // self.sample_rate
        t_ms = max(self._last_end, self.clock.now_ms() - duration)
        self._last_end = t_ms + duration
        if self.until_ms is not None and t_ms >= self.until_ms:
            self.stopping.set()
            return
        self.emit(
            AudioChunkEvent(t_ms, pcm=pcm, sample_rate=self.sample_rate, level_db=level_dbfs(pcm))
        )
