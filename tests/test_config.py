"""Settings: defaults, precedence, versioned file, bad values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config import SETTINGS_VERSION, Settings, load_config


def test_defaults_live_in_the_redirected_dirs(tmp_path: Path) -> None:
    cfg = load_config()
    assert "user" in str(cfg.data_dir)  # the autouse fixture's tmp dir
    assert cfg.db_url == f"sqlite:///{(cfg.data_dir / 'anchordesk.db').as_posix()}"
    assert cfg.settings == Settings()


def test_command_line_beats_environment_beats_file(tmp_path: Path, monkeypatch) -> None:
    cfg = load_config()
    cfg.settings.db_url = "sqlite:///from-file.db"
    cfg.save()
    assert load_config().db_url == "sqlite:///from-file.db"
    monkeypatch.setenv("ANCHORDESK_DB", "sqlite:///from-env.db")
    assert load_config().db_url == "sqlite:///from-env.db"
    assert load_config(db_url="sqlite:///from-cli.db").db_url == "sqlite:///from-cli.db"
    assert load_config(data_dir=tmp_path / "d").data_dir == (tmp_path / "d").resolve()


def test_saved_file_is_versioned(tmp_path: Path) -> None:
    cfg = load_config()
    cfg.settings.demo_speed = 2.5
    cfg.save()
    raw = json.loads(cfg.settings_file.read_text(encoding="utf-8"))
    assert raw["version"] == SETTINGS_VERSION
    assert load_config().settings.demo_speed == 2.5


@pytest.mark.parametrize("content", ["{broken", "[1, 2]", '{"demo_speed": "fast"}'])
def test_bad_settings_fall_back_to_defaults(content: str, caplog) -> None:
    cfg = load_config()
    cfg.config_dir.mkdir(parents=True, exist_ok=True)
    cfg.settings_file.write_text(content, encoding="utf-8")
    assert load_config().settings.demo_speed == 1.0
    assert caplog.records, "the problem is logged"


def test_every_setting_has_a_title() -> None:
    titles = Settings.titles()
    assert set(titles) == set(Settings.__dataclass_fields__)
    assert all(t and t != name for name, t in titles.items())
