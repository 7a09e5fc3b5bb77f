"""Audio sources. WAV replay plays a recorded narration on the session clock."""

from __future__ import annotations

import wave
from pathlib import Path

from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.events import AudioChunkEvent
from app.session.sources import Source
from app.speech.audio import level_dbfs

_UNREADABLE = QT_TRANSLATE_NOOP("Messages", "cannot read {file}: {error}")
_NOT_16_BIT = QT_TRANSLATE_NOOP("Messages", "{file}: only 16-bit PCM WAV is supported")
_PLAYING = QT_TRANSLATE_NOOP("Messages", "{file}: {rate} Hz, {channels} ch")


class AudioFormatError(UserError, ValueError):
    """The audio file is not in a format the app can play."""


def _mono16(frames: bytes, channels: int) -> bytes:
    if channels == 1:
        return frames
    import numpy as np

    data = np.frombuffer(frames, dtype="<i2").reshape(-1, channels)
    mono: bytes = data.mean(axis=1).astype("<i2").tobytes()
    return mono


class WavReplaySource(Source):
    """Plays a 16-bit PCM WAV file as :class:`AudioChunkEvent` blocks in real time."""

    name = "audio"

    def __init__(self, path: Path, chunk_ms: int = 100, until_ms: int | None = None) -> None:
        super().__init__(until_ms)
        self.path = path
        self.chunk_ms = chunk_ms

    def _open(self) -> wave.Wave_read:
        try:
            wav = wave.open(str(self.path), "rb")  # noqa: SIM115 (returned open)
        except (OSError, EOFError, wave.Error) as exc:
            raise AudioFormatError(
                Message(_UNREADABLE, {"file": self.path.name, "error": str(exc)})
            ) from exc
        if wav.getsampwidth() != 2:
            wav.close()
            raise AudioFormatError(Message(_NOT_16_BIT, {"file": self.path.name}))
        return wav

    def run(self) -> None:
        with self._open() as wav:
            rate, channels = wav.getframerate(), wav.getnchannels()
            per_chunk = max(1, rate * self.chunk_ms // 1000)
            values = {"file": self.path.name, "rate": rate, "channels": channels}
            self.status("ok", Message(_PLAYING, values))
            position = 0
            while True:
                t_ms = position * 1000 // rate
                if not self.wait_until(t_ms):
                    return
                frames = wav.readframes(per_chunk)
                if not frames:
                    return
                pcm = _mono16(frames, channels)
                self.emit(
                    AudioChunkEvent(t_ms, pcm=pcm, sample_rate=rate, level_db=level_dbfs(pcm))
                )
                position += len(pcm) // 2
