"""Caption cues and SRT/VTT text, and export from the store on the session clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.speech.captions import Cue, build_cues, export_captions, to_srt, to_vtt
from app.store.db import Store
from app.store.models import LiveSession, TranscriptSegment


@dataclass
class Seg:
    start_ms: int
    end_ms: int
    text: str
    words: list[list[object]] = field(default_factory=list)


def test_srt_and_vtt_text() -> None:
    cues = [Cue(1500, 3200, "大家好"), Cue(3_661_001, 3_662_000, "bye")]
    assert to_srt(cues) == (
        "1\n00:00:01,500 --> 00:00:03,200\n大家好\n\n2\n01:01:01,001 --> 01:01:02,000\nbye\n"
    )
    assert to_vtt(cues).startswith("WEBVTT\n\n00:00:01.500 --> 00:00:03.200\n大家好\n")


def test_cues_join_chinese_words_clamp_overlaps_and_stretch_short_ones() -> None:
    cues = build_cues(
        [
            Seg(1000, 1200, "丝绒 哑光 口红"),
            Seg(1100, 2500, "hello   there"),  # overlaps the first
            Seg(5000, 5100, "ok"),
        ]
    )
    assert [c.text for c in cues] == ["丝绒哑光口红", "hello there", "ok"]
    assert cues[0] == Cue(1000, 1100, "丝绒哑光口红")
    assert cues[1].start_ms == 1100 and cues[1].end_ms == 2500
    assert cues[2] == Cue(5000, 5700, "ok")


def test_long_segments_split_on_word_timings() -> None:
    words = [[f"word{i}", 1000 + i * 500, 1400 + i * 500] for i in range(20)]
    seg = Seg(1000, 10_900, " ".join(str(w[0]) for w in words), words)
    cues = build_cues([seg], max_chars=30)
    assert len(cues) > 1
    assert all(len(c.text) <= 30 for c in cues)
    assert cues[0].start_ms == 1000 and cues[-1].end_ms == 10_900
    assert " ".join(c.text for c in cues) == seg.text


def test_export_from_the_store(store: Store, tmp_path: Path) -> None:
    started = datetime(2026, 1, 1, tzinfo=UTC)
    with store.sessions.begin() as s:
        row = LiveSession(title="t", started_at=started)
        s.add(row)
        s.flush()
        sid = row.id
        for start, end, text, final in [
            (2000, 3000, "大家 好", True),
            (2500, 2600, "partial", False),
            (4000, 5200, "全网 最低价", True),
        ]:
            s.add(
                TranscriptSegment(
                    session_id=sid,
                    start_ms=start,
                    end_ms=end,
                    text=text,
                    final=final,
                    words=[],
                    source="vosk",
                    ts=started,
                )
            )
    srt = tmp_path / "captions.srt"
    assert export_captions(store, sid, srt) == 2
    assert srt.read_text(encoding="utf-8").splitlines()[:3] == [
        "1",
        "00:00:02,000 --> 00:00:03,000",
        "大家好",
    ]
    vtt = tmp_path / "captions.vtt"
    assert export_captions(store, sid, vtt, offset_ms=1000) == 2
    assert "00:00:01.000 --> 00:00:02.000" in vtt.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="srt, vtt"):
        export_captions(store, sid, tmp_path / "x.txt")


def test_live_captions_reach_overlay_pages() -> None:
    from app.paths import RESOURCES
    from app.server.overlay import encode
    from app.session.bus import EventBus
    from app.session.events import TranscriptEvent
    from app.speech.captions import CaptionOverlay

    CaptionOverlay().attach(EventBus())
    assert encode(TranscriptEvent(100, end_ms=300, text="丝绒 口红", final=False)) == {
        "kind": "caption",
        "final": False,
        "text": "丝绒口红",
        "t_ms": 100,
        "end_ms": 300,
        "lang": None,
    }
    page = RESOURCES / "overlays" / "captions"
    assert (page / "index.html").is_file() and "caption" in (page / "captions.js").read_text()
