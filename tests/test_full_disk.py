"""A show recorded onto a disk that fills up tells the truth at the end.

A real 2 MB tmpfs is the data folder of the real program (``python -m app live
--headless``); comments are posted until it is full. The run must not end with exit 0 and
"ended" while events are missing: it says what was not saved, in one line, and exits 1.
Mounting needs root (as CI runs); elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.server.client import free_port, post_events
from app.server.token import load_or_create_token

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_not_reported_as_a_saved_show(small_disk: Path, tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    port = free_port()
    (config_dir / "settings.json").write_text(
        json.dumps({"server_port": port, "record_audio": False, "record_video": False}),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "ANCHORDESK_CONFIG_DIR": str(config_dir),
        "ANCHORDESK_DATA_DIR": str(small_disk),
        "ANCHORDESK_NO_FIRST_RUN": "1",
    }
    token = load_or_create_token(config_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "live", "--headless", "--seconds", "6", "--camera", "off",
         "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/api/events"
        deadline = time.monotonic() + 30
        while True:
            try:
                post_events(url, token, [])
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        text = "这支口红适合黄皮吗？想看试色，链接在哪里 " * 4
        for batch in range(60):  # ~30,000 comments: far more than 2 MB can hold
            events = [
                {"type": "comment", "id": f"c{batch}-{i}", "platform": "douyin",
                 "user": f"viewer{i}", "text": text}
                for i in range(500)
            ]  # fmt: skip
            post_events(url, token, events)
        out, err = proc.communicate(timeout=90)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    assert proc.returncode == 1, (out, err)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] in ("not saved", "ended with losses")
    assert result["problem"]
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: session ") and result["status"] in last
    assert "Traceback" not in err
