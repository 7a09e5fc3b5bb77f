"""Douyin seller console (巨量百应 直播中控台): orders and room figures from its JSON answers.

The console page polls JSON APIs for the live room's orders and figures. Their exact
shape is not published; this module reads the shape written down here (a plausible
reading of what the console shows, see resources/bridge/README.md), and every key it
needs is looked up under a few spellings so small renames do not break it:

``{"code": 0, "data": {"orders": [{"order_id", "out_sku_id" | "sku_code" | "product_id",
"item_num", "pay_amount" (fen, 1/100 CNY), "buyer_nickname"}], "online_user_cnt",
"watch_cnt"}}``

The SKU is the seller's own code (商家编码, ``out_sku_id``) when the console has it: that is
what the AnchorDesk catalog holds. Addresses read: ``buyin.jinritemai.com`` and
``compass.jinritemai.com`` (罗盘大屏) answers whose path names orders or live figures.
"""

from __future__ import annotations

from typing import Any

from app.bridge.adapter import DecodeError, Item

PLATFORM = "douyin"
CONSOLE_URL = "https://buyin.jinritemai.com/dashboard/live/control"
_HOSTS = ("buyin.jinritemai.com", "compass.jinritemai.com")
_PATH_WORDS = ("order", "live_data", "livedata", "realtime", "room_stats")


def matches(url: str) -> bool:
    host_ok = any(host in url for host in _HOSTS) or "/console-api/" in url
    return host_ok and any(word in url.lower() for word in _PATH_WORDS)


def _first(obj: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


def decode_json(url: str, data: Any) -> list[Item]:
    """One console answer -> order and viewer ingest objects."""
    if not isinstance(data, dict):
        raise DecodeError("answer is not a JSON object")
    if data.get("code") not in (0, None):
        return []  # an error answer (not logged in, rate limited): the page shows it
    body = data.get("data")
    if not isinstance(body, dict):
        return []
    out: list[Item] = []
    try:
        for order in body.get("orders") or body.get("order_list") or ():
            out.append(_order(order))
        online = _first(body, "online_user_cnt", "online_count", "current_online")
        if online is not None:
            viewers: Item = {"type": "viewers", "online": int(online)}
            pv = _first(body, "watch_cnt", "total_watch", "pv")
            if pv is not None:
                viewers["pv"] = int(pv)
            out.append(viewers)
    except (KeyError, TypeError, ValueError) as exc:
        raise DecodeError(f"console answer: {type(exc).__name__}: {exc}") from None
    return out


def _order(order: dict[str, Any]) -> Item:
    ident = _first(order, "order_id", "shop_order_id", "id")
    sku = _first(order, "out_sku_id", "sku_code", "out_product_id", "product_id")
    if ident is None or sku is None:
        raise KeyError("order_id/sku")
    amount_fen = _first(order, "pay_amount", "order_amount", "amount")
    return {
        "type": "order",
        "id": str(ident),
        "platform": PLATFORM,
        "sku": str(sku),
        "qty": max(1, int(_first(order, "item_num", "quantity", "qty") or 1)),
        "amount": round(int(amount_fen or 0) / 100, 2),
        "user": str(_first(order, "buyer_nickname", "user_name") or ""),
    }
