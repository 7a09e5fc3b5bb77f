"""Bilibili live rooms: the documented danmaku WebSocket packet protocol.

Every packet starts with a 16-byte big-endian header: packet length (uint32), header
length (uint16, 16), protocol version (uint16), operation (uint32), sequence (uint32).
Operation 5 carries a JSON command; version 2 bodies are zlib-compressed packets and
version 3 bodies brotli-compressed ones (read only when the ``brotli`` package is
installed: AnchorDesk does not require it, and says so in the source's status). A
WebSocket frame may hold several packets back to back.

Commands read: ``DANMU_MSG`` (comments), ``SUPER_CHAT_MESSAGE`` (a paid comment: a comment
and a gift), ``SEND_GIFT`` (gold gifts: 1,000 gold = 1 CNY), ``INTERACT_WORD`` (follows),
``LIKE_INFO_V3_CLICK`` (likes), ``ONLINE_RANK_COUNT`` (viewers online). Others are skipped.
"""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

from app.bridge.adapter import Adapter, DecodeError, Item, MissingPackage, page_address

HEADER = struct.Struct(">IHHII")
OP_HEARTBEAT_REPLY, OP_MESSAGE, OP_AUTH_REPLY = 3, 5, 8
PROTO_JSON, PROTO_INT, PROTO_ZLIB, PROTO_BROTLI = 0, 1, 2, 3
MAX_DEPTH = 2  # a compressed body holds plain packets, never more compression
PLATFORM = "bilibili"


def brotli_available() -> bool:
    try:
        import brotli  # noqa: F401
    except ImportError:
        return False
    return True


def packets(data: bytes, depth: int = 0) -> list[tuple[int, int, bytes]]:
    """``(protocol version, operation, body)`` of every packet in ``data`` (decompressed)."""
    out: list[tuple[int, int, bytes]] = []
    pos = 0
    while pos < len(data):
        if len(data) - pos < HEADER.size:
            raise DecodeError(f"truncated header at byte {pos}")
        length, header_len, version, op, _seq = HEADER.unpack_from(data, pos)
        if length < header_len or header_len < HEADER.size or pos + length > len(data):
            raise DecodeError(f"bad packet length {length} at byte {pos}")
        body = data[pos + header_len : pos + length]
        pos += length
        if op == OP_MESSAGE and version in (PROTO_ZLIB, PROTO_BROTLI):
            if depth >= MAX_DEPTH:
                raise DecodeError("compressed packet inside a compressed packet")
            out.extend(packets(_inflate(body, version), depth + 1))
        else:
            out.append((version, op, body))
    return out


def _inflate(body: bytes, version: int) -> bytes:
    if version == PROTO_ZLIB:
        try:
            return zlib.decompress(body)
        except zlib.error as exc:
            raise DecodeError(f"zlib body: {exc}") from None
    try:
        import brotli
    except ImportError:
        raise MissingPackage("brotli", "brotli-compressed packet (protocol 3)") from None
    try:
        return bytes(brotli.decompress(body))
    except brotli.error as exc:
        raise DecodeError(f"brotli body: {exc}") from None


def decode_frame(payload: bytes | str) -> list[Item]:
    """One WebSocket frame -> ingest objects."""
    if isinstance(payload, str):
        return []
    out: list[Item] = []
    for _version, op, body in packets(payload):
        if op != OP_MESSAGE:
            continue  # heartbeat replies (人气, not viewers) and auth replies
        try:
            command = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise DecodeError(f"command is not JSON: {exc}") from None
        if isinstance(command, dict):
            out.extend(command_items(command))
    return out


def command_items(command: dict[str, Any]) -> list[Item]:
    """One JSON command (``{"cmd": ..., "data"/"info": ...}``) -> ingest objects."""
    cmd = str(command.get("cmd", "")).split(":", 1)[0]
    handler = _COMMANDS.get(cmd)
    if handler is None:
        return []
    try:
        return handler(command)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise DecodeError(f"{cmd}: unexpected shape ({type(exc).__name__}: {exc})") from None


def _data(command: dict[str, Any]) -> dict[str, Any]:
    data = command.get("data")
    return data if isinstance(data, dict) else {}


