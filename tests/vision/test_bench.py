"""``bench vision`` runs end to end and reports every figure (values are not timed here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def test_bench_vision_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "vision", "--frames", "4", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["frames"] == 4 and result["size"] == "1280x720"
    assert result["face_found_share"] == 1.0
    assert {"face", "segmentation", "background", "lipstick", "card"} <= set(result["stages"])
    assert result["raw_face_mesh"]["median_ms"] > 0
    assert result["cpu_ms_per_frame"] > 0
    assert result["overhead_ratio"] > 0 and result["without_blur"]["overhead_ratio"] > 0
    assert result["sequential"]["overhead_ratio"] > 0  # the same work without the helper
    assert 0.0 <= result["mask_reused_share"] <= 0.67  # at most two frames in three
    assert result["jitter"]["still_frames"] == 90
    assert result["jitter"]["smoothed_px"] < result["jitter"]["raw_px"]


def test_bench_vision_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    assert main(["bench", "vision", "--input", str(bad)]) == 1
    assert "cannot decode any frame" in capsys.readouterr().err
