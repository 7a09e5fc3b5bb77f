"""The privacy CLI: one-line messages, exit codes, confirmation required without a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.config import Config
from app.privacy.retention import removed_texts
from app.store.db import Store
from tests.privacy.conftest import age_session


def test_retention_command(
    config: Config, store: Store, recorded: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["privacy", "retention"]) == 0
    assert "Retention is off" in capsys.readouterr().out
    age_session(store, recorded, days=10)
    assert main(["privacy", "retention", "--days", "7", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Would remove the texts of 3 comments in 1 session ")
    assert removed_texts(store, recorded) == 0
    assert main(["privacy", "retention", "--days", "30"]) == 0
    assert capsys.readouterr().out.startswith("No comment texts older than 30 days")
    assert main(["privacy", "retention", "--days", "7"]) == 0
    assert capsys.readouterr().out.startswith("Removed the texts of 3 comments")
    assert removed_texts(store, recorded) == 3
    with pytest.raises(SystemExit) as exit_info:
        main(["privacy", "retention", "--days", "-1"])
    assert exit_info.value.code == 2


def test_retention_days_setting_is_the_default(
    config: Config, store: Store, recorded: int, capsys: pytest.CaptureFixture[str]
) -> None:
    config.settings.retention_days = 5
    config.save()
    age_session(store, recorded, days=6)
    assert main(["privacy", "retention"]) == 0
    assert "Removed the texts of 3 comments" in capsys.readouterr().out


def test_sessions_delete_needs_confirmation(
    config: Config, recorded: int, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = config.recordings_dir / str(recorded)
    folder.mkdir(parents=True, exist_ok=True)
    assert main(["sessions", "delete", str(recorded)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "add --yes" in err
    assert folder.exists()
    assert main(["sessions", "delete", str(recorded), "--yes"]) == 0
    assert "Deleted session 1 (3 comments, 2 orders) and 1 recordings folder" in (
        capsys.readouterr().out
    )
    assert not folder.exists()


def test_viewers_find_export_erase(
    config: Config, recorded: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["viewers", "find", "amy", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["comments"], found["orders"], found["sessions"]) == (1, 1, [recorded])
    out = tmp_path / "amy.json"
    assert main(["viewers", "export", "amy", "--out", str(out)]) == 0
    assert "Written to" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["comments"][0]["text"] == "link please"
    assert main(["viewers", "erase", "amy"]) == 1
    assert "add --yes" in capsys.readouterr().err
    assert main(["viewers", "erase", "amy", "--yes"]) == 0
    assert "Erased viewer 'amy': 1 comments anonymised" in capsys.readouterr().out
    assert main(["viewers", "erase", "amy", "--yes"]) == 1
    assert "nothing is recorded about viewer 'amy'" in capsys.readouterr().err
    assert main(["viewers", "export", "nobody", "--out", str(tmp_path / "n.json")]) == 1
