"""Audio helpers shared by the microphone and WAV sources."""

from __future__ import annotations

import math
from array import array


def level_dbfs(pcm: bytes) -> float:
    """RMS level of 16-bit little-endian mono PCM in dBFS (-120 for silence)."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if not samples:
        return -120.0
    mean_square = sum(s * s for s in samples) / len(samples)
    if mean_square <= 0:
        return -120.0
    return max(-120.0, 10.0 * math.log10(mean_square / (32768.0 * 32768.0)))
