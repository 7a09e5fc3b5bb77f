"""``bench ingest``: a soak of the live show's ingest path, valid and hostile events mixed.

The real program runs ``python -m app live --headless`` (its own data folder, a free port,
no camera or microphone) while this process posts, over HTTP with the install's token as
a platform bridge does, ``--events`` valid events (comments in Chinese and English with
emoji, orders, likes, gifts, viewer counts; every 50th batch sent twice, as a bridge
retrying after a timeout) and ``--hostile`` hostile ones, one request each, between them:
integers past 64 bits, NaN and Infinity, 5,000-digit numbers, deep nesting, negative
quantities, unknown types, events without their id, broken JSON. (Lone surrogates are not
among them: the server repairs them, see docs/ingest.md.)

It then reads the session back from the database: every valid comment and order must be
stored exactly once, every hostile event refused with a JSON 4xx, the run "ended" and the
writer free of rejected rows. Figures: events/s accepted, the server's answer times, and
what the database holds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from app.bench import positive_int, print_result
from app.server.client import free_port, post_events

PLATFORMS = ("douyin", "tiktok", "kuaishou", "taobao")
TEXTS = (
    "这个口红显白吗",
    "扣1",
    "多少钱？",
    "link please",
    "主播好美😍",
    "发货太慢了😤",
    "已拍 👍",
    "does it ship to Canada?",
)
SKUS = ("LIP-001", "SUN-002", "NUT-003")
BATCH = 500


def valid_events(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` mixed events with unique ids where the schema has them (deterministic)."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    for i in range(n):
        roll = rng.random()
        platform = rng.choice(PLATFORMS)
        if roll < 0.6:
            events.append(
                {
                    "type": "comment",
                    "id": f"c{i}",
                    "platform": platform,
                    "user": f"viewer{rng.randrange(5000)}",
                    "text": rng.choice(TEXTS),
                }
            )
        elif roll < 0.7:
            qty = rng.randint(1, 3)
            events.append(
                {
                    "type": "order",
                    "id": f"o{i}",
                    "platform": platform,
                    "sku": rng.choice(SKUS),
                    "qty": qty,
                    "amount": round(qty * 89.0, 2),
                    "buyer": f"viewer{rng.randrange(5000)}",
                }
            )
        elif roll < 0.85:
            events.append({"type": "like", "count": rng.randint(1, 50), "platform": platform})
        elif roll < 0.9:
            events.append(
                {"type": "gift", "user": "fan", "gift": "小心心", "count": 1, "value": 0.1}
            )
        else:
            events.append({"type": "viewers", "online": rng.randint(100, 20_000)})
    return events


def hostile_bodies(n: int) -> list[bytes]:
    """``n`` request bodies the server must refuse, cycling through every kind."""
    kinds: list[bytes] = [
        b'{"type":"like","count":9223372036854775808}',
        b'{"type":"order","id":"h","sku":"LIP-001","qty":1,"amount":NaN}',
        b'{"type":"order","id":"h","sku":"LIP-001","qty":1,"amount":Infinity}',
        b'{"type":"like","count":' + b"9" * 5000 + b"}",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b'{"type":"order","id":"h","sku":"LIP-001","qty":-5,"amount":10}',
        b'{"type":"order","id":"h","sku":"LIP-001","qty":1,"amount":1e300}',
        b'{"type":"teleport","id":"h"}',
        b'{"type":"comment","id":"h","platform":"douyin","user":"x"',
        b'{"type":"comment","platform":"douyin","user":"x","text":"no id"}',
        b'{"type":"viewers","online":-1}',
    ]
    return [kinds[i % len(kinds)] for i in range(n)]


def run(events: int = 50_000, hostile: int = 500, seconds: float | None = None) -> dict[str, Any]:
    """Run the soak in a throw-away data folder for ``seconds`` (default: long enough for
    the events); returns the figures (raises when the run itself fails)."""
    from sqlalchemy import func, select

    from app.config import load_config
    from app.server.token import load_or_create_token
    from app.store.db import open_store
    from app.store.models import Comment, Order

    with tempfile.TemporaryDirectory(prefix="anchordesk-soak-") as tmp:
        base = Path(tmp)
        env = {
            **os.environ,
            "ANCHORDESK_CONFIG_DIR": str(base / "config"),
            "ANCHORDESK_DATA_DIR": str(base / "data"),
            "ANCHORDESK_NO_FIRST_RUN": "1",
        }
        env.pop("ANCHORDESK_DB", None)
        port = free_port()
        settings_file = base / "config" / "settings.json"
        settings_file.parent.mkdir(parents=True)
        settings_file.write_text(
            json.dumps({"server_port": port, "record_audio": False, "record_video": False}),
            encoding="utf-8",
        )
        token = load_or_create_token(base / "config")
        seconds = seconds or max(30.0, events / 1000)
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "live", "--headless", "--seconds", str(seconds),
             "--camera", "off", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        try:
            figures = _feed(proc, f"http://127.0.0.1:{port}/api/events", token, events, hostile)
            out, err = proc.communicate(timeout=seconds + 120)
        finally:
            if proc.poll() is None:
                proc.kill()
        if proc.returncode != 0:
            raise RuntimeError(f"the live run failed ({proc.returncode}): {err.strip()[-500:]}")
        result = json.loads(out.strip().splitlines()[-1])
        config = load_config(data_dir=str(base / "data"))
        store = open_store(config.db_url)
        try:
            with store.sessions() as s:
                sid = result["session_id"]
                comments = s.scalar(select(func.count()).where(Comment.session_id == sid))
                distinct = s.scalar(
                    select(func.count(func.distinct(Comment.event_id))).where(
                        Comment.session_id == sid
                    )
                )
                orders = s.scalar(select(func.count()).where(Order.session_id == sid))
        finally:
            store.close()
    kinds = Counter(e["type"] for e in figures.pop("sent"))
    figures.update(
        {
            "valid_comments": kinds["comment"],
            "valid_orders": kinds["order"],
            "stored_comments": comments,
            "stored_distinct_comment_ids": distinct,
            "stored_orders": orders,
            "status": result["status"],
            "every_valid_stored_once": comments == distinct == kinds["comment"]
            and orders == kinds["order"],
        }
    )
    return figures


def _feed(
    proc: subprocess.Popen[str], url: str, token: str, events: int, hostile: int
) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:  # the program is starting: wait for its server
        try:
            post_events(url, token, b"[]")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the live run's ingest server did not come up") from None
            time.sleep(0.2)
    sent = valid_events(events)
    bad = hostile_bodies(hostile)
    per_batch = max(1, len(bad) // max(1, (len(sent) + BATCH - 1) // BATCH))
    accepted = duplicates = refused = 0
    statuses: Counter[int] = Counter()
    times: list[float] = []
    started = time.perf_counter()
    for n, start in enumerate(range(0, len(sent), BATCH)):
        body = json.dumps(sent[start : start + BATCH], ensure_ascii=False).encode("utf-8")
        for _ in range(2 if n % 50 == 0 else 1):  # a bridge's retry after a timeout
            t0 = time.perf_counter()
            status, answer = post_events(url, token, body)
            times.append(time.perf_counter() - t0)
            if status != 200:
                raise RuntimeError(f"a valid batch was refused ({status}): {answer}")
            accepted += answer["accepted"]
            duplicates += len(answer.get("duplicates", ()))
        for _ in range(per_batch):
            if bad:
                status, answer = post_events(url, token, bad.pop())
                statuses[status] += 1
                refused += 400 <= status < 500 and "error" in answer
    while bad:
        status, answer = post_events(url, token, bad.pop())
        statuses[status] += 1
        refused += 400 <= status < 500 and "error" in answer
    elapsed = time.perf_counter() - started
    times.sort()
    return {
        "events": events,
        "hostile": hostile,
        "accepted": accepted,
        "duplicates_reported": duplicates,
        "hostile_refused": refused,
        "hostile_statuses": dict(sorted(statuses.items())),
        "seconds": round(elapsed, 2),
        "events_per_s": round(events / elapsed),
        "batch_ms_p50": round(times[len(times) // 2] * 1000, 1),
        "batch_ms_p99": round(times[int(len(times) * 0.99)] * 1000, 1),
        "sent": sent,
    }


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "ingest", help="soak: valid and hostile events posted to a headless live run"
    )
    parser.add_argument("--events", type=positive_int, default=50_000)
    parser.add_argument("--hostile", type=positive_int, default=500)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=_command)


def _command(args: argparse.Namespace, _config: object) -> int:
    print_result(run(events=args.events, hostile=args.hostile), as_json=args.json)
    return 0