def _follow(command: dict[str, Any]) -> list[Item]:
    data = _data(command)
    if data.get("msg_type") != 2:  # 1 = entered the room
        return []
    ident = f"follow-{data.get('uid', '')}-{data.get('timestamp', '')}"
    return [{"type": "follow", "id": ident, "platform": PLATFORM, "user": _s(data, "uname")}]


def _online(command: dict[str, Any]) -> list[Item]:
    data = _data(command)
    online = data.get("online_count", data.get("count"))
    return [{"type": "viewers", "online": int(online)}] if online is not None else []


def _s(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return str(value) if value is not None else ""


def _danmu(info: list[Any]) -> list[Item]:
    meta, text, user = info[0], str(info[1]).strip(), info[2]
    if not text:
        return []
    uid, name = user[0], str(user[1])
    ident = ""
    extra = meta[15] if len(meta) > 15 and isinstance(meta[15], dict) else {}
    if isinstance(extra.get("extra"), str):
        try:
            ident = str(json.loads(extra["extra"]).get("id_str", ""))
        except ValueError:
            ident = ""
    if not ident:  # older frames: the sender and the send time (ms) are unique enough
        ident = f"{uid}-{meta[4]}"
    return [{"type": "comment", "id": ident, "platform": PLATFORM, "user": name, "text": text}]


def _super_chat(data: dict[str, Any]) -> list[Item]:
    ident, user = str(data["id"]), _s(data.get("user_info") or {}, "uname")
    price = float(data.get("price", 0))
    items: list[Item] = [
        {
            "type": "gift",
            "id": f"sc-{ident}",
            "platform": PLATFORM,
            "user": user,
            "gift": "Super Chat",
            "count": 1,
            "value": price,
        }
    ]
    text = _s(data, "message").strip()
    if text:
        items.insert(
            0,
            {
                "type": "comment",
                "id": f"sc-{ident}",
                "platform": PLATFORM,
                "user": user,
                "text": text,
            },
        )
    return items


def _gift(data: dict[str, Any]) -> list[Item]:
    count = max(1, int(data.get("num", 1)))
    gold = data.get("coin_type") == "gold"
    value = round(count * float(data.get("price", 0)) / 1000, 2) if gold else 0.0
    ident = str(data.get("tid") or data.get("rnd") or "")
    item: Item = {
        "type": "gift",
        "platform": PLATFORM,
        "user": _s(data, "uname"),
        "gift": _s(data, "giftName"),
        "count": count,
        "value": value,
    }
    if ident:
        item["id"] = ident
    return [item]


_COMMANDS = {
    "DANMU_MSG": lambda c: _danmu(c["info"]),
    "SUPER_CHAT_MESSAGE": lambda c: _super_chat(_data(c)),
    "SEND_GIFT": lambda c: _gift(_data(c)),
    "INTERACT_WORD": _follow,
    "LIKE_INFO_V3_CLICK": lambda c: [{"type": "like", "count": 1, "user": _s(_data(c), "uname")}],
    "ONLINE_RANK_COUNT": _online,
}


# -- building packets (fixtures, tests) ---------------------------------------------------
def encode_packet(body: bytes, *, op: int = OP_MESSAGE, version: int = PROTO_JSON) -> bytes:
    return HEADER.pack(HEADER.size + len(body), HEADER.size, version, op, 1) + body


def encode_commands(commands: list[dict[str, Any]], *, compress: bool = True) -> bytes:
    """Commands as one frame: plain packets, or one zlib packet holding them (protocol 2)."""
    inner = b"".join(
        encode_packet(json.dumps(c, ensure_ascii=False).encode("utf-8")) for c in commands
    )
    if not compress:
        return inner
    return encode_packet(zlib.compress(inner), version=PROTO_ZLIB)


BILIBILI = Adapter(
    platform=PLATFORM,
    title="Bilibili 哔哩哔哩",
    login_url="https://passport.bilibili.com/login",
    page_url=lambda arg: page_address(arg, "https://live.bilibili.com/{arg}"),
    ws_match=lambda url: "/sub" in url or "chat" in url,
    decode_ws=decode_frame,
    logged_out=lambda url: "passport.bilibili.com" in url,
    reads=("comments", "likes", "follows", "gifts", "viewers"),
)
