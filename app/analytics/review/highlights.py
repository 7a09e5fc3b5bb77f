"""Highlights: the moments worth re-watching (spikes of comments, purchase intent, orders)."""

from __future__ import annotations

import statistics
from typing import Any

from app.analytics.review.model import Bins, Highlight


def _highlight_width(duration_ms: int) -> int:
    """Slots for spike detection: about 40–90 of them (a minute for long shows)."""
    for width in (5_000, 10_000, 15_000, 30_000, 60_000):
        if duration_ms / width <= 90:
            return width
    return 60_000


def _coarser(bins: Bins, factor: int) -> Bins:
    if factor <= 1:
        return bins

    def fold(values: list[Any]) -> list[Any]:
        return [sum(values[i : i + factor]) for i in range(0, len(values), factor)]

    return Bins(
        bin_ms=bins.bin_ms * factor,
        comments=fold(bins.comments),
        pos=fold(bins.pos),
        neu=fold(bins.neu),
        neg=fold(bins.neg),
        purchase=fold(bins.purchase),
        question=fold(bins.question),
        complaint=fold(bins.complaint),
        orders=fold(bins.orders),
        gmv=fold(bins.gmv),
    )


def _spikes(values: list[float], min_value: float) -> list[tuple[int, int, float, float]]:
    """Runs of bins well above the typical level: (first, last, peak, baseline)."""
    if not values:
        return []
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values) or 1.0
    threshold = max(min_value, median + 4 * mad)
    runs: list[tuple[int, int, float, float]] = []
    i = 0
    while i < len(values):
        if values[i] >= threshold and values[i] > median:
            j = i
            while j + 1 < len(values) and values[j + 1] >= threshold:
                j += 1
            runs.append((i, j, max(values[i : j + 1]), median))
            i = j + 1
        else:
            i += 1
    return runs


def find_highlights(
    bins: Bins, limit: int = 8, pad_ms: int | None = None, width_ms: int | None = None
) -> list[Highlight]:
    """The strongest spikes of comment velocity, purchase intents and orders, by time.

    Overlapping clips are merged (reasons joined, the stronger peak kept), so the list
    reads as distinct moments to re-watch rather than one moment seen three ways.
    Spikes are looked for in slots of ``width_ms`` (default: the bin width), and each
    clip is padded by ``pad_ms`` (default: one slot) on both sides.
    """
    width = max(bins.bin_ms, width_ms or bins.bin_ms)
    bins = _coarser(bins, width // bins.bin_ms)
    pad = bins.bin_ms if pad_ms is None else pad_ms
    found: list[tuple[float, Highlight]] = []
    for reason, values, min_value in (
        ("comments", bins.comments, 3.0),
        ("purchase intent", bins.purchase, 2.0),
        ("orders", bins.orders, 2.0),
    ):
        for first, last, peak, base in _spikes([float(v) for v in values], min_value):
            clip = Highlight(
                start_ms=max(0, first * bins.bin_ms - pad),
                end_ms=(last + 1) * bins.bin_ms + pad,
                reason=reason,
                value=peak,
                baseline=base,
            )
            found.append((peak / max(base, 1.0), clip))
    merged: list[tuple[float, Highlight]] = []
    for score, clip in sorted(found, key=lambda item: item[1].start_ms):
        if merged and clip.start_ms <= merged[-1][1].end_ms:
            best_score, best = merged[-1]
            reasons = list(dict.fromkeys([*best.reason.split(" + "), clip.reason]))
            strongest = clip if score > best_score else best
            merged[-1] = (
                max(score, best_score),
                Highlight(
                    start_ms=best.start_ms,
                    end_ms=max(best.end_ms, clip.end_ms),
                    reason=" + ".join(reasons),
                    value=strongest.value,
                    baseline=strongest.baseline,
                ),
            )
        else:
            merged.append((score, clip))
    merged.sort(key=lambda item: -item[0])
    return sorted((h for _score, h in merged[:limit]), key=lambda h: h.start_ms)
