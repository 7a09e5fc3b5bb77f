"""``bench vision --recording-only`` runs the real recorder and reports its figures."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def test_bench_vision_reports_the_recording_cost(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "vision", "--recording-only", "--frames", "10", "--json"]) == 0
    recording = json.loads(capsys.readouterr().out)["recording"]
    assert len(recording["runs"]) == 3
    for run in recording["runs"]:
        assert run["encode_ms_per_frame"] > 0 and run["cpu_ms_per_frame"] > 0
        assert run["mb_per_hour"] > 0
    assert 1_000 <= recording["cap_mb_per_hour"] <= 1_500
    assert "H.264" in recording["codec"] and "fragmented MP4" in recording["codec"]
