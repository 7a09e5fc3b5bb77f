"""Kuaishou live rooms: the live page's WebSocket (protobuf ``SocketMessage`` envelopes).

A frame is a ``SocketMessage``: a payload type, a compression type (1 none, 2 gzip) and
the payload. Type 310 (``SC_FEED_PUSH``) is a feed push with the room's counts (as display
strings such as "1.2万") and lists of comment, like and gift feeds. The schema below was
written for AnchorDesk from public descriptions of the wire format; it has been checked
only against frames encoded from it (see resources/bridge/README.md), not live traffic.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

from app.bridge.adapter import Adapter, DecodeError, Item, page_address
from app.bridge.proto import message_classes

PLATFORM = "kuaishou"
SC_FEED_PUSH = 310
COMPRESSION_GZIP = 2

KUAISHOU_PROTO = """
syntax = "proto3";
package anchordesk.kuaishou;

message SocketMessage {
  int32 payload_type = 1;
  int32 compression_type = 2;
  bytes payload = 3;
}

message SimpleUserInfo {
  string principal_id = 1;
  string user_name = 2;
}

message WebCommentFeed {
  string id = 1;
  SimpleUserInfo user = 2;
  string content = 3;
}

message WebLikeFeed {
  string id = 1;
  SimpleUserInfo user = 2;
}

message WebGiftFeed {
  string id = 1;
  SimpleUserInfo user = 2;
  uint64 time = 3;
  uint32 int_gift_id = 4;
  uint32 batch_size = 7;
  uint32 combo_count = 8;
}

message SCWebFeedPush {
  string display_watching_count = 1;
  string display_like_count = 2;
  repeated WebCommentFeed comment_feeds = 5;
  repeated WebLikeFeed like_feeds = 8;
  repeated WebGiftFeed gift_feeds = 9;
}
"""


def classes() -> dict[str, Any]:
    return message_classes(KUAISHOU_PROTO, "anchordesk_kuaishou.proto")


def display_count(text: str) -> int | None:
    """ "1,234" / "1.2万" / "3w" -> a number; None when it is not one."""
    text = text.strip().replace(",", "")
    scale = 1
    if text.endswith(("万", "w", "W")):
        text, scale = text[:-1], 10_000
    try:
        return int(float(text) * scale)
    except ValueError:
        return None


def decode_frame(payload: bytes | str) -> list[Item]:
    from google.protobuf.message import DecodeError as ProtoError

    if isinstance(payload, str):
        return []
    types = classes()
    try:
        envelope = types["SocketMessage"].FromString(payload)
        if envelope.payload_type != SC_FEED_PUSH:
            return []  # heartbeats, enter-room acks, other pushes
        body = envelope.payload
        if envelope.compression_type == COMPRESSION_GZIP:
            body = gzip.decompress(body)
        push = types["SCWebFeedPush"].FromString(body)
    except (ProtoError, OSError, EOFError, zlib.error) as exc:
        raise DecodeError(f"feed push: {exc}") from None
    out: list[Item] = []
    for c in push.comment_feeds:
        if c.content.strip():
            out.append(
                {
                    "type": "comment",
                    "id": c.id,
                    "platform": PLATFORM,
                    "user": c.user.user_name,
                    "text": c.content.strip(),
                }
            )
    for like in push.like_feeds:
        out.append(
            {
                "type": "like",
                "id": like.id,
                "platform": PLATFORM,
                "count": 1,
                "user": like.user.user_name,
            }
        )
    for g in push.gift_feeds:
        count = max(1, g.batch_size) * max(1, g.combo_count)
        out.append(
            {
                "type": "gift",
                "id": g.id,
                "platform": PLATFORM,
                "user": g.user.user_name,
                "gift": str(g.int_gift_id),
                "count": count,
            }
        )
    online = display_count(push.display_watching_count) if push.display_watching_count else None
    if online is not None:
        out.append({"type": "viewers", "online": online})
    return out


def encode_push(fields: dict[str, Any], *, compress: bool = False) -> bytes:
    """A ``SocketMessage`` carrying one feed push built from ``fields`` (schema-encoded)."""
    types = classes()
    push = types["SCWebFeedPush"](
        display_watching_count=fields.get("watching", ""),
        display_like_count=fields.get("likes", ""),
    )
    for c in fields.get("comments", ()):
        push.comment_feeds.add(id=c["id"], content=c["text"]).user.user_name = c["user"]
    for g in fields.get("gifts", ()):
        feed = push.gift_feeds.add(id=g["id"], int_gift_id=g["gift"], batch_size=g.get("count", 1))
        feed.user.user_name = g["user"]
    body = push.SerializeToString()
    if compress:
        body = gzip.compress(body, mtime=0)
    envelope = types["SocketMessage"](
        payload_type=SC_FEED_PUSH,
        compression_type=COMPRESSION_GZIP if compress else 1,
        payload=body,
    )
    return bytes(envelope.SerializeToString())


KUAISHOU = Adapter(
    platform=PLATFORM,
    title="Kuaishou 快手",
    login_url="https://live.kuaishou.com/",
    page_url=lambda arg: page_address(arg, "https://live.kuaishou.com/u/{arg}"),
    ws_match=lambda url: "kuaishou" in url or "/websocket" in url,
    decode_ws=decode_frame,
    logged_out=lambda url: "passport.kuaishou.com" in url or "/login" in url,
    reads=("comments", "likes", "gifts", "viewers"),
)
