"""YouTube live chat: the JSON the popout chat page fetches (``get_live_chat``).

The popout page (``https://www.youtube.com/live_chat?is_popout=1&v=VIDEO``) polls
``/youtubei/v1/live_chat/get_live_chat``; each answer's
``continuationContents.liveChatContinuation.actions`` holds ``addChatItemAction`` items:
``liveChatTextMessageRenderer`` (a comment), ``liveChatPaidMessageRenderer`` (Super Chat:
a comment and a gift, amount as shown, e.g. "$5.00"), ``liveChatMembershipItemRenderer``
(a new member: stored as a follow). ``updated_metadata`` answers carry the concurrent
viewer count. Emoji runs become their first shortcut (``:smile:``).
"""

from __future__ import annotations

import re
from typing import Any

from app.bridge.adapter import Adapter, DecodeError, Item, page_address

PLATFORM = "youtube"
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)")


def _text(node: Any) -> str:
    if not isinstance(node, dict):
        return ""
    if "simpleText" in node:
        return str(node["simpleText"])
    parts = []
    for run in node.get("runs", ()):
        if "text" in run:
            parts.append(str(run["text"]))
        elif "emoji" in run:
            shortcuts = run["emoji"].get("shortcuts") or [""]
            parts.append(str(shortcuts[0]))
    return "".join(parts)


def _actions(data: Any) -> list[dict[str, Any]]:
    cont = data.get("continuationContents", {}).get("liveChatContinuation", {})
    actions = list(cont.get("actions", ())) + list(data.get("actions", ()))
    flat: list[dict[str, Any]] = []
    for action in actions:
        replay = action.get("replayChatItemAction")
        flat.extend(replay.get("actions", ()) if isinstance(replay, dict) else [action])
    return flat


def decode_json(url: str, data: Any) -> list[Item]:
    """One ``get_live_chat`` or ``updated_metadata`` answer -> ingest objects."""
    if not isinstance(data, dict):
        raise DecodeError("answer is not a JSON object")
    out: list[Item] = []
    try:
        for action in _actions(data):
            out.extend(_action(action))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise DecodeError(f"unexpected shape ({type(exc).__name__}: {exc})") from None
    return out


def _action(action: dict[str, Any]) -> list[Item]:
    if "updateViewershipAction" in action:
        renderer = action["updateViewershipAction"]["viewCount"]["videoViewCountRenderer"]
        raw = renderer.get("originalViewCount") or _text(renderer.get("viewCount"))
        digits = re.sub(r"\D", "", str(raw))
        return [{"type": "viewers", "online": int(digits)}] if digits else []
    item = action.get("addChatItemAction", {}).get("item", {})
    if "liveChatTextMessageRenderer" in item:
        r = item["liveChatTextMessageRenderer"]
        text = _text(r.get("message")).strip()
        if not text:
            return []
        return [
            {
                "type": "comment",
                "id": str(r["id"]),
                "platform": PLATFORM,
                "user": _text(r.get("authorName")),
                "text": text,
            }
        ]
    if "liveChatPaidMessageRenderer" in item:
        r = item["liveChatPaidMessageRenderer"]
        user, ident = _text(r.get("authorName")), str(r["id"])
        amount = _AMOUNT.search(_text(r.get("purchaseAmountText")))
        value = float(amount.group(1).replace(",", "")) if amount else 0.0
        items: list[Item] = [
            {
                "type": "gift",
                "id": ident,
                "platform": PLATFORM,
                "user": user,
                "gift": "Super Chat",
                "count": 1,
                "value": value,
            }
        ]
        text = _text(r.get("message")).strip()
        if text:
            items.insert(
                0,
                {"type": "comment", "id": ident, "platform": PLATFORM, "user": user, "text": text},
            )
        return items
    if "liveChatMembershipItemRenderer" in item:
        r = item["liveChatMembershipItemRenderer"]
        return [
            {
                "type": "follow",
                "id": str(r["id"]),
                "platform": PLATFORM,
                "user": _text(r.get("authorName")),
            }
        ]
    return []


YOUTUBE = Adapter(
    platform=PLATFORM,
    title="YouTube",
    login_url="https://accounts.google.com/ServiceLogin?service=youtube",
    page_url=lambda arg: page_address(arg, "https://www.youtube.com/live_chat?is_popout=1&v={arg}"),
    json_match=lambda url: "/live_chat/get_live_chat" in url or "/updated_metadata" in url,
    decode_json=decode_json,
    logged_out=lambda url: "accounts.google.com" in url,
    reads=("comments", "Super Chats", "members", "viewers"),
)
