"""``python -m app live --headless --connect douyin:URL``: the real program, a real browser.

One page is the local room, the other unreachable: the show records the room's comments
and runs on (exit 0) while the unreachable page only reports an error status.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from room_server import RoomServer
from test_bridge_browser import FIRST

from app.bench.bridge import run as bench_run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def room() -> Iterator[RoomServer]:
    server = RoomServer([FIRST]).start()
    yield server
    server.stop()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_live_headless_with_bridge_connectors(room: RoomServer) -> None:
    env = {**os.environ, "ANCHORDESK_BRIDGE_HEADLESS": "1", "ANCHORDESK_NO_FIRST_RUN": "1"}
    command = [
        sys.executable, "-m", "app", "live", "--headless", "--seconds", "15", "--json",
        "--camera", "off",
        "--connect", f"douyin:{room.url}",
        "--connect", "tiktok:http://127.0.0.1:9/live",
    ]  # fmt: skip
    done = subprocess.run(
        command, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=90
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "ended"
    assert result["comments"] == 3  # ids 1, 2 and 4 of the room's first frames


def test_bench_bridge_decodes_every_message() -> None:
    result = bench_run(n_frames=40, per_frame=5)
    assert result["decode_errors"] == 0
    assert result["events_published"] == 200
    assert result["decode_messages_per_s"] > 0
