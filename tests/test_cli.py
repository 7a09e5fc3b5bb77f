"""The command-line contract: exit codes, JSON output, sessions list/delete."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli import main
from app.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"AnchorDesk {__version__}"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--speed", "-1"])
    assert exit_info.value.code == 2
    assert "must be greater than 0" in capsys.readouterr().err


def test_headless_demo_json_then_sessions_list(mini_bundle: Path, capsys) -> None:
    args = ["demo", "--headless", "--bundle", str(mini_bundle), "--speed", "8", "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["session_id"] == 1
    assert report["db_url"].startswith("sqlite:///")
    assert {k: report[k] for k in ("comments", "orders", "product_switches", "alerts")} == {
        "comments": 3,
        "orders": 2,
        "product_switches": 2,
        "alerts": 1,
    }
    assert report["gmv"] == 357.0

    assert main(["sessions", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(s["id"], s["status"], s["comments"], s["gmv"]) for s in listed] == [
        (1, "ended", 3, 357.0)
    ]
    assert main(["sessions", "list"]) == 0
    table = capsys.readouterr().out
    assert "Mini rehearsal" in table and "ended" in table


def test_sessions_delete(mini_bundle: Path, capsys) -> None:
    assert main(["demo", "--headless", "--bundle", str(mini_bundle), "--speed", "8"]) == 0
    assert main(["sessions", "delete", "1", "--yes"]) == 0
    assert main(["sessions", "list", "--json"]) == 0
    assert "Deleted session 1 (" in capsys.readouterr().out
    assert main(["sessions", "delete", "1"]) == 1
    assert "no session with id 1" in capsys.readouterr().err


def test_runtime_errors_are_one_line_exit_1(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--headless", "--bundle", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: not a session bundle") and err.count("\n") == 1
    assert main(["--db", "nonsense://", "sessions", "list"]) == 1
    assert "error:" in capsys.readouterr().err


def test_empty_sessions_list_says_what_to_do(capsys) -> None:
    assert main(["sessions", "list"]) == 0
    assert "python -m app demo" in capsys.readouterr().out


def test_module_entry_point_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "sessions", "list"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "No sessions recorded yet" in done.stdout


def test_cli_does_not_import_qt_or_heavy_libraries(tmp_path: Path) -> None:
    code = (
        "import sys; from app.cli import main; main(['--data-dir', sys.argv[1], 'sessions', "
        "'list']); heavy = [m for m in ('PySide6', 'cv2', 'mediapipe', 'pandas', 'vosk', "
        "'sklearn') if m in sys.modules]; print('HEAVY:' + ','.join(heavy))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_bench_store_reports_both_rates(capsys) -> None:
    assert main(["bench", "store", "--rows", "2000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rows"] == 2000
    assert result["recorder_rows_per_s"] > 0 and result["raw_sqlite3_rows_per_s"] > 0
    ratio = result["recorder_rows_per_s"] / result["raw_sqlite3_rows_per_s"]
    assert result["recorder_vs_raw"] == pytest.approx(ratio, rel=0.01, abs=0.0006)  # 3 decimals


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("postgresql+psycopg://x:secret@127.0.0.1:1/none", "cannot open database"),
        ("nope://", "unsupported database URL nope://"),
        ("nope", "invalid database URL 'nope'"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line(db: str, expected: str, capsys) -> None:
    assert main(["--db", db, "sessions", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {expected}") and err.count("\n") == 1, err
    assert "Traceback" not in err and "secret" not in err


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["--data-dir", str(blocker / "data"), "sessions", "list"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith(f"error: cannot use the data folder {blocker / 'data'}"), err


@pytest.mark.parametrize(
    "content",
    ['{"version": "abc"}', "null", '{"server_port": Infinity}', "[" * 100_000 + "]" * 100_000],
)
def test_a_broken_settings_file_never_stops_a_command(content: str, capsys) -> None:
    settings_file = load_config().settings_file
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text(content, encoding="utf-8")
    assert main(["sessions", "list"]) == 0
    captured = capsys.readouterr()
    assert "No sessions recorded yet" in captured.out
    warnings = [line for line in captured.err.splitlines() if "app.config" in line]
    assert len(warnings) == 1, captured.err  # once, through the configured log


def test_subprocess_start_with_a_broken_settings_file(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "settings.json").write_text('{"record_video": "false"}', encoding="utf-8")
    env = {**os.environ, "ANCHORDESK_CONFIG_DIR": str(config_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "d"), "sessions", "list"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("setting record_video") == 1, done.stderr
    assert "Traceback" not in done.stderr
