"""Douyin and TikTok live rooms: the ``webcast`` WebSocket frames (one protobuf family).

A binary frame is a ``PushFrame``; when its payload type is ``msg`` the payload is a
``Response`` (gzip-compressed when the frame says so or the bytes start with the gzip
magic) holding ``Message`` envelopes: a method name (``WebcastChatMessage``...) and the
message's own protobuf bytes. The schema below was written for AnchorDesk from the public
descriptions of the wire format (field numbers only; no generated code was copied). Fields
we do not describe are ignored, so additions on the platform's side do not break decoding.

Gift values: Douyin's diamond is 0.1 CNY; TikTok coins are counted as 0.01 (roughly
USD). A combo gift is reported once, when the combo ends, with its final count.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from typing import Any

from app.bridge import console
from app.bridge.adapter import Adapter, DecodeError, Item, page_address
from app.bridge.proto import message_classes

WEBCAST_PROTO = """
syntax = "proto3";
package anchordesk.webcast;

message HeaderEntry { string key = 1; string value = 2; }

message PushFrame {
  uint64 seq_id = 1;
  uint64 log_id = 2;
  uint64 service = 3;
  uint64 method = 4;
  repeated HeaderEntry headers = 5;
  string payload_encoding = 6;
  string payload_type = 7;
  bytes payload = 8;
}

message Response {
  repeated Message messages = 1;
  string cursor = 2;
  uint64 fetch_interval = 3;
  uint64 now = 4;
  string internal_ext = 5;
  uint32 fetch_type = 6;
  uint64 heartbeat_duration = 8;
  bool need_ack = 9;
  string push_server = 10;
}

message Message {
  string method = 1;
  bytes payload = 2;
  int64 msg_id = 3;
  int32 msg_type = 4;
  int64 offset = 5;
}

message Common {
  string method = 1;
  uint64 msg_id = 2;
  uint64 room_id = 3;
  uint64 create_time = 4;
}

message User {
  uint64 id = 1;
  uint64 short_id = 2;
  string nickname = 3;
  uint32 gender = 4;
  string display_id = 38;
}

message ChatMessage {
  Common common = 1;
  User user = 2;
  string content = 3;
}

message MemberMessage {
  Common common = 1;
  User user = 2;
  uint64 member_count = 3;
}

message LikeMessage {
  Common common = 1;
  uint64 count = 2;
  uint64 total = 3;
  uint64 color = 4;
  User user = 5;
}

message SocialMessage {
  Common common = 1;
  User user = 2;
  uint64 share_type = 3;
  uint64 action = 4;
  string share_target = 5;
  uint64 follow_count = 6;
}

message GiftStruct {
  string describe = 2;
  uint64 id = 5;
  bool combo = 10;
  uint32 type = 11;
  uint32 diamond_count = 12;
  string name = 16;
}

message GiftMessage {
  Common common = 1;
  uint64 gift_id = 2;
  uint64 fan_ticket_count = 3;
  uint64 group_count = 4;
  uint64 repeat_count = 5;
  uint64 combo_count = 6;
  User user = 7;
  User to_user = 8;
  uint32 repeat_end = 9;
  uint64 group_id = 11;
  GiftStruct gift = 15;
}

