"""Event JSON validation and the replay sources (script, WAV, narration, video)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from app.chat.replay import JsonlScriptSource, iter_script
from app.messages import Message
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.codec import EventFormatError, decode_json, event_from_json
from app.session.events import (
    AudioChunkEvent,
    CommentEvent,
    Event,
    FrameEvent,
    OrderEvent,
    ProductSwitchEvent,
    SourceStatusEvent,
    TranscriptEvent,
)
from app.speech.script import ScriptTranscriptSource
from app.speech.sources import AudioFormatError, WavReplaySource
from app.vision.sources import VideoFileSource


def test_comment_parses_and_ignores_annotations() -> None:
    event = event_from_json(
        {
            "t_ms": 5,
            "type": "comment",
            "id": "c1",
            "platform": "douyin",
            "user": "小鹿",
            "text": " 多少钱 ",
            "gold": {"intent": "question"},
        }
    )
    assert event == CommentEvent(5, event_id="c1", platform="douyin", user="小鹿", text="多少钱")


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([], "JSON object"),
        ({"type": "tweet", "t_ms": 1}, "unknown event type 'tweet'"),
        ({"type": "comment", "t_ms": 1, "text": "hi"}, "missing field 'id'"),
        ({"type": "comment", "t_ms": 1, "id": "x", "text": "   "}, "'text' is empty"),
        ({"type": "comment", "t_ms": "soon", "id": "x", "text": "hi"}, "'t_ms' must be int"),
        ({"type": "order", "t_ms": 1, "id": "o", "sku": "A", "amount": -3}, "must not be negative"),
        ({"type": "order", "t_ms": 1, "id": "o", "sku": "A", "amount": 3, "qty": 0}, "positive"),
        ({"type": "viewers", "t_ms": 1, "online": True}, "'online' must be int"),
        ({"type": "comment", "t_ms": 1, "id": "x", "text": "a" * 3000}, "longer than"),
        ({"type": "order", "t_ms": 1, "id": "o", "sku": "A", "amount": float("nan")}, "finite"),
        ({"type": "like", "t_ms": 1, "count": 2**31}, "'count' must be at most 2,147,483,647"),
        ({"type": "like", "t_ms": 2**63}, "'t_ms' must be at most"),
        ({"type": "viewers", "t_ms": 1, "online": 1, "uv": -1}, "'uv' must not be negative"),
        ({"type": "gift", "t_ms": 1, "value": 1e13}, "'value' must be at most"),
        ({"type": "order", "t_ms": 1, "id": "o", "sku": "A", "amount": 10**400}, "at most"),
        ({"type": "like", "t_ms": 1, "count": 1e300}, "'count' must be at most"),
    ],
)
def test_malformed_events_name_the_problem(obj, message: str) -> None:
    with pytest.raises(EventFormatError, match=message):
        event_from_json(obj)


def test_decode_json_refuses_what_json_loads_would_choke_on() -> None:
    for text, message in [
        ("[" * 100_000, "nested deeper than 32"),
        ('{"a":' * 50_000, "nested deeper than 32"),
        ("9" * 5000, "longer than 64 characters"),
        ('{"v": NaN}', "NaN is not a JSON number"),
        ('{"v": 1e400}', "out of range"),
        ("{nope", "not valid JSON"),
    ]:
        with pytest.raises(EventFormatError, match=message):
            decode_json(text)
    inner = "[" * 44  # brackets inside a string do not nest
    assert decode_json(f'[[["{inner}"]]]'.encode()) == [[[inner]]]
    assert decode_json('{"a": "\\\\ud83d\\""}') == {"a": '\\ud83d"'}  # escapes, not a surrogate
    assert decode_json('"\\ud83d"') == "\ud83d"  # kept: the event fields repair it


def test_replayed_lines_are_repaired_and_bounded(tmp_path: Path) -> None:
    script = tmp_path / "events.jsonl"
    script.write_text(
        '{"t_ms": 0, "type": "comment", "id": "1", "user": "\\ud83d", "text": "好\\ud83d"}\n'
        '{"t_ms": 5, "type": "like", "count": 9223372036854775808}\n',
        encoding="utf-8",
    )
    (_, first), (_, second) = list(iter_script(script))
    assert isinstance(first, CommentEvent) and (first.user, first.text) == ("\ufffd", "好\ufffd")
    assert isinstance(second, EventFormatError) and "'count' must be at most" in str(second)


def test_order_amount_accepts_integers() -> None:
    event = event_from_json({"type": "order", "t_ms": 1, "id": "o", "sku": "A", "amount": 89})
    assert isinstance(event, OrderEvent) and event.amount == 89.0 and event.qty == 1


def _run(source, speed: float = 50.0, work_s: float = 0.0) -> list[Event]:
    """Play ``source`` to the end; ``work_s`` simulates a slow consumer per event."""
    bus, clock, seen = EventBus(), SessionClock(speed), []
    lock = threading.Lock()

    def keep(e: Event) -> None:
        with lock:
            seen.append(e)
        if work_s and isinstance(e, FrameEvent):
            time.sleep(work_s)

    bus.subscribe(keep)
    clock.start()
    source.start(bus, clock)
    assert source.join(timeout=20)
    return seen


def test_script_source_skips_bad_lines_and_says_so(tmp_path: Path) -> None:
    script = tmp_path / "events.jsonl"
    script.write_text(
        "\n".join(
            [
                json.dumps({"t_ms": 0, "type": "on_air", "sku": "A"}),
                "{not json",
                json.dumps({"t_ms": 10, "type": "comment", "id": "1", "text": "hi"}),
                "",
                json.dumps({"t_ms": 20, "type": "comment", "text": "no id"}),
                json.dumps({"t_ms": 30, "type": "comment", "id": "2", "text": "你好"}),
            ]
        ),
        encoding="utf-8",
    )
    seen = _run(JsonlScriptSource(script))
    kinds = [type(e).__name__ for e in seen if not isinstance(e, SourceStatusEvent)]
    assert kinds == ["ProductSwitchEvent", "CommentEvent", "CommentEvent"]
    final = [e for e in seen if isinstance(e, SourceStatusEvent)][-1]
    assert final.state == "ended"
    assert "2 malformed line(s)" in final.message and "line 2" in final.message
    # the window shows it in its language: template and values, the first error nested
    assert final.note is not None and final.note.values["n"] == 2
    assert final.note.template == "replay finished; {n} malformed line(s) skipped (first: {first})"
    assert final.note.values["first"].template == "line {number}: {error}"
    started = next(e for e in seen if isinstance(e, SourceStatusEvent) and e.state == "ok")
    assert started.note is not None and started.note.template == "replaying {file}"
    assert started.note.values == {"file": "events.jsonl"}
    errors = [n for n, item in iter_script(script) if isinstance(item, EventFormatError)]
    assert errors == [2, 5]


def test_script_source_reports_a_missing_file(tmp_path: Path) -> None:
    seen = _run(JsonlScriptSource(tmp_path / "nope.jsonl"))
    status = [e for e in seen if isinstance(e, SourceStatusEvent)][-1]
    assert status.state == "error" and "not found" in status.message


def test_until_ms_stops_the_replay(mini_bundle: Path) -> None:
    seen = _run(JsonlScriptSource(mini_bundle / "events.jsonl", until_ms=500))
    assert [e.t_ms for e in seen if not isinstance(e, SourceStatusEvent)] == [0, 100, 200, 300, 400]


def test_wav_source_plays_blocks_with_levels(mini_bundle: Path) -> None:
    seen = _run(WavReplaySource(mini_bundle / "narration.wav", chunk_ms=100))
    chunks = [e for e in seen if isinstance(e, AudioChunkEvent)]
    assert len(chunks) == 16
    assert [c.t_ms for c in chunks[:3]] == [0, 100, 200]
    assert all(len(c.pcm) == 3200 and c.sample_rate == 16000 for c in chunks)
    # a sine of peak 8000/32768 (-12.25 dBFS) has an RMS 3.01 dB lower
    assert chunks[0].level_db == pytest.approx(-15.26, abs=0.05)
    playing = next(e for e in seen if isinstance(e, SourceStatusEvent) and e.state == "ok")
    assert playing.note is not None and playing.note.template == "{file}: {rate} Hz, {channels} ch"
    assert playing.note.values == {"file": "narration.wav", "rate": 16000, "channels": 1}


def test_wav_source_rejects_non_wav(tmp_path: Path) -> None:
    bad = tmp_path / "x.wav"
    bad.write_bytes(b"RIFF nonsense")
    source = WavReplaySource(bad)
    with pytest.raises(AudioFormatError, match="cannot read") as raised:
        source._open()
    assert isinstance(raised.value.args[0], Message)  # the window says it in its language


def test_narration_becomes_final_transcript_at_line_end(mini_bundle: Path) -> None:
    seen = _run(ScriptTranscriptSource(mini_bundle / "narration.jsonl"))
    segs = [e for e in seen if isinstance(e, TranscriptEvent)]
    assert [(s.t_ms, s.end_ms, s.lang, s.final) for s in segs] == [
        (0, 400, "zh", True),
        (800, 1200, "en", True),
    ]
    ok = next(e for e in seen if isinstance(e, SourceStatusEvent) and e.state == "ok")
    assert ok.message == "scripted narration (2 lines)"
    assert ok.note is not None and ok.note.template == "scripted narration ({n} lines)"


def test_video_source_plays_frames_in_order(mini_bundle: Path) -> None:
    seen = _run(VideoFileSource(mini_bundle / "host.mp4", loop=False), speed=1.0)
    frames = [e for e in seen if isinstance(e, FrameEvent)]
    assert 12 <= len(frames) <= 16
    assert [f.index for f in frames] == sorted(f.index for f in frames)
    assert frames[0].image.shape == (120, 160, 3)


def test_video_source_drops_late_frames_instead_of_queueing(mini_bundle: Path) -> None:
    source = VideoFileSource(mini_bundle / "host.mp4", loop=True, until_ms=3200)
    seen = _run(source, speed=2.0, work_s=0.1)  # needs 20 fps, consumer manages 10
    frames = [e for e in seen if isinstance(e, FrameEvent)]
    assert frames[-1].t_ms <= 3200
    assert len(frames) + source.skipped >= 30  # all 32 frame slots either shown or skipped
    assert source.skipped >= 8
    assert len(frames) <= 24


def test_video_source_reports_an_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00" * 100)
    seen = _run(VideoFileSource(bad))
    status = [e for e in seen if isinstance(e, SourceStatusEvent)][-1]
    assert status.state == "error" and "cannot open video" in status.message


def test_product_switch_from_script(mini_bundle: Path) -> None:
    seen = _run(JsonlScriptSource(mini_bundle / "events.jsonl"))
    switches = [e.sku for e in seen if isinstance(e, ProductSwitchEvent)]
    assert switches == ["A-1", "B-2"]


def test_a_hostile_replay_line_is_an_error_for_that_line_only(tmp_path: Path) -> None:
    """A replay file follows the ingest server's rules: deep nesting or a 5,000-digit
    number is one bad line, never an exception that ends the replay."""
    path = tmp_path / "events.jsonl"
    good = '{"t_ms": 5, "type": "like", "count": 2}'
    path.write_text(
        "\n".join(["[" * 5000 + "]" * 5000, '{"type": "like", "count": ' + "9" * 5000 + "}", good]),
        encoding="utf-8",
    )
    results = list(iter_script(path))
    assert [n for n, _ in results] == [1, 2, 3]
    assert all(isinstance(r, EventFormatError) for _, r in results[:2])
    assert not isinstance(results[2][1], EventFormatError)
