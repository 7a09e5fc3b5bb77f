"""Decoders per adapter, on the stored fixtures (resources/bridge/fixtures, schema-encoded)."""

from __future__ import annotations

import base64
import gzip
import json
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from app.bridge import bilibili, console, kuaishou, webcast, youtube
from app.bridge.adapter import DecodeError
from app.bridge.browser import BrowserMissing, launch_options, profile_dir
from app.bridge.proto import ProtoSchemaError, parse_proto
from app.chat.connectors import ConnectorError, source_from_spec
from app.paths import RESOURCES
from app.session.codec import event_from_json
from app.session.events import CommentEvent, GiftEvent, OrderEvent, ViewersEvent

FIXTURES = RESOURCES / "bridge" / "fixtures"


def frames(name: str) -> list[tuple[bytes, list[dict[str, Any]]]]:
    lines = (FIXTURES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [(base64.b64decode(d["frame_b64"]), d["expect"]) for d in map(json.loads, lines)]


def answer(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "decode"),
    [
        ("douyin_webcast", lambda f: webcast.decode_frame(f, "douyin")),
        ("tiktok_webcast", lambda f: webcast.decode_frame(f, "tiktok")),
        ("bilibili_danmaku", bilibili.decode_frame),
        ("kuaishou_feed", kuaishou.decode_frame),
    ],
)
def test_stored_frames_decode_to_what_they_were_recorded_with(name: str, decode: Any) -> None:
    stored = frames(name)
    assert stored
    for frame, expect in stored:
        items = decode(frame)
        assert items == expect
        for item in items:  # every object is a valid ingest event
            event_from_json(item, t_ms=0)


def test_douyin_frames_mean_what_the_room_showed() -> None:
    (first, _), (second, _), (heartbeat, _) = frames("douyin_webcast")
    items = webcast.decode_frame(first, "douyin")
    assert [i["type"] for i in items] == ["comment", "viewers", "like", "follow"]  # share left out
    assert items[0] == {
        "type": "comment",
        "id": "7301",
        "platform": "douyin",
        "user": "小鹿",
        "text": "这个显白吗",
    }
    gifts = [i for i in webcast.decode_frame(second, "douyin") if i["type"] == "gift"]
    # the running combo (7306) is not counted; its end (7307) is, with 5 roses = 0.5 CNY
    assert [(g["id"], g["count"], g["value"]) for g in gifts] == [
        ("7307", 5, 0.5),
        ("7308", 1, 300.0),
    ]
    assert webcast.decode_frame(heartbeat, "douyin") == []
    tiktok = webcast.decode_frame(frames("tiktok_webcast")[1][0], "tiktok")  # not gzipped
    assert [g["value"] for g in tiktok if g["type"] == "gift"] == [0.05, 30.0]


