"""CSV replay: both layouts, encodings, bad rows, and the source end to end."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.chat.csv_replay import CsvScriptSource, iter_csv, parse_time
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.codec import EventFormatError
from app.session.events import (
    CommentEvent,
    Event,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    SourceStatusEvent,
    ViewersEvent,
)

EVENTS_CSV = """t_ms,type,id,platform,user,text,count,gift,value,online,sku,qty,amount
0,viewers,,,,,,,,120,,,
100,comment,c1,douyin,小鹿,"这个显白吗，好看",,,,,,,
200,like,,,amy,,7,,,,,,
300,gift,,,bob,,2,rose,0.5,,,,
400,order,o1,,amy,,,,,,A-1,2,158
500,comment,c2,douyin,x,,,,,,,,
"""

COMMENTS_CSV = """time,platform,user,text
0.5,douyin,小鹿,多少钱
01:02.25,tiktok,amy,"link, please"
1:00:00,douyin,bob,还有货吗
abc,douyin,bob,bad time
"""


def _events(path: Path) -> list[tuple[int, Event | EventFormatError]]:
    return list(iter_csv(path))


def test_event_layout(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(EVENTS_CSV, encoding="utf-8")
    rows = _events(path)
    kinds = [type(item) for _, item in rows]
    assert kinds == [ViewersEvent, CommentEvent, LikeEvent, GiftEvent, OrderEvent, EventFormatError]
    assert rows[1][1] == CommentEvent(100, "c1", "douyin", "小鹿", "这个显白吗，好看")
    gift = rows[3][1]
    assert isinstance(gift, GiftEvent) and (gift.count, gift.value) == (2, 0.5)
    order = rows[4][1]
    assert isinstance(order, OrderEvent) and (order.qty, order.amount) == (2, 158.0)
    assert rows[5][0] == 7 and "text" in str(rows[5][1])  # row numbers count the header


def test_comment_layout_in_gb18030_with_generated_ids(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(COMMENTS_CSV.encode("gb18030"))
    rows = _events(path)
    comments = [item for _, item in rows if isinstance(item, CommentEvent)]
    assert [(c.t_ms, c.user, c.text) for c in comments] == [
        (500, "小鹿", "多少钱"),
        (62_250, "amy", "link, please"),
        (3_600_000, "bob", "还有货吗"),
    ]
    assert comments[0].event_id == "csv-2" and comments[0].platform == "douyin"
    assert isinstance(rows[3][1], EventFormatError) and "abc" in str(rows[3][1])


def test_bom_and_missing_time_column(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("\ufefftime,user,text\n1,a,hi\n", encoding="utf-8")
    [(_, event)] = _events(path)
    assert isinstance(event, CommentEvent) and event.platform == "unknown"
    bad = tmp_path / "bad.csv"
    bad.write_text("user,text\na,hi\n", encoding="utf-8")
    with pytest.raises(EventFormatError, match="'t_ms' or 'time'"):
        _events(bad)


@pytest.mark.parametrize(
    ("text", "ms"), [("0", 0), ("1.5", 1500), ("2:03", 123_000), ("1:00:00.5", 3_600_500)]
)
def test_parse_time(text: str, ms: int) -> None:
    assert parse_time(text) == ms


def test_source_replays_and_reports_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(EVENTS_CSV, encoding="utf-8")
    bus, clock = EventBus(), SessionClock(speed=50.0)
    events: list[Event] = []
    ended = threading.Event()

    def on_event(event: Event) -> None:
        if isinstance(event, SourceStatusEvent):
            if event.state in ("ended", "error"):
                events.append(event)
                ended.set()
        else:
            events.append(event)

    bus.subscribe(on_event)
    clock.start()
    source = CsvScriptSource(path)
    source.start(bus, clock)
    try:
        assert ended.wait(10)
    finally:
        source.stop()
        assert source.join(5)
    assert len(events) == 6 and source.malformed == 1
    last = events[-1]
    assert isinstance(last, SourceStatusEvent) and last.state == "ended"
    assert "1 malformed row(s)" in last.message and "row 7" in last.message


def test_connector_specs(tmp_path: Path) -> None:
    from app.chat.connectors import ConnectorError, source_from_spec
    from app.chat.replay import JsonlScriptSource
    from app.chat.twitch import TwitchIrcSource

    csv_path = tmp_path / "c.csv"
    csv_path.write_text(COMMENTS_CSV, encoding="utf-8")
    jsonl = tmp_path / "e.jsonl"
    jsonl.write_text("", encoding="utf-8")
    assert isinstance(source_from_spec(f"csv:{csv_path}"), CsvScriptSource)
    assert isinstance(source_from_spec(f"jsonl:{jsonl}"), JsonlScriptSource)
    twitch = source_from_spec("twitch:#Shop")
    assert isinstance(twitch, TwitchIrcSource) and twitch.channel == "shop"
    for bad in ("nope:x", "twitch:", "csv", f"csv:{tmp_path / 'missing.csv'}", "twitch:a b"):
        with pytest.raises(ConnectorError):
            source_from_spec(bad)
