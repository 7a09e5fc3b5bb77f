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

from app.session.events import AudioChunkEvent
from app.session.sources import Source
from app.speech.audio import level_dbfs
from app.system_libs import install_hint

log = logging.getLogger("app.speech.mic")

PORTAUDIO_HINT = (
    "PortAudio is not installed, so the microphone cannot be used "
    f"({install_hint('libportaudio.so.2')}; then restart)"
)


def import_sounddevice() -> Any:
    """Import sounddevice; raises RuntimeError with the fix when PortAudio is missing."""
    try:
        import sounddevice
    except (ImportError, OSError) as exc:  # OSError: the PortAudio library is not found
        raise RuntimeError(f"{PORTAUDIO_HINT}: {exc}") from exc
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

    def end_message(self) -> str:
        return "microphone stopped"

    def run(self) -> None:
        try:
            sd = import_sounddevice()
        except RuntimeError as exc:
            self.status("error", str(exc))
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
        label = self.device or "default microphone"
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
            self.status(
                "starting", f"{label} unavailable ({exc}); retrying in {self.retry_s:.0f} s"
            )
            return
        self.status("ok", f"{label}: {self.sample_rate} Hz mono")
        try:
            while not self.stopping.is_set():
                try:
                    pcm = self._blocks.get(timeout=self.stall_s)
                except queue.Empty:
                    self.status("starting", f"{label} stopped sending audio (unplugged?); retrying")
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
