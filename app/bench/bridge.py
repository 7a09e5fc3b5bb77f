"""``bench bridge``: decoding throughput of the browser bridge's Douyin adapter on one core.

Frames are schema-encoded webcast ``PushFrame``s (gzip, like the room's), each carrying
``--per-frame`` messages (mostly comments, a like, a gift and a viewer count). Two figures:
the decoder alone (protobuf + gzip -> ingest objects), and the bridge's whole path per
frame (decode, validation by the ingest codec, de-duplication, publishing on a bus with no
subscribers). The target: well above 5,000 comments/s, so decoding is never the bottleneck.
"""

from __future__ import annotations

import argparse
import time
from functools import partial
from typing import Any

from app.bench import positive_int, print_result

TEXTS = ("这个显白吗", "多少钱", "扣1", "上链接", "主播好美😍", "link please", "已拍 👍")


def frames(n: int, per_frame: int) -> list[bytes]:
    from app.bridge import webcast

    out = []
    msg_id = 1
    for f in range(n):
        messages: list[tuple[str, dict[str, Any]]] = []
        for k in range(per_frame):
            common = {"msg_id": msg_id}
            msg_id += 1
            user = {"nickname": f"观众{msg_id % 997}", "id": msg_id}
            if k == per_frame - 1 and f % 4 == 0:
                messages.append(
                    ("WebcastRoomUserSeqMessage", {"common": common, "total": 1200 + f})
                )
            elif k == per_frame - 2 and f % 8 == 0:
                messages.append(
                    (
                        "WebcastGiftMessage",
                        {
                            "common": common,
                            "user": user,
                            "repeat_end": 1,
                            "gift": {"name": "玫瑰", "diamond_count": 1},
                        },
                    )
                )
            elif k == per_frame - 3 and f % 3 == 0:
                messages.append(
                    ("WebcastLikeMessage", {"common": common, "user": user, "count": 5})
                )
            else:
                text = TEXTS[msg_id % len(TEXTS)]
                messages.append(
                    ("WebcastChatMessage", {"common": common, "user": user, "content": text})
                )
        out.append(webcast.encode_frame(messages, seq_id=f + 1))
    return out


def run(n_frames: int = 4000, per_frame: int = 10) -> dict[str, Any]:
    from app.bridge import webcast
    from app.bridge.source import BridgeSource
    from app.session.bus import EventBus
    from app.session.clock import SessionClock

    data = frames(n_frames, per_frame)
    t0 = time.perf_counter()
    messages = sum(len(webcast.decode_frame(f, "douyin")) for f in data)
    decode_s = time.perf_counter() - t0

    source = BridgeSource(webcast.DOUYIN, "0")
    clock = SessionClock()
    clock.start()
    source.bind(EventBus(), clock)
    t0 = time.perf_counter()
    published = 0
    for frame in data:
        published += source.feed_items(partial(webcast.decode_frame, frame, "douyin"), frame)
    path_s = time.perf_counter() - t0
    return {
        "frames": n_frames,
        "messages_per_frame": per_frame,
        "mean_frame_bytes": round(sum(map(len, data)) / n_frames),
        "decode_frames_per_s": round(n_frames / decode_s),
        "decode_messages_per_s": round(messages / decode_s),
        "bridge_frames_per_s": round(n_frames / path_s),
        "bridge_events_per_s": round(published / path_s),
        "events_published": published,
        "decode_errors": source.health.decode_errors,
    }


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("bridge", help="decoding throughput of the Douyin bridge adapter")
    parser.add_argument("--frames", type=positive_int, default=4000)
    parser.add_argument("--per-frame", type=positive_int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=_command)


def _command(args: argparse.Namespace, _config: object) -> int:
    print_result(run(args.frames, args.per_frame), as_json=args.json)
    return 0
