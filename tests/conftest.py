"""Suite-wide fixtures: offscreen Qt, user dirs redirected to tmp, leaked-thread check."""

from __future__ import annotations

import faulthandler
import json
import math
import os
import sys
import threading
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.config import Config, load_config
from app.store.db import Store, open_store

APP_THREAD_PREFIXES = (
    "source-",
    "store-writer",
    "triage",
    "vision-",
    "speech-",
    "recommend",
    "run-of-show",
    "catalog-save",
    "show-",
    "giveaway",
    "disk-guard",
)


#: A test still running after this long is stuck: pytest-timeout (120 s) ends a test stuck
#: in Python, but not one blocked inside a C call that holds the GIL (a Qt Multimedia
#: teardown once did), whose timer thread never gets to run. faulthandler's watchdog is a C
#: thread: it prints every stack and exits, so CI fails in minutes instead of hanging.
HANG_EXIT_S = 300


_real_stderr: list[object] = []


def pytest_configure(config: pytest.Config) -> None:
    # a copy of the terminal's stderr taken before any test's output capture, like
    # pytest's own faulthandler plugin, so the stacks reach the CI log
    _real_stderr.append(os.fdopen(os.dup(sys.stderr.fileno()), "w"))


@pytest.fixture(autouse=True)
def _hang_watchdog() -> Iterator[None]:
    seconds = float(os.environ.get("ANCHORDESK_TEST_HANG_S", HANG_EXIT_S))
    faulthandler.dump_traceback_later(seconds, exit=True, file=_real_stderr[0])
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read or write the real user's settings, data or database (STYLE 8)."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("ANCHORDESK_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("ANCHORDESK_DATA_DIR", str(base / "data"))
    monkeypatch.delenv("ANCHORDESK_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a source or writer thread running."""
    before = set(threading.enumerate())
    yield
    leaked = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and t.name.startswith(APP_THREAD_PREFIXES)
    ]
    for t in leaked:
        t.join(timeout=2.0)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running: {still}"


@pytest.fixture
def config() -> Config:
    cfg = load_config()
    cfg.ensure_dirs()
    return cfg


@pytest.fixture
def store(config: Config) -> Iterator[Store]:
    s = open_store(config.db_url)
    yield s
    s.close()


# -- a small, hand-checkable session bundle ------------------------------------------------
MINI_PRODUCTS = [
    {
        "sku": "A-1",
        "name_zh": "口红",
        "name_en": "Lipstick",
        "price": 99.0,
        "promo_price": 79.0,
        "stock": 10,
        "aliases": ["口红"],
        "tryon": {"kind": "lipstick", "color": "#aa0033"},
    },
    {"sku": "B-2", "name_zh": "墨镜", "name_en": "Sunglasses", "price": 199.0, "stock": 5},
]
MINI_EVENTS = [
    {"t_ms": 0, "type": "on_air", "sku": "A-1"},
    {"t_ms": 100, "type": "viewers", "online": 120, "pv": 300, "uv": 200},
    {
        "t_ms": 200,
        "type": "comment",
        "id": "c1",
        "platform": "douyin",
        "user": "小鹿",
        "text": "这个口红显白吗？",
    },
    {"t_ms": 300, "type": "like", "count": 7},
    {
        "t_ms": 400,
        "type": "comment",
        "id": "c2",
        "platform": "tiktok",
        "user": "amy",
        "text": "link please",
    },
    {
        "t_ms": 500,
        "type": "order",
        "id": "o1",
        "sku": "A-1",
        "qty": 2,
        "amount": 158.0,
        "user": "amy",
    },
    {"t_ms": 600, "type": "follow", "user": "bob"},
    {"t_ms": 700, "type": "gift", "user": "bob", "gift": "rose", "count": 3, "value": 0.1},
    {"t_ms": 900, "type": "on_air", "sku": "B-2"},
    {
        "t_ms": 1000,
        "type": "comment",
        "id": "c3",
        "platform": "douyin",
        "user": "小鹿",
        "text": "墨镜多少钱",
    },
    {"t_ms": 1100, "type": "order", "id": "o2", "sku": "B-2", "qty": 1, "amount": 199.0},
    {"t_ms": 1500, "type": "viewers", "online": 150, "pv": 420, "uv": 260},
]
#: Neither line names a product: whether a mention alert fires would depend on which source
#: thread publishes first (the narration and the product switch share a timestamp).
MINI_NARRATION = [
    {"start_ms": 0, "end_ms": 400, "lang": "zh", "text": "大家好，今天全场全网最低价"},
    {"start_ms": 800, "end_ms": 1200, "lang": "en", "text": "These look great on you"},
]
MINI_DURATION_MS = 1600


def _write_wav(path: Path, duration_ms: int, rate: int = 16000) -> None:
    n = rate * duration_ms // 1000
    frames = b"".join(
        int(8000 * math.sin(2 * math.pi * 440 * i / rate)).to_bytes(2, "little", signed=True)
        for i in range(n)
    )
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


def _write_video(path: Path, seconds: float, fps: int = 10) -> None:
    import numpy as np

    from app.vision.cv import import_cv2

    cv2 = import_cv2()
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (160, 120))
    for i in range(int(seconds * fps)):
        frame = np.full((120, 160, 3), (i * 7) % 255, dtype=np.uint8)
        writer.write(frame)
    writer.release()


def write_mini_bundle(root: Path, *, video: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": 1,
        "title": "Mini rehearsal",
        "platform": "douyin",
        "host": "Test host",
        "duration_ms": MINI_DURATION_MS,
        "events": "events.jsonl",
        "products": "products.json",
        "narration": "narration.jsonl",
        "audio": "narration.wav",
        "rundown": ["A-1", "B-2"],
    }
    if video:
        _write_video(root / "host.mp4", MINI_DURATION_MS / 1000)
        manifest["video"] = "host.mp4"
    (root / "session.json").write_text(json.dumps(manifest), encoding="utf-8")
    (root / "products.json").write_text(json.dumps(MINI_PRODUCTS, ensure_ascii=False), "utf-8")
    lines = [json.dumps(e, ensure_ascii=False) for e in MINI_EVENTS]
    (root / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    narr = [json.dumps(n, ensure_ascii=False) for n in MINI_NARRATION]
    (root / "narration.jsonl").write_text("\n".join(narr) + "\n", encoding="utf-8")
    _write_wav(root / "narration.wav", MINI_DURATION_MS)
    return root


@pytest.fixture
def mini_bundle(tmp_path: Path) -> Path:
    return write_mini_bundle(tmp_path / "bundle")
