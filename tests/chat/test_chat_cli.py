"""``python -m app classify``: the JSON-lines contract, exit codes, no sklearn at run time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys, app.cli as c; rc = c.main(sys.argv[1:]); "
        "heavy = [m for m in ('sklearn', 'PySide6', 'pandas') if m in sys.modules]; "
        "print('HEAVY', heavy, file=sys.stderr); sys.exit(rc)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "classify", *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )


def test_classify_json_contract() -> None:
    result = _run(
        "多少钱\n\nlink please!!\n发货太慢了，客服不回\n加vx fuli666 领福利\n👍\n", "--json"
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(r) for r in rows] == [["text", "lang", "sentiment", "intent", "spam"]] * 5
    assert [(r["lang"], r["intent"], r["spam"]) for r in rows] == [
        ("zh", "question", False),
        ("en", "purchase", False),
        ("zh", "complaint", False),
        ("zh", "spam", True),
        ("und", "praise", False),
    ]
    assert {r["sentiment"] for r in rows} <= {"pos", "neu", "neg"}
    assert rows[0]["sentiment"] != "neg" and rows[2]["sentiment"] == "neg"
    assert "HEAVY []" in result.stderr  # the numpy scorer needs neither sklearn nor Qt


def test_classify_plain_text_output() -> None:
    result = _run("扣1\n")
    assert result.returncode == 0
    assert result.stdout.split("\t")[:3] == ["zh", "pos", "purchase"]
