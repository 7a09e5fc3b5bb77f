"""Checks on the committed demo bundle (``resources/demo``) that replay and tests rely on.

Regenerate the bundle with ``python tools/make_demo.py``; these tests say what it must keep
true. Standard library only (OpenCV is used for the video check when it is installed).
"""

from __future__ import annotations

import json
import struct
import wave
from array import array
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

BUNDLE = Path(__file__).resolve().parent.parent / "resources" / "demo"

INTENTS = {"question", "purchase", "complaint", "praise", "spam", "other"}
SENTIMENTS = {"pos", "neu", "neg"}
EVENT_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "on_air": {"sku": str},
    "comment": {"id": str, "platform": str, "user": str, "text": str, "gold": dict},
    "viewers": {"online": int, "pv": int, "uv": int},
    "like": {"count": int},
    "follow": {"user": str},
    "gift": {"user": str, "gift": str, "count": int, "value": (int, float)},
    "order": {"id": str, "sku": str, "qty": int, "amount": (int, float), "user": str},
}
# Phrases China's Advertising Law forbids; the demo host must say some so compliance fires.
FORBIDDEN = [
    "全网最低价",
    "销量第一",
    "国家级",
    "根治",
    "100%有效",
    "guaranteed to cure",
    "the best in the world",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def png_header(path: Path) -> tuple[int, int, int]:
    """(width, height, colour type) from a PNG's IHDR chunk; colour type 6 is RGBA."""
    head = path.read_bytes()[:29]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height, head[25]


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads((BUNDLE / "session.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def products(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = json.loads((BUNDLE / manifest["products"]).read_text(encoding="utf-8"))
    assert isinstance(items, list)
    by_sku = {p["sku"]: p for p in items}
    assert len(by_sku) == len(items), "duplicate SKUs in products.json"
    return by_sku


@pytest.fixture(scope="module")
def events(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return read_jsonl(BUNDLE / manifest["events"])


@pytest.fixture(scope="module")
def narration(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return read_jsonl(BUNDLE / manifest["narration"])


def of_type(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == kind]


def sale_price(product: dict[str, Any]) -> float:
    promo = product["promo_price"]
    return float(promo if promo is not None else product["price"])


# --- manifest and catalogue -------------------------------------------------------------------


def test_manifest_names_existing_files(manifest: dict[str, Any]) -> None:
    assert manifest["format"] == 1
    assert manifest["duration_ms"] == 180_000
    for key in ("title", "title_zh", "platform", "host"):
        assert isinstance(manifest[key], str) and manifest[key]
    for key in ("video", "audio", "events", "narration", "products"):
        assert (BUNDLE / manifest[key]).is_file(), f"session.json '{key}' names a missing file"
    assert len(manifest["rundown"]) == len(set(manifest["rundown"])) >= 1


def test_products_are_complete(products: dict[str, dict[str, Any]]) -> None:
    assert len(products) == 8
    assert {p["category"] for p in products.values()} >= {"beauty", "fashion", "snacks"}
    for sku, p in products.items():
        assert p["name_zh"] and p["name_en"] and p["aliases"], sku
        assert p["price"] > 0 and p["stock"] > 0, sku
        assert p["promo_price"] is None or 0 < p["promo_price"] < p["price"], sku
        assert 2 <= len(p["faq"]) <= 4 and all(f["q"] and f["a"] for f in p["faq"]), sku
    shipping = [f for p in products.values() for f in p["faq"] if "包邮" in f["q"]]
    assert shipping, "the most-asked topic (shipping) has a shop answer to suggest"


def test_product_images_are_256px_pngs(products: dict[str, dict[str, Any]]) -> None:
    for sku, p in products.items():
        path = BUNDLE / p["image"]
        assert path.is_file(), f"{sku}: missing {p['image']}"
        assert png_header(path)[:2] == (256, 256), sku
        assert path.stat().st_size < 100_000, f"{sku}: image too large for the bundle budget"


def test_tryon_profiles_and_images(products: dict[str, dict[str, Any]]) -> None:
    kinds = {}
    for sku, p in products.items():
        tryon = p["tryon"]
        if tryon is None:
            continue
        kinds[tryon["kind"]] = sku
        if tryon["kind"] == "lipstick":
            assert tryon["color"].startswith("#") and len(tryon["color"]) == 7
            assert 0 < tryon["opacity"] <= 1
        else:
            assert tryon["anchor"] in {"eyes", "ears", "forehead"}
            path = BUNDLE / tryon["image"]
            assert path.is_file(), f"{sku}: missing {tryon['image']}"
            assert png_header(path)[2] == 6, f"{sku}: try-on image must be RGBA"
    assert set(kinds) == {"lipstick", "glasses", "earrings", "hat"}


# --- events -----------------------------------------------------------------------------------


def test_events_are_sorted_typed_and_inside_the_session(
    events: list[dict[str, Any]], manifest: dict[str, Any]
) -> None:
    times = [e["t_ms"] for e in events]
    assert times == sorted(times)
    assert all(isinstance(t, int) and 0 <= t <= manifest["duration_ms"] for t in times)
    for e in events:
        fields = EVENT_FIELDS.get(e["type"])
        assert fields is not None, f"unknown event type {e['type']!r}"
        for key, kind in fields.items():
            assert isinstance(e[key], kind) and not isinstance(e[key], bool), (key, e)
    counts = Counter(e["type"] for e in events)
    assert set(counts) == set(EVENT_FIELDS)


def test_every_referenced_sku_exists(
    events: list[dict[str, Any]], manifest: dict[str, Any], products: dict[str, dict[str, Any]]
) -> None:
    referenced = set(manifest["rundown"])
    referenced |= {e["sku"] for e in events if e["type"] in {"on_air", "order"}}
    assert referenced <= set(products), referenced - set(products)


def test_on_air_follows_the_rundown(events: list[dict[str, Any]], manifest: dict[str, Any]) -> None:
    on_air = of_type(events, "on_air")
    assert [e["sku"] for e in on_air] == manifest["rundown"]
    assert on_air[0]["t_ms"] <= 2000
    gaps = [b["t_ms"] - a["t_ms"] for a, b in pairwise(on_air)]
    assert all(15_000 <= g <= 30_000 for g in gaps), gaps


def test_comments_have_unique_ids_and_valid_gold_labels(events: list[dict[str, Any]]) -> None:
    comments = of_type(events, "comment")
    assert 600 <= len(comments) <= 900
    ids = [c["id"] for c in comments]
    assert len(ids) == len(set(ids))
    for c in comments:
        assert c["text"].strip() and c["user"].strip(), c
        assert c["platform"] in {"douyin", "tiktok"}, c
        assert c["gold"]["intent"] in INTENTS, c
        assert c["gold"]["sentiment"] in SENTIMENTS, c


def test_comment_mix_is_realistic(events: list[dict[str, Any]]) -> None:
    comments = of_type(events, "comment")
    intents = Counter(c["gold"]["intent"] for c in comments)
    assert set(intents) == INTENTS
    assert all(n >= 20 for n in intents.values()), intents
    douyin = sum(c["platform"] == "douyin" for c in comments) / len(comments)
    assert 0.6 <= douyin <= 0.8
    users = Counter(c["user"] for c in comments)
    assert len(users) >= 200, "expected a few hundred distinct viewers"
    assert sum(n >= 5 for n in users.values()) >= 10, "expected regulars who comment often"


def test_viewers_ask_for_the_next_product_before_it_is_on_air(
    events: list[dict[str, Any]], products: dict[str, dict[str, Any]], manifest: dict[str, Any]
) -> None:
    """The "pitch next" recommender ranks by demand for products not on air: the demo needs some."""
    comments = of_type(events, "comment")
    platforms: set[str] = set()
    for switch in of_type(events, "on_air")[1:]:
        p = products[switch["sku"]]
        link = f"{manifest['rundown'].index(p['sku']) + 1}号"
        names = [n.lower() for n in (p["name_zh"], p["name_en"], *p["aliases"])]
        asks = [
            c
            for c in comments
            if switch["t_ms"] - 60_000 <= c["t_ms"] < switch["t_ms"]
            and (link in c["text"] or any(n in c["text"].lower() for n in names))
        ]
        assert len(asks) >= 3, (p["sku"], [c["text"] for c in asks])
        assert {c["gold"]["intent"] for c in asks} <= {"question", "purchase"}, p["sku"]
        platforms |= {c["platform"] for c in asks}
    assert platforms == {"douyin", "tiktok"}


def test_bot_floods_repeat_one_text_from_several_accounts(events: list[dict[str, Any]]) -> None:
    by_text: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in of_type(events, "comment"):
        if c["gold"]["intent"] == "spam":
            by_text[c["text"]].append(c)

    def is_flood(group: list[dict[str, Any]]) -> bool:
        """Three or more accounts posting this text within 5 seconds."""
        return any(
            len({c["user"] for c in group if first["t_ms"] <= c["t_ms"] <= first["t_ms"] + 5000})
            >= 3
            for first in group
        )

    assert sum(is_flood(group) for group in by_text.values()) >= 3


def test_viewer_counts_are_cumulative(events: list[dict[str, Any]]) -> None:
    samples = of_type(events, "viewers")
    assert len(samples) >= 30
    for prev, cur in pairwise(samples):
        assert cur["pv"] >= prev["pv"] and cur["uv"] >= prev["uv"], cur
    for s in samples:
        assert s["pv"] >= s["uv"] >= s["online"] > 0, s
    assert samples[-1]["online"] > 3 * samples[0]["online"], "audience should ramp up"


def test_orders_match_prices_and_stock(
    events: list[dict[str, Any]], products: dict[str, dict[str, Any]]
) -> None:
    orders = of_type(events, "order")
    assert 60 <= len(orders) <= 100
    assert len({o["id"] for o in orders}) == len(orders)
    sold: Counter[str] = Counter()
    for o in orders:
        assert o["qty"] >= 1
        expected = round(o["qty"] * sale_price(products[o["sku"]]), 2)
        assert o["amount"] == pytest.approx(expected, abs=0.005), o
        sold[o["sku"]] += o["qty"]
    for sku, qty in sold.items():
        assert qty <= products[sku]["stock"], sku


# --- narration --------------------------------------------------------------------------------


def test_wav_is_16k_mono_pcm16_of_session_length(manifest: dict[str, Any]) -> None:
    with wave.open(str(BUNDLE / manifest["audio"])) as wf:
        assert (wf.getframerate(), wf.getnchannels(), wf.getsampwidth()) == (16_000, 1, 2)
        assert wf.getnframes() == manifest["duration_ms"] * 16


def test_narration_lines_are_sorted_and_inside_the_audio(
    narration: list[dict[str, Any]], manifest: dict[str, Any]
) -> None:
    assert 30 <= len(narration) <= 40
    assert {line["lang"] for line in narration} == {"zh", "en"}
    zh_share = sum(line["lang"] == "zh" for line in narration) / len(narration)
    assert 0.6 <= zh_share <= 0.8
    for line in narration:
        assert 0 <= line["start_ms"] < line["end_ms"] <= manifest["duration_ms"], line
        assert line["text"].strip()
    for prev, cur in pairwise(narration):
        assert cur["start_ms"] >= prev["end_ms"], (prev, cur)


def test_narration_audio_is_where_the_lines_say(
    narration: list[dict[str, Any]], manifest: dict[str, Any]
) -> None:
    with wave.open(str(BUNDLE / manifest["audio"])) as wf:
        samples = array("h", wf.readframes(wf.getnframes()))

    def peak(start_ms: int, end_ms: int) -> int:
        chunk = samples[start_ms * 16 : end_ms * 16]
        return max((abs(v) for v in chunk), default=0)

    for line in narration:
        assert peak(line["start_ms"], line["end_ms"]) > 1000, f"silent line: {line['text']}"
    for prev, cur in pairwise(narration):
        assert peak(prev["end_ms"] + 5, cur["start_ms"] - 5) == 0, "audio between lines"


def test_narration_contains_forbidden_ad_phrases(narration: list[dict[str, Any]]) -> None:
    text = " ".join(line["text"] for line in narration).lower()
    found = {phrase for phrase in FORBIDDEN if phrase.lower() in text}
    assert len(found) >= 3, found


def test_narration_names_each_product_while_it_is_on_air(
    narration: list[dict[str, Any]],
    events: list[dict[str, Any]],
    products: dict[str, dict[str, Any]],
    manifest: dict[str, Any],
) -> None:
    on_air = of_type(events, "on_air")
    ends = [e["t_ms"] for e in on_air[1:]] + [manifest["duration_ms"]]
    for switch, end in zip(on_air, ends, strict=True):
        p = products[switch["sku"]]
        names = [p["name_zh"], p["name_en"], *p["aliases"]]
        spoken = " ".join(
            line["text"].lower() for line in narration if switch["t_ms"] <= line["start_ms"] < end
        )
        assert any(n.lower() in spoken for n in names), f"{p['sku']} is never named on air"


# --- video ------------------------------------------------------------------------------------


def test_host_video_exists_within_budget(manifest: dict[str, Any]) -> None:
    path = BUNDLE / manifest["video"]
    head = path.read_bytes()[:12]
    assert head[4:8] == b"ftyp", "host video is not an MP4"
    assert 50_000 < path.stat().st_size < 3_000_000


def test_host_video_opens_at_720p() -> None:
    cv2 = pytest.importorskip("cv2")
    cap = cv2.VideoCapture(str(BUNDLE / "host.mp4"))
    try:
        assert cap.isOpened()
        size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        assert size == (1280, 720)
        assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) >= 300
        ok, frame = cap.read()
        assert ok and frame.shape == (720, 1280, 3)
    finally:
        cap.release()


def test_bundle_stays_small() -> None:
    total = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file())
    assert total < 7_000_000, f"demo bundle is {total / 1e6:.1f} MB"
