"""The live show end to end, assembled as ``python -m app`` and ``python -m app live`` do.

Catalog import and the show plan go through the real command line; the live session is
built by the session builder (``app.live.builder.build_live``, what both commands call)
with a still image as the camera (no camera here), the ingest server on a free port, and
comments and orders posted over HTTP with the install's token, as a platform bridge does.
The headless contract is checked on the real program in a subprocess.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from app.analytics.export import html_report
from app.analytics.review import load_review
from app.cli import main
from app.commerce.plans import get_plan
from app.config import Config
from app.live.builder import build_live
from app.paths import DEMO_BUNDLE
from app.server.client import free_port, post_events
from app.server.token import load_or_create_token
from app.session.engine import SessionEngine
from app.session.events import AlertEvent, FrameEvent, SourceStatusEvent
from app.store.db import Store
from app.store.models import Alert, LiveSession, Order, Product, QueueItem

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
LIP_TRYON = json.dumps({"kind": "lipstick", "color": "#c2185b", "opacity": 0.8})
CATALOG = [
    ["sku", "name_zh", "name_en", "price", "promo_price", "stock", "keywords", "tryon"],
    ["LIP-001", "丝绒口红", "Velvet Lipstick", "129", "89", "50", "口红;lipstick", LIP_TRYON],
    ["SUN-002", "猫眼墨镜", "Cat-Eye Sunglasses", "199", "", "8", "墨镜", ""],
    ["NUT-003", "每日坚果", "Daily Nuts", "59.9", "39.9", "300", "坚果", ""],
]


def _catalog_csv(folder: Path) -> Path:
    path = folder / "catalog.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(CATALOG)
    return path


def _still_camera(folder: Path) -> Path:
    """A real frame of the demo host, decoded from the bundled video, as the camera."""
    import cv2

    cap = cv2.VideoCapture(str(DEMO_BUNDLE / "host.mp4"))
    cap.set(cv2.CAP_PROP_POS_FRAMES, 15)
    ok, frame = cap.read()
    cap.release()
    assert ok
    path = folder / "camera.png"
    assert cv2.imwrite(str(path), frame)
    return path


def _cli_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    assert main(args) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def post(url: str, token: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """Post events a bridge would send; the server's answer (a refusal fails the test)."""
    status, answer = post_events(url, token, events, timeout=10)
    assert status == 200, answer
    return answer


def _wait_for_server(engine: SessionEngine) -> str:
    ready = threading.Event()
    engine.bus.subscribe(
        lambda e: ready.set() if e.source == "server" and e.state == "ok" else None,
        (SourceStatusEvent,),
    )
    if engine.health().get("server") is None or engine.health()["server"].state != "ok":
        assert ready.wait(15), engine.health()
    assert engine.server is not None and engine.server.info is not None
    return engine.server.info.events_url