def test_broken_webcast_frames_raise_decode_error() -> None:
    good = frames("douyin_webcast")[0][0]
    with pytest.raises(DecodeError):
        webcast.decode_frame(b"\x0a\xff\xff not a frame")
    with pytest.raises(DecodeError):
        webcast.decode_frame(good[: len(good) // 2])
    bad_gzip = webcast.classes()["PushFrame"](payload_type="msg", payload=b"\x1f\x8bnot gzip")
    with pytest.raises(DecodeError, match="gzip"):
        webcast.decode_frame(bad_gzip.SerializeToString())
    no_id = webcast.encode_frame([("WebcastChatMessage", {"content": "hi"})])
    with pytest.raises(DecodeError, match="id"):
        webcast.decode_frame(no_id)
    assert webcast.decode_frame("text ping") == []


def test_bilibili_packets() -> None:
    (frame, _), (heartbeat, _) = frames("bilibili_danmaku")
    items = bilibili.decode_frame(frame)
    assert items[0]["id"] == "b1f0c3" and items[1]["id"] == "43-1733500000123"
    assert items[2]["value"] == 1.0  # 10 x 100 gold = 1 CNY
    assert bilibili.decode_frame(heartbeat) == []  # 人气 is not viewers online
    plain = bilibili.encode_commands(
        [{"cmd": "LIKE_INFO_V3_CLICK", "data": {"uname": "x"}}], compress=False
    )
    assert bilibili.decode_frame(plain) == [{"type": "like", "count": 1, "user": "x"}]
    with pytest.raises(DecodeError, match="length"):
        bilibili.decode_frame(frame[:-3])
    with pytest.raises(DecodeError, match="zlib"):
        bilibili.decode_frame(bilibili.encode_packet(b"junk", version=bilibili.PROTO_ZLIB))
    nested = bilibili.encode_packet(zlib.compress(frame), version=bilibili.PROTO_ZLIB)
    with pytest.raises(DecodeError, match="inside"):
        bilibili.decode_frame(bilibili.encode_packet(zlib.compress(nested), version=2))
    with pytest.raises(DecodeError, match="DANMU_MSG"):
        bilibili.decode_frame(bilibili.encode_commands([{"cmd": "DANMU_MSG", "info": []}]))


def test_bilibili_brotli_without_the_package_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "brotli", None)  # as on an install without the extra
    assert not bilibili.brotli_available()
    packet = bilibili.encode_packet(b"\x00" * 8, version=bilibili.PROTO_BROTLI)
    with pytest.raises(DecodeError, match="install the 'brotli' package"):
        bilibili.decode_frame(packet)


def test_kuaishou_counts_and_feeds() -> None:
    items = kuaishou.decode_frame(frames("kuaishou_feed")[0][0])
    assert items[-1] == {"type": "viewers", "online": 12000}
    assert [kuaishou.display_count(t) for t in ("1,234", "3w", "x")] == [1234, 30000, None]
    other = kuaishou.classes()["SocketMessage"](payload_type=1, payload=b"x").SerializeToString()
    assert kuaishou.decode_frame(other) == []
    broken = kuaishou.classes()["SocketMessage"](
        payload_type=310, compression_type=2, payload=b"zz"
    )
    with pytest.raises(DecodeError):
        kuaishou.decode_frame(broken.SerializeToString())


def test_youtube_answers() -> None:
    chat = answer("youtube_get_live_chat")
    items = youtube.decode_json(chat["url"], chat["answer"])
    assert items == chat["expect"]
    assert items[0]["text"] == "love this :heart:" and items[2]["value"] == 1005.0
    meta = answer("youtube_updated_metadata")
    assert youtube.decode_json(meta["url"], meta["answer"]) == [{"type": "viewers", "online": 1234}]
    replay = {
        "actions": [
            {
                "replayChatItemAction": {
                    "actions": chat["answer"]["continuationContents"]["liveChatContinuation"][
                        "actions"
                    ][:1]
                }
            }
        ]
    }
    assert youtube.decode_json("", replay) == items[:1]
    with pytest.raises(DecodeError):
        youtube.decode_json("", [])
    assert youtube.YOUTUBE.json_match(
        "https://www.youtube.com/youtubei/v1/live_chat/get_live_chat?k=1"
    )


def test_console_orders_become_order_events() -> None:
    doc = answer("douyin_console_orders")
    items = console.decode_json(doc["url"], doc["answer"])
    assert items == doc["expect"]
    events = [event_from_json(i, t_ms=5) for i in items]
    assert events[0] == OrderEvent(
        5, order_id="692100001", sku="LIP-01", qty=2, amount=158.0, buyer="小鹿", platform="douyin"
    )
    assert isinstance(events[-1], ViewersEvent) and events[-1].pv == 7890
    assert console.decode_json("", {"code": 10001, "data": None}) == []
    with pytest.raises(DecodeError):
        console.decode_json("", {"code": 0, "data": {"orders": [{"item_num": 1}]}})
    assert console.matches(doc["url"]) and not console.matches("https://buyin.jinritemai.com/a.js")


def test_events_built_from_items_are_typed() -> None:
    (frame, _), _, _ = frames("douyin_webcast")
    events = [event_from_json(i, t_ms=1) for i in webcast.decode_frame(frame, "douyin")]
    assert isinstance(events[0], CommentEvent) and events[0].platform == "douyin"
    gift = event_from_json(frames("bilibili_danmaku")[0][1][2], t_ms=1)
    assert isinstance(gift, GiftEvent) and gift.gift == "辣条"


def test_schema_parser_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ProtoSchemaError, match="unknown type"):
        parse_proto("message A { Missing b = 1; }", "x.proto")
    with pytest.raises(ProtoSchemaError, match="cannot read"):
        parse_proto("message A { map<string,string> m = 1; }", "x.proto")


