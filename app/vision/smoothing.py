"""One Euro filter for landmark anchors.

A fixed low-pass either lags (overlays trail a moving head) or jitters (a still face
shimmers). The One Euro filter (Casiez et al., CHI 2012) adapts its cut-off to the
speed of the signal: heavy smoothing when the face is still, little lag when it moves.
"""

from __future__ import annotations

import math
from typing import Any


def _alpha(cutoff_hz: float, dt_s: float) -> float:
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt_s)


class OneEuroFilter:
    """Smooths a scalar or numpy array sampled at irregular times.

    Args:
        min_cutoff: cut-off (Hz) when the signal is still; lower means less jitter.
        beta: how fast the cut-off rises with speed; higher means less lag.
        d_cutoff: cut-off (Hz) of the speed estimate itself.
    """

    def __init__(self, min_cutoff: float = 1.0, beta: float = 0.05, d_cutoff: float = 1.0) -> None:
        self.min_cutoff = min_cutoff
        self.beta = beta
        self.d_cutoff = d_cutoff
        self._x: Any = None
        self._dx: Any = 0.0
        self._t: float | None = None

    def reset(self) -> None:
        """Forget the history (the face was lost; the next one may be elsewhere)."""
        self._x, self._dx, self._t = None, 0.0, None

    def __call__(self, x: Any, t_s: float) -> Any:
        """Filter sample ``x`` taken at time ``t_s`` (seconds) and return the estimate."""
        if self._x is None or self._t is None or t_s <= self._t:
            if self._x is None or self._t is None:
                self._x, self._t = x, t_s
                return x
            t_s = self._t + 1e-3  # repeated timestamp: treat as a tiny step
        dt = t_s - self._t
        dx = (x - self._x) / dt
        a_d = _alpha(self.d_cutoff, dt)
        self._dx = a_d * dx + (1.0 - a_d) * self._dx
        speed = abs(self._dx)
        if hasattr(speed, "max"):
            speed = float(speed.max()) if getattr(speed, "size", 1) else 0.0
        cutoff = self.min_cutoff + self.beta * speed
        a = _alpha(cutoff, dt)
        self._x = a * x + (1.0 - a) * self._x
        self._t = t_s
        return self._x
