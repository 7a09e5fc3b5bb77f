"""Write resources/sounds/alert.wav: the short two-tone chime of a compliance alert.

Generated rather than downloaded so its origin and licence are plain: it is ours.
Run: python tools/make_alert_sound.py
"""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

RATE = 22_050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "alert.wav"


def tone(freq: float, ms: int, volume: float = 0.35) -> array:
    """A sine tone with 10 ms fades so it does not click."""
    n = RATE * ms // 1000
    fade = RATE // 100
    samples = array("h")
    for i in range(n):
        envelope = min(1.0, i / fade, (n - i) / fade)
        value = volume * envelope * math.sin(2 * math.pi * freq * i / RATE)
        samples.append(int(value * 32767))
    return samples


def main() -> None:
    samples = tone(880, 120) + array("h", [0] * (RATE // 25)) + tone(1320, 160)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.tobytes())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