def test_connector_specs_build_bridge_sources(tmp_path: Path) -> None:
    source = source_from_spec("douyin@店铺2:console", data_dir=tmp_path)
    assert source.name == "douyin" and source.url == console.CONSOLE_URL  # type: ignore[attr-defined]
    assert source.account == "店铺2"  # type: ignore[attr-defined]
    assert profile_dir(tmp_path, "douyin", "店铺/2") == tmp_path / "browser" / "douyin-店铺_2"
    assert source_from_spec("tiktok:@amy").url == "https://www.tiktok.com/@amy/live"  # type: ignore[attr-defined]
    assert source_from_spec("bilibili:https://live.bilibili.com/9").url.endswith("/9")  # type: ignore[attr-defined]
    with pytest.raises(ConnectorError):
        source_from_spec("twitch@a:chan")
    with pytest.raises(ConnectorError):
        source_from_spec("weibo:1")


def test_browser_choice(tmp_path: Path) -> None:
    fake = tmp_path / "chrome"
    fake.write_text("")
    assert launch_options({"ANCHORDESK_BROWSER": str(fake)}) == {"executable_path": str(fake)}
    assert launch_options({"ANCHORDESK_BROWSER": "msedge"}) == {"channel": "msedge"}
    with pytest.raises(BrowserMissing):
        launch_options({"ANCHORDESK_BROWSER": str(tmp_path / "none")})


def test_headless_only_when_asked_or_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.bridge import browser

    assert browser.headless_default({"ANCHORDESK_BRIDGE_HEADLESS": "1", "DISPLAY": ":0"})
    assert not browser.headless_default({"ANCHORDESK_BRIDGE_HEADLESS": "0"})
    assert not browser.headless_default({"DISPLAY": ":0"})
    monkeypatch.setattr(browser.sys, "platform", "linux")
    assert browser.headless_default({})


def test_gzip_magic_without_header_is_still_read() -> None:
    types = webcast.classes()
    response = types["Response"]()
    response.messages.append(
        webcast.encode_message("WebcastChatMessage", {"common": {"msg_id": 9}, "content": "hi"})
    )
    frame = types["PushFrame"](
        payload_type="msg", payload=gzip.compress(response.SerializeToString())
    )
    assert webcast.decode_frame(frame.SerializeToString())[0]["id"] == "9"


def test_feed_items_drops_repeats_and_names_a_missing_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functools import partial

    from app.bridge.source import BridgeSource
    from app.session.bus import EventBus
    from app.session.clock import SessionClock
    from app.session.events import SourceStatusEvent

    source = BridgeSource(bilibili.BILIBILI, "1", data_dir=tmp_path)
    bus, clock = EventBus(), SessionClock()
    clock.start()
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    source.bind(bus, clock)
    frame = frames("bilibili_danmaku")[0][0]
    assert source.feed_items(partial(bilibili.decode_frame, frame), frame) == 5
    # the same frame again (a reload replaying history): only the id-less viewer count is new
    assert source.feed_items(partial(bilibili.decode_frame, frame), frame) == 1
    assert source.health.duplicates == 4
    monkeypatch.setitem(sys.modules, "brotli", None)  # an install without the extra
    packet = bilibili.encode_packet(b"\x00" * 8, version=bilibili.PROTO_BROTLI)
    assert source.feed_items(partial(bilibili.decode_frame, packet), packet) == 0
    assert statuses[-1].state == "error" and "pip install brotli" in statuses[-1].message
    assert source.health.bad_frame is not None and source.health.bad_frame.is_file()


def test_without_playwright_the_source_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import time

    from app.bridge.source import BridgeSource
    from app.session.bus import EventBus
    from app.session.clock import SessionClock
    from app.session.events import AlertEvent, SourceStatusEvent

    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    source = BridgeSource(webcast.DOUYIN, "1", data_dir=tmp_path)
    bus, clock = EventBus(), SessionClock()
    clock.start()
    seen: list[object] = []
    bus.subscribe(seen.append, (SourceStatusEvent, AlertEvent))
    source.start(bus, clock)
    end = time.monotonic() + 5
    while source.health.state != "error" and time.monotonic() < end:
        time.sleep(0.02)
    source.stop()
    assert source.join(5)
    errors = [e for e in seen if isinstance(e, SourceStatusEvent) and e.state == "error"]
    assert errors and "anchordesk[bridge]" in errors[0].message
    alerts = [e for e in seen if isinstance(e, AlertEvent)]
    assert alerts and alerts[0].message is not None  # shown in the user's language
    assert not any(isinstance(e, SourceStatusEvent) and e.state == "ended" for e in seen)
