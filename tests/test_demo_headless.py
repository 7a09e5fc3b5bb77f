"""The shipped demo, headless, end to end: what is recorded matches the bundle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import DEMO_BUNDLE
from app.speech.compliance import ComplianceScanner, Lexicon

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 40


def _expected(until_ms: int) -> dict[str, float]:
    events = [
        json.loads(line)
        for line in (DEMO_BUNDLE / "events.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    before = [e for e in events if e["t_ms"] < until_ms]
    narration = [
        json.loads(line)
        for line in (DEMO_BUNDLE / "narration.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    spoken = [n for n in narration if n["end_ms"] < until_ms]
    scanner = ComplianceScanner(Lexicon.load())
    return {
        "comments": sum(e["type"] == "comment" for e in before),
        "orders": sum(e["type"] == "order" for e in before),
        "product_switches": sum(e["type"] == "on_air" for e in before),
        "transcript_segments": len(spoken),
        "alerts": sum(bool(scanner.scan(n["text"])) for n in spoken),
        "gmv": round(sum(e["amount"] for e in before if e["type"] == "order"), 2),
    }


@pytest.mark.slow
def test_headless_demo_counts_match_the_bundle(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(tmp_path),
            "demo",
            "--headless",
            "--seconds",
            str(SECONDS),
            "--speed",
            "10",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    expected = _expected(SECONDS * 1000)
    assert {k: report[k] for k in expected} == expected
    assert expected["comments"] > 50 and expected["orders"] > 0 and expected["alerts"] > 0
    assert report["frames"] > 0
    assert report["status"] == "ended"
    assert report["db_url"] == f"sqlite:///{(tmp_path / 'anchordesk.db').resolve().as_posix()}"