message RoomUserSeqMessage {
  Common common = 1;
  int64 total = 3;
  string pop_str = 4;
  int64 popularity = 6;
  int64 total_user = 7;
  string total_user_str = 8;
  string total_str = 9;
}
"""

#: Social actions: 1 = follow (the others are shares and are not stored).
SOCIAL_FOLLOW = 1
#: Currency per diamond/coin, by platform.
GIFT_UNIT = {"douyin": 0.1, "tiktok": 0.01}
GZIP_MAGIC = b"\x1f\x8b"


def classes() -> dict[str, Any]:
    return message_classes(WEBCAST_PROTO, "anchordesk_webcast.proto")


def _name(user: Any) -> str:
    return str(user.nickname or user.display_id or (user.id or ""))


def _chat(msg: Any, platform: str, ident: str) -> list[Item]:
    text = msg.content.strip()
    if not text:
        return []
    return [
        {
            "type": "comment",
            "id": ident,
            "platform": platform,
            "user": _name(msg.user),
            "text": text,
        }
    ]


def _member(msg: Any, platform: str, ident: str) -> list[Item]:
    if not msg.member_count:
        return []
    return [{"type": "viewers", "id": ident, "platform": platform, "online": msg.member_count}]


def _like(msg: Any, platform: str, ident: str) -> list[Item]:
    count = max(1, int(msg.count))
    return [
        {"type": "like", "id": ident, "platform": platform, "count": count, "user": _name(msg.user)}
    ]


def _social(msg: Any, platform: str, ident: str) -> list[Item]:
    if msg.action != SOCIAL_FOLLOW:
        return []
    return [{"type": "follow", "id": ident, "platform": platform, "user": _name(msg.user)}]


def _gift(msg: Any, platform: str, ident: str) -> list[Item]:
    if msg.gift.combo and not msg.repeat_end:
        return []  # the combo is still running: counted once, when it ends
    count = max(1, int(msg.repeat_count or msg.combo_count or 1)) * max(
        1, int(msg.group_count or 1)
    )
    value = round(count * msg.gift.diamond_count * GIFT_UNIT.get(platform, 0.0), 2)
    return [
        {
            "type": "gift",
            "id": ident,
            "platform": platform,
            "user": _name(msg.user),
            "gift": msg.gift.name or str(msg.gift_id),
            "count": count,
            "value": value,
        }
    ]


def _room_seq(msg: Any, platform: str, ident: str) -> list[Item]:
    item: Item = {"type": "viewers", "id": ident, "platform": platform, "online": max(0, msg.total)}
    if msg.total_user > 0:
        item["pv"] = msg.total_user
    return [item]


#: method -> (message class name, mapping to ingest objects)
HANDLERS = {
    "WebcastChatMessage": ("ChatMessage", _chat),
    "WebcastMemberMessage": ("MemberMessage", _member),
    "WebcastLikeMessage": ("LikeMessage", _like),
    "WebcastSocialMessage": ("SocialMessage", _social),
    "WebcastGiftMessage": ("GiftMessage", _gift),
    "WebcastRoomUserSeqMessage": ("RoomUserSeqMessage", _room_seq),
}


def _gunzip(data: bytes, compressed: bool) -> bytes:
    if not (compressed or data[:2] == GZIP_MAGIC):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise DecodeError(f"payload is not valid gzip: {exc}") from None


def decode_frame(payload: bytes | str, platform: str = "douyin") -> list[Item]:
    """One binary WebSocket frame -> ingest objects (``[]`` for heartbeats and acks)."""
    from google.protobuf.message import DecodeError as ProtoError

    if isinstance(payload, str):
        return []  # webcast frames are binary; text frames are the page's own pings
    types = classes()
    try:
        frame = types["PushFrame"].FromString(payload)
    except ProtoError as exc:
        raise DecodeError(f"not a PushFrame: {exc}") from None
    if frame.payload_type not in ("msg", ""):
        return []  # "hb" heartbeats, "ack", "close"
    headers = {h.key: h.value for h in frame.headers}
    gzipped = "gzip" in (headers.get("compress_type", ""), frame.payload_encoding)
    body = _gunzip(frame.payload, gzipped)
    try:
        response = types["Response"].FromString(body)
    except ProtoError as exc:
        raise DecodeError(f"not a webcast Response: {exc}") from None
    return decode_messages(response.messages, platform)


def decode_messages(messages: Iterable[Any], platform: str) -> list[Item]:
    """The envelopes of one Response -> ingest objects; unknown methods are skipped."""
    from google.protobuf.message import DecodeError as ProtoError

    types = classes()
    out: list[Item] = []
    for envelope in messages:
        handler = HANDLERS.get(envelope.method)
        if handler is None:
            continue
        class_name, convert = handler
        try:
            msg = types[class_name].FromString(envelope.payload)
        except ProtoError as exc:
            raise DecodeError(f"{envelope.method}: {exc}") from None
        ident = str(envelope.msg_id or msg.common.msg_id)
        if ident == "0":
            raise DecodeError(f"{envelope.method} without a message id")
        out.extend(convert(msg, platform, ident))
    return out


# -- building frames (fixtures, tests and the benchmark) ----------------------------------
def encode_message(method: str, fields: dict[str, Any]) -> Any:
    """A ``Message`` envelope for ``method`` built from a dict of its fields."""
    types = classes()
    class_name = HANDLERS[method][0]
    msg = types[class_name]()
    _fill(msg, fields)
    envelope = types["Message"](method=method, payload=msg.SerializeToString())
    envelope.msg_id = int(fields.get("common", {}).get("msg_id", 0))
    return envelope


def _fill(msg: Any, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if isinstance(value, dict):
            _fill(getattr(msg, key), value)
        else:
            setattr(msg, key, value)


def encode_frame(
    messages: list[tuple[str, dict[str, Any]]], *, seq_id: int = 1, compress: bool = True
) -> bytes:
    """A binary ``PushFrame`` carrying ``(method, fields)`` messages (schema-encoded)."""
    types = classes()
    response = types["Response"](cursor=str(seq_id), now=seq_id)
    response.messages.extend(encode_message(m, f) for m, f in messages)
    body = response.SerializeToString()
    frame = types["PushFrame"](seq_id=seq_id, log_id=seq_id, payload_type="msg")
    if compress:
        frame.headers.add(key="compress_type", value="gzip")
        frame.payload_encoding = "gzip"
        body = gzip.compress(body, compresslevel=6, mtime=0)
    frame.payload = body
    return bytes(frame.SerializeToString())


def heartbeat_frame(seq_id: int = 0) -> bytes:
    return bytes(classes()["PushFrame"](seq_id=seq_id, payload_type="hb").SerializeToString())


# -- the adapters ---------------------------------------------------------------------------
def _logged_out(url: str) -> bool:
    return any(word in url for word in ("/login", "passport.", "sso.", "/signup"))


def _douyin_page(arg: str) -> str:
    """A room address or id; ``console`` opens the seller console (巨量百应, orders)."""
    if arg.strip().lower() in ("console", "buyin", "巨量百应"):
        return console.CONSOLE_URL
    return page_address(arg, "https://live.douyin.com/{arg}")


DOUYIN = Adapter(
    platform="douyin",
    title="Douyin 抖音",
    login_url="https://live.douyin.com/",
    page_url=_douyin_page,
    ws_match=lambda url: "webcast" in url,
    decode_ws=lambda payload: decode_frame(payload, "douyin"),
    json_match=console.matches,
    decode_json=console.decode_json,
    logged_out=_logged_out,
    reads=("comments", "likes", "follows", "gifts", "viewers", "orders (seller console)"),
)

TIKTOK = Adapter(
    platform="tiktok",
    title="TikTok LIVE",
    login_url="https://www.tiktok.com/login",
    page_url=lambda arg: page_address(arg, "https://www.tiktok.com/@{arg}/live"),
    ws_match=lambda url: "webcast" in url,
    decode_ws=lambda payload: decode_frame(payload, "tiktok"),
    logged_out=_logged_out,
    reads=("comments", "likes", "follows", "gifts", "viewers"),
)
