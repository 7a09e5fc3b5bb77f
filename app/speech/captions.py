"""Caption files (SRT, WebVTT) from a session's final transcript, on the session clock.

Cue times are session milliseconds: the recording starts at session time 0, so the
captions line up with it; ``offset_ms`` shifts them for a recording that started later.
Long segments are split at word boundaries (using the recognizer's word timings) so a
cue stays readable; Chinese ASR spacing ("丝绒 口红") is removed for display.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.session.pipeline import ProcessorDefaults

_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
FORMATS = ("srt", "vtt")


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str


def display_text(text: str) -> str:
    """Text for viewers: no spaces between Chinese words, single spaces elsewhere."""
    return _CJK_GAP.sub("", " ".join(text.split()))


def _split_words(words: Sequence[Sequence[Any]], max_chars: int, max_ms: int) -> list[Cue]:
    cues: list[Cue] = []
    group: list[Sequence[Any]] = []
    for word in words:
        if group:
            text = display_text(" ".join(str(w[0]) for w in [*group, word]))
            if len(text) > max_chars or int(word[2]) - int(group[0][1]) > max_ms:
                cues.append(_cue(group))
                group = []
        group.append(word)
    if group:
        cues.append(_cue(group))
    return cues


def _cue(group: Sequence[Sequence[Any]]) -> Cue:
    text = display_text(" ".join(str(w[0]) for w in group))
    return Cue(int(group[0][1]), int(group[-1][2]), text)


def build_cues(
    segments: Iterable[Any],
    *,
    offset_ms: int = 0,
    max_chars: int = 42,
    max_ms: int = 7000,
    min_ms: int = 700,
) -> list[Cue]:
    """Cues from final segments (objects with start_ms, end_ms, text, words).

    Times are clamped so cues never overlap or run backwards, and very short cues are
    stretched to ``min_ms`` (when the next cue leaves room) so they can be read.
    """
    raw: list[Cue] = []
    for seg in sorted(segments, key=lambda s: s.start_ms):
        text = display_text(seg.text)
        if not text:
            continue
        words = list(seg.words or ())
        if words and (len(text) > max_chars or seg.end_ms - seg.start_ms > max_ms):
            raw.extend(_split_words(words, max_chars, max_ms))
        else:
            raw.append(Cue(int(seg.start_ms), int(seg.end_ms), text))
    cues: list[Cue] = []
    for i, cue in enumerate(raw):
        start = max(0, cue.start_ms - offset_ms)
        if cues:
            start = max(start, cues[-1].end_ms)
        end = max(cue.end_ms - offset_ms, start + min_ms)
        if i + 1 < len(raw):
            end = min(end, max(start + 1, raw[i + 1].start_ms - offset_ms))
        if end <= 0:
            continue
        cues.append(Cue(start, end, cue.text))
    return cues


def _stamp(ms: int, sep: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def to_srt(cues: Sequence[Cue]) -> str:
    blocks = [
        f"{n}\n{_stamp(c.start_ms, ',')} --> {_stamp(c.end_ms, ',')}\n{c.text}\n"
        for n, c in enumerate(cues, start=1)
    ]
    return "\n".join(blocks)


def to_vtt(cues: Sequence[Cue]) -> str:
    blocks = [f"{_stamp(c.start_ms, '.')} --> {_stamp(c.end_ms, '.')}\n{c.text}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def session_cues(store: Any, session_id: int, *, offset_ms: int = 0) -> list[Cue]:
    """Cues from the final transcript segments stored for ``session_id``."""
    from sqlalchemy import select

    from app.store.models import TranscriptSegment

    with store.sessions() as s:
        rows = s.scalars(
            select(TranscriptSegment)
            .where(
                TranscriptSegment.session_id == session_id,
                TranscriptSegment.final.is_(True),
            )
            .order_by(TranscriptSegment.start_ms)
        ).all()
        return build_cues(rows, offset_ms=offset_ms)


def export_captions(
    store: Any, session_id: int, path: Path, fmt: str | None = None, *, offset_ms: int = 0
) -> int:
    """Write the session's captions to ``path`` (format from ``fmt`` or the suffix).

    Returns the number of cues written. Raises ValueError for an unknown format.
    """
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"caption format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    cues = session_cues(store, session_id, offset_ms=offset_ms)
    text = to_srt(cues) if fmt == "srt" else to_vtt(cues)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return len(cues)


# -- live captions on overlay pages (resources/overlays/captions/) ------------------------
def caption_item(event: Any) -> dict[str, Any] | None:
    """The overlay item for a transcript event (partial or final), or None."""
    from app.session.events import TranscriptEvent

    if not isinstance(event, TranscriptEvent):
        return None
    text = display_text(event.text)
    if not text:
        return None
    return {
        "kind": "caption",
        "final": event.final,
        "text": text,
        "t_ms": event.t_ms,
        "end_ms": event.end_ms,
        "lang": event.lang,
    }


class CaptionOverlay(ProcessorDefaults):
    """Processor that sends live captions to the overlay pages (OBS browser sources).

    It only registers an encoder with the overlay server: the server already sees every
    bus event and forwards those that have one, so nothing is queued here.
    """

    def attach(self, bus: Any) -> None:
        from app.server.overlay import register_encoder
        from app.session.events import TranscriptEvent

        register_encoder(TranscriptEvent, caption_item)

    def detach(self) -> None:
        """Nothing held: the encoder stays registered for the next session."""
