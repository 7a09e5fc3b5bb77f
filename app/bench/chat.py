"""``bench chat``: comments/s through triage -> recorder/store -> UI model, GUI stall p99,
and the raw classifier's throughput, all in one run.

Comments are generated deterministically from a mix of live-room templates (zh + en,
questions, buyers, praise, complaints, spam, emoji). By default a client process (a
platform bridge is another program too, and a load generator in the measured process
would take the GIL from the GUI thread it measures) sends them at ``--rate`` per second
as JSON batches over a WebSocket to the real ingest server (``--via server``);
``--via bus`` publishes them on the bus directly instead, to show what the server costs.
Either way they go through the real triage stage, recorder, SQLite writer, EventBridge
and comments panel in an offscreen QApplication.
The Qt half lives in :mod:`app.ui.chat_bench` and is loaded only when the bench runs.
"""

from __future__ import annotations

import argparse
import importlib
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from app.bench import positive_int, print_result
from app.session.events import CommentEvent

TEMPLATES = (
    "{p}多少钱",
    "{p}还有货吗？",
    "160能穿吗",
    "扣1",
    "{n}号链接",
    "已拍，{p}拍了两个",
    "主播{p}好好看",
    "这个颜色绝了",
    "发货太慢了，客服不回",
    "上次买的{p}掉色",
    "加vx fuli{d} 领福利",
    "how much is the {q}?",
    "does the {q} come in black?",
    "link please!!",
    "just ordered 2 {q}",
    "love the {q} so much",
    "still no tracking for my order",
    "hi from Toronto",
    "哈哈哈哈",
    "😍😍",
)
ZH = ("口红", "墨镜", "耳环", "保温杯", "零食礼包")
EN = ("lipstick", "sunglasses", "earrings", "bottle", "snack box")


def make_comments(n: int, seed: int = 7) -> list[CommentEvent]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = rng.choice(TEMPLATES).format(
            p=rng.choice(ZH), q=rng.choice(EN), n=rng.randint(1, 9), d=rng.randint(100, 999)
        )
        out.append(
            CommentEvent(
                i // 5,
                event_id=f"c{i}",
                platform=rng.choice(("douyin", "tiktok")),
                user=f"viewer{rng.randrange(20_000)}",
                text=text,
            )
        )
    return out


def classifier_rate(texts: list[str], batch: int = 256) -> dict[str, Any]:
    """Raw classifier (rules + model) and sentiment-model-only comments/s."""
    from app.chat.classifier import CommentClassifier

    clf = CommentClassifier.load()
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        clf.classify(texts[i : i + batch])
    full = len(texts) / (time.perf_counter() - t0)
    result: dict[str, Any] = {"classifier_comments_per_s": round(full), "model": clf.status}
    if clf.model is not None:
        t0 = time.perf_counter()
        for i in range(0, len(texts), batch):
            clf.model.p_pos(texts[i : i + batch])
        result["sentiment_only_comments_per_s"] = round(len(texts) / (time.perf_counter() - t0))
    return result


def run(count: int = 50_000, rate: float = 6_000.0, via: str = "server") -> dict[str, Any]:
    events = make_comments(count)
    raw = classifier_rate([e.text for e in events[:20_000]])
    gui = importlib.import_module("app.ui.chat_bench")  # Qt only when the bench runs
    with tempfile.TemporaryDirectory(prefix="anchordesk-bench-") as tmp:
        e2e = gui.run_pipeline(events, rate, Path(tmp), via=via)
    return {
        "bench": "chat",
        "comments": count,
        **e2e,
        **raw,
        "target": (
            ">=5000/s end to end, stall p99 < 50 ms and max < 100 ms, "
            "on screen within the bridge tick (33 ms) + on_screen_max_ms < 100 ms"
        ),
    }


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("chat", help="comments/s through triage, store and UI; GUI stall")
    parser.add_argument("--count", type=positive_int, default=50_000, help="comments to send")
    parser.add_argument(
        "--rate", type=positive_int, default=6_000, help="comments offered per second"
    )
    parser.add_argument(
        "--via",
        choices=("server", "bus"),
        default="server",
        help="send through the ingest server's WebSocket (default) or publish on the bus",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=_command)


def _command(args: argparse.Namespace, _config: object) -> int:
    print_result(run(count=args.count, rate=args.rate, via=args.via), as_json=args.json)
    return 0