def _wait(predicate: Any, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


EVENTS = [
    {"type": "viewers", "online": 1200, "pv": 3400},
    {"type": "comment", "id": "c1", "platform": "douyin", "user": "果冻", "text": "口红黄皮能用吗"},
    {"type": "comment", "id": "c2", "platform": "douyin", "user": "amy", "text": "link please"},
    {"type": "comment", "id": "c3", "platform": "tiktok", "user": "bo", "text": "这个墨镜多少钱"},
    {"type": "order", "id": "o1", "platform": "douyin", "sku": "LIP-001", "qty": 2, "amount": 178},
    {"type": "order", "id": "o2", "platform": "douyin", "sku": "SUN-002", "qty": 1, "amount": 199},
]


def test_a_planned_show_runs_live_and_review_names_it(
    config: Config, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The catalog and the plan, through the command line.
    assert main(["products", "import", str(_catalog_csv(tmp_path))]) == 0
    planned = _cli_json(
        [
            "show", "plan", "--title", "周二夜场 Tuesday picks", "--host", "小鹿",
            "--platform", "douyin", "--products", "LIP-001,SUN-002,NUT-003", "--json",
        ],
        capsys,
    )  # fmt: skip
    assert planned["products"] == ["LIP-001", "SUN-002", "NUT-003"]
    # The nuts leave the catalog after planning: the show must go on without them.
    with store.sessions.begin() as s:
        s.execute(delete(Product).where(Product.sku == "NUT-003"))
    config.settings.server_port = free_port()
    config.settings.record_audio = False
    config.save()

    plan = get_plan(store, planned["show_id"])
    engine = build_live(config, store, plan, camera=str(_still_camera(tmp_path)), microphone=False)
    frames: list[Any] = []
    alerts: list[AlertEvent] = []
    engine.bus.subscribe(lambda e: frames.append(e.image), (FrameEvent,))
    engine.bus.subscribe(alerts.append, (AlertEvent,))
    assert engine.rundown == ["LIP-001", "SUN-002"]  # queue ready before going live
    try:
        engine.start()
        url = _wait_for_server(engine)
        token = load_or_create_token(config.config_dir)
        engine.switch_product("LIP-001")  # the operator's Put on air
        answer = post(url, token, EVENTS)
        assert answer["accepted"] == len(EVENTS)
        assert post(url, token, EVENTS[4:5])["duplicates"] == [0]  # a bridge's retry
        # The catalog is emptied while on air (another laptop, a re-import): the show goes on.
        with store.sessions.begin() as s:
            s.execute(delete(Product))
        late = {"type": "order", "id": "o3", "platform": "douyin", "sku": "LIP-001", "qty": 1,
                "amount": 89}  # fmt: skip
        assert post(url, token, [late])["accepted"] == 1
        _wait(lambda: engine.kpis.snapshot().orders == 3)
        vision = engine.vision
        assert vision is not None
        _wait(lambda: vision.processed >= 3 and vision.compositor.product is not None)
        assert vision.compositor.product.sku == "LIP-001"
        kpis = engine.kpis.snapshot()
        assert kpis.gmv == pytest.approx(466.0)
        assert kpis.viewers_online == 1200
        state = engine.show.snapshot()
        assert state.on_air == "LIP-001" and state.stock["LIP-001"] == 47
    finally:
        engine.stop()
    sid = engine.session_id
    assert sid is not None

    # The on-air product was drawn on the program picture (lips, card): not the raw camera.
    import cv2

    raw = cv2.imread(str(tmp_path / "camera.png"))
    assert frames and all(f.shape == raw.shape for f in frames)
    assert max(float(cv2.absdiff(f, raw).mean()) for f in frames) > 0.05

    with store.sessions() as s:
        row = s.get(LiveSession, sid)
        assert row is not None
        assert (row.title, row.host, row.platform) == ("周二夜场 Tuesday picks", "小鹿", "douyin")
        assert row.show_id == planned["show_id"] and row.status == "ended"
        queue = s.scalars(
            select(QueueItem.sku).where(QueueItem.session_id == sid).order_by(QueueItem.position)
        ).all()
        assert queue == ["LIP-001", "SUN-002"]
        rows = s.execute(select(Order.order_id, Order.sku).where(Order.session_id == sid))
        orders = dict(rows.all())
        assert orders == {"o1": "LIP-001", "o2": "SUN-002", "o3": "LIP-001"}
        texts = s.scalars(select(Alert.text).where(Alert.session_id == sid)).all()
    assert any("NUT-003" in t and "Not in the catalog" in t for t in texts)

    review = load_review(store, sid)
    assert review.session.title == "周二夜场 Tuesday picks" and review.session.host == "小鹿"
    assert review.totals.orders == 3 and review.totals.comments == 3
    report = html_report(review)
    assert "周二夜场 Tuesday picks" in report and "小鹿" in report


def _run(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_headless_live_command_contract(config: Config, tmp_path: Path) -> None:
    """``show plan`` then ``live --headless --show N``: the real program, events posted while
    it runs, one JSON object at the end."""
    env = {**os.environ, "ANCHORDESK_NO_FIRST_RUN": "1", "QT_QPA_PLATFORM": "offscreen"}
    port = free_port()
    config.settings.server_port = port
    config.settings.record_audio = False
    config.save()
    _run(["products", "import", str(_catalog_csv(tmp_path))], env)
    planned = json.loads(
        _run(
            [
                "show", "plan", "--title", "Night picks", "--host", "Amy", "--platform",
                "tiktok", "--products", "SUN-002,LIP-001", "--json",
            ],
            env,
        )
    )  # fmt: skip
    token = load_or_create_token(config.config_dir)
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "app", "live", "--headless", "--show",
            str(planned["show_id"]), "--seconds", "6", "--camera", "off", "--json",
        ],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/api/events"
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = post(url, token, EVENTS)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
                time.sleep(0.1)
        assert answer["accepted"] == len(EVENTS)
        out, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["title"] == "Night picks" and result["host"] == "Amy"
    assert result["platform"] == "tiktok" and result["show_id"] == planned["show_id"]
    assert result["products_in_queue"] == ["SUN-002", "LIP-001"]
    assert result["on_air"] is None
    assert (result["comments"], result["orders"]) == (3, 2)
    assert result["gmv"] == pytest.approx(377.0)
    assert result["status"] == "ended"

    # No --show: the catalog's products make the rundown, never an empty queue.
    adhoc = json.loads(
        _run(["live", "--headless", "--seconds", "1", "--camera", "off", "--json"], env)
    )
    assert adhoc["products_in_queue"] == ["LIP-001", "NUT-003", "SUN-002"]  # catalog order
    listed = [json.loads(line) for line in _run(["show", "list", "--json"], env).splitlines()]
    assert [p["show_id"] for p in listed] == [planned["show_id"]]
    sessions = [json.loads(line) for line in _run(["sessions", "list", "--json"], env).splitlines()]
    assert {s["title"] for s in sessions} >= {"Night picks"}


def test_a_bad_show_id_is_one_line(config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["live", "--headless", "--show", "99", "--seconds", "1", "--camera", "off"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "show list" in err and "Traceback" not in err
