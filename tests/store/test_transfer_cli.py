"""``python -m app store copy``: output, JSON, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.store.db import Store, open_store
from tests.store.transfer_support import START, add_products, add_session, session_ids


def test_copy_command_copies_then_skips(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_products(store)
    one = add_session(store)
    two = add_session(store, title="two", start=START + timedelta(days=1))
    target = f"sqlite:///{tmp_path / 'team.db'}"
    assert main(["store", "copy", "--to", target, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Dry run: nothing written.")
    assert "2 sessions would be copied" in out and "not copied" in out  # recordings note
    assert not (tmp_path / "team.db").exists()

    assert main(["store", "copy", "--to", target, "--session", str(two)]) == 0
    assert 'session 2 "two": copied (46 rows)' in capsys.readouterr().out
    assert main(["store", "copy", "--to", target, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(s["id"], s["outcome"]) for s in data["sessions"]] == [
        (one, "copied"),
        (two, "skipped"),
    ]
    assert data["products"] == {"copied": 0, "skipped": 2}
    assert "not copied" in data["recordings"]
    copied = open_store(target)
    assert session_ids(copied) == [one, two]
    copied.close()


def test_copy_from_another_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source_url = f"sqlite:///{tmp_path / 'laptop.db'}"
    laptop = open_store(source_url)
    add_session(laptop)
    laptop.close()
    target = f"sqlite:///{tmp_path / 'team.db'}"
    assert main(["store", "copy", "--from", source_url, "--to", target]) == 0
    assert "1 sessions copied" in capsys.readouterr().out
    nowhere = f"sqlite:///{tmp_path / 'none.db'}"
    assert main(["store", "copy", "--from", nowhere, "--to", target]) == 1
    assert capsys.readouterr().err == (
        f"error: there is no database at {tmp_path / 'none.db'} to copy from\n"
    )
    assert not (tmp_path / "none.db").exists()


def test_refused_session_and_bad_input_exit_1_with_one_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_session(store)
    now = datetime.now(UTC)
    live = add_session(store, status="live", owner_pid=os.getpid(), start=now, heartbeat=now)
    target = f"sqlite:///{tmp_path / 'team.db'}"
    assert main(["store", "copy", "--to", target]) == 1
    captured = capsys.readouterr()
    assert f"session {live} " in captured.out and "refused: still recording" in captured.out
    assert captured.err == f"error: 1 of 2 sessions were not copied ({live}): see the lines above\n"

    for argv, message in [
        (["--to", store.url], "error: the source and the target are the same database"),
        (["--to", "postgresql://nobody@127.0.0.1:1/x"], "error: target: cannot open database"),
        (["--to", target, "--session", "42"], "error: no session 42 in the source"),
    ]:
        assert main(["store", "copy", *argv]) == 1
        err = capsys.readouterr().err
        assert err.startswith(message) and err.count("\n") == 1, err
    with pytest.raises(SystemExit) as exit_info:
        main(["store", "copy"])
    assert exit_info.value.code == 2
