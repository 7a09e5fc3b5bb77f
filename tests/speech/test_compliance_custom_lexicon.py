"""The compliance_lexicon setting: a team's own list extends or replaces the bundled one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.config import Config, Settings
from app.live.processors import FACTORIES
from app.session.bus import EventBus
from app.session.events import AlertEvent, TranscriptEvent
from app.speech.compliance import (
    ComplianceMonitor,
    ComplianceScanner,
    LexiconError,
    lexicon_for,
    monitor_for,
)

TEAM_LIST = "# our brand rules\n[forbidden]\n秒杀价\nmiracle\n[allow]\n秒杀价格表\n"


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.txt"
    path.write_text(TEAM_LIST, encoding="utf-8")
    return path


def settings_with(path: Path | str, mode: str = "extend") -> Settings:
    return dataclasses.replace(
        Settings(), compliance_lexicon=str(path), compliance_lexicon_mode=mode
    )


def test_without_a_custom_file_the_bundled_lexicon_is_used() -> None:
    scanner = ComplianceScanner(lexicon_for(Settings()))
    assert scanner.scan("今天 全网 最低价") == ["全网最低价"]
    assert scanner.scan("秒杀价 只有 今天") == []


def test_a_custom_file_extends_the_bundled_lexicon(team_file: Path) -> None:
    scanner = ComplianceScanner(lexicon_for(settings_with(team_file)))
    assert scanner.scan("秒杀价 只有 今天") == ["秒杀价"]
    assert scanner.scan("a miracle cream") == ["miracle"]
    assert scanner.scan("今天 全网 最低价") == ["全网最低价"]  # the law's list still applies
    assert scanner.scan("看 秒杀价格表") == []  # the team's allow-list too


def test_replace_mode_uses_only_the_custom_file(team_file: Path) -> None:
    scanner = ComplianceScanner(lexicon_for(settings_with(team_file, "replace")))
    assert scanner.scan("秒杀价") == ["秒杀价"]
    assert scanner.scan("今天 全网 最低价") == []


def test_a_broken_custom_file_falls_back_to_the_bundled_list_with_an_alert(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("秒杀价\n", encoding="utf-8")  # no [section]
    with pytest.raises(LexiconError, match="outside a"):
        lexicon_for(settings_with(broken))
    monitor = monitor_for(settings_with(broken))
    bus = EventBus()
    alerts: list[AlertEvent] = []
    bus.subscribe(alerts.append, (AlertEvent,))
    monitor.attach(bus)
    bus.publish(TranscriptEvent(0, 900, "全网 最低价"))
    monitor.detach()
    assert alerts[0].kind == "system"
    assert "Custom compliance lexicon ignored" in alerts[0].text
    assert alerts[1].kind == "compliance" and alerts[1].terms == ("全网最低价",)


def test_the_session_pipeline_uses_the_setting(config: Config, team_file: Path) -> None:
    config.settings.compliance_lexicon = str(team_file)
    monitor = dict(FACTORIES)["compliance"](config, [])
    assert isinstance(monitor, ComplianceMonitor)
    assert monitor.scanner.scan("秒杀价") == ["秒杀价"]
    assert monitor.notice == ""


def test_the_compliance_command_uses_the_setting(
    config: Config, team_file: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import io
    import json

    from app.cli import main

    config.settings.compliance_lexicon = str(team_file)
    config.save()
    monkeypatch.setattr("sys.stdin", io.StringIO("今天秒杀价\n秒杀价格表在这\n"))
    assert main(["compliance", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["terms"] for line in lines] == [["秒杀价"], []]
