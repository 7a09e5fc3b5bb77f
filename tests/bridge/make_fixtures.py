"""Writes resources/bridge/fixtures/: frames ENCODED FROM OUR SCHEMAS (not captured traffic),
each with the ingest objects it must decode to. Run from the repository root:

    .venv/bin/python tests/bridge/make_fixtures.py

The decoder tests read the stored files, so a schema or decoder change that alters what
stored bytes mean fails a test instead of passing silently.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.bridge import bilibili, console, kuaishou, webcast, youtube  # noqa: E402

OUT = ROOT / "resources" / "bridge" / "fixtures"


def _webcast(platform: str) -> list[bytes]:
    user = {"nickname": "小鹿" if platform == "douyin" else "amy", "id": 7001}
    return [
        webcast.encode_frame(
            [
                (
                    "WebcastChatMessage",
                    {"common": {"msg_id": 7301}, "user": user, "content": "这个显白吗"},
                ),
                (
                    "WebcastMemberMessage",
                    {"common": {"msg_id": 7302}, "user": user, "member_count": 118},
                ),
                (
                    "WebcastLikeMessage",
                    {"common": {"msg_id": 7303}, "user": user, "count": 15, "total": 3000},
                ),
                ("WebcastSocialMessage", {"common": {"msg_id": 7304}, "user": user, "action": 1}),
                ("WebcastSocialMessage", {"common": {"msg_id": 7305}, "user": user, "action": 3}),
            ],
            seq_id=11,
        ),
        webcast.encode_frame(
            [
                (
                    "WebcastGiftMessage",
                    {
                        "common": {"msg_id": 7306},
                        "user": user,
                        "repeat_count": 2,
                        "repeat_end": 0,
                        "gift": {"name": "玫瑰", "diamond_count": 1, "combo": True},
                    },
                ),
                (
                    "WebcastGiftMessage",
                    {
                        "common": {"msg_id": 7307},
                        "user": user,
                        "repeat_count": 5,
                        "repeat_end": 1,
                        "gift": {"name": "玫瑰", "diamond_count": 1, "combo": True},
                    },
                ),
                (
                    "WebcastGiftMessage",
                    {
                        "common": {"msg_id": 7308},
                        "user": user,
                        "group_count": 1,
                        "gift": {"name": "嘉年华", "diamond_count": 3000},
                    },
                ),
                (
                    "WebcastRoomUserSeqMessage",
                    {"common": {"msg_id": 7309}, "total": 121, "total_user": 5600},
                ),
            ],
            seq_id=12,
            compress=platform == "douyin",
        ),
        webcast.heartbeat_frame(13),
    ]


def _bilibili() -> list[bytes]:
    danmu_extra = {"extra": json.dumps({"id_str": "b1f0c3"})}
    meta = [0, 1, 25, 16777215, 1733500000123, 0, 0, "", 0, 0, 0, "", 0, "{}", "{}", danmu_extra]
    return [
        bilibili.encode_commands(
            [
                {"cmd": "DANMU_MSG", "info": [meta, "主播好", [42, "小明"]]},
                {"cmd": "DANMU_MSG", "info": [meta[:5], "多少钱", [43, "阿花"]]},
                {
                    "cmd": "SEND_GIFT",
                    "data": {
                        "uname": "阿花",
                        "giftName": "辣条",
                        "num": 10,
                        "price": 100,
                        "coin_type": "gold",
                        "tid": "tid-1",
                    },
                },
                {
                    "cmd": "INTERACT_WORD",
                    "data": {"uname": "新粉", "uid": 44, "msg_type": 2, "timestamp": 1733500001},
                },
                {"cmd": "ONLINE_RANK_COUNT", "data": {"count": 321, "online_count": 321}},
            ]
        ),
        bilibili.encode_packet(
            (1234).to_bytes(4, "big"), op=bilibili.OP_HEARTBEAT_REPLY, version=1
        ),
    ]


def _kuaishou() -> list[bytes]:
    return [
        kuaishou.encode_push(
            {
                "watching": "1.2万",
                "comments": [{"id": "ks-c1", "user": "快手用户", "text": "上链接"}],
                "gifts": [{"id": "ks-g1", "user": "老铁", "gift": 9, "count": 2}],
            },
            compress=True,
        )
    ]


def _frames(name: str, frames: list[bytes], decode) -> None:
    with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as out:
        for frame in frames:
            line = {"frame_b64": base64.b64encode(frame).decode("ascii"), "expect": decode(frame)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


YOUTUBE_ANSWER = {
    "continuationContents": {
        "liveChatContinuation": {
            "actions": [
                {
                    "addChatItemAction": {
                        "item": {
                            "liveChatTextMessageRenderer": {
                                "id": "yt-1",
                                "authorName": {"simpleText": "Amy"},
                                "timestampUsec": "1733500000000000",
                                "message": {
                                    "runs": [
                                        {"text": "love this "},
                                        {"emoji": {"shortcuts": [":heart:"]}},
                                    ]
                                },
                            }
                        }
                    }
                },
                {
                    "addChatItemAction": {
                        "item": {
                            "liveChatPaidMessageRenderer": {
                                "id": "yt-2",
                                "authorName": {"simpleText": "Bob"},
                                "purchaseAmountText": {"simpleText": "$1,005.00"},
                                "message": {"runs": [{"text": "ship to Canada?"}]},
                            }
                        }
                    }
                },
                {
                    "addChatItemAction": {
                        "item": {
                            "liveChatMembershipItemRenderer": {
                                "id": "yt-3",
                                "authorName": {"simpleText": "Cat"},
                            }
                        }
                    }
                },
                {
                    "addChatItemAction": {
                        "item": {"liveChatViewerEngagementMessageRenderer": {"id": "x"}}
                    }
                },
            ]
        }
    }
}
YOUTUBE_METADATA = {
    "actions": [
        {
            "updateViewershipAction": {
                "viewCount": {
                    "videoViewCountRenderer": {
                        "viewCount": {"simpleText": "1,234 watching now"},
                        "originalViewCount": "1234",
                    }
                }
            }
        }
    ]
}
CONSOLE_ANSWER = {
    "code": 0,
    "data": {
        "orders": [
            {
                "order_id": "692100001",
                "out_sku_id": "LIP-01",
                "item_num": 2,
                "pay_amount": 15800,
                "buyer_nickname": "小鹿",
            },
            {
                "shop_order_id": "692100002",
                "product_id": "3581",
                "quantity": 1,
                "order_amount": 19900,
            },
        ],
        "online_user_cnt": 456,
        "watch_cnt": 7890,
    },
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    _frames("douyin_webcast", _webcast("douyin"), lambda f: webcast.decode_frame(f, "douyin"))
    _frames("tiktok_webcast", _webcast("tiktok"), lambda f: webcast.decode_frame(f, "tiktok"))
    _frames("bilibili_danmaku", _bilibili(), bilibili.decode_frame)
    _frames("kuaishou_feed", _kuaishou(), kuaishou.decode_frame)
    for name, url, answer, decode in (
        (
            "youtube_get_live_chat",
            "https://www.youtube.com/youtubei/v1/live_chat/get_live_chat",
            YOUTUBE_ANSWER,
            youtube.decode_json,
        ),
        (
            "youtube_updated_metadata",
            "https://www.youtube.com/youtubei/v1/updated_metadata",
            YOUTUBE_METADATA,
            youtube.decode_json,
        ),
        (
            "douyin_console_orders",
            "https://buyin.jinritemai.com/api/livepc/order/list",
            CONSOLE_ANSWER,
            console.decode_json,
        ),
    ):
        doc = {"url": url, "answer": answer, "expect": decode(url, answer)}
        (OUT / f"{name}.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
