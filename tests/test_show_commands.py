"""``python -m app show plan|list|duplicate|delete``: JSON output, one-line errors, exit codes."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

import pytest

from app import cli
from app.commerce.catalog import ProductInfo
from app.commerce.plans import get_plan, list_plans, save_plan
from app.commerce.repository import upsert_products
from app.config import Config
from app.live import show_commands
from app.store.db import Store

CATALOG = [
    ProductInfo("A-1", "口红", "Lipstick", 99.0, promo_price=79.0, stock=10),
    ProductInfo("B-2", "墨镜", "Sunglasses", 199.0, stock=5),
]


@pytest.fixture
def catalog(store: Store) -> Store:
    upsert_products(store, CATALOG)
    return store


@pytest.fixture
def main(monkeypatch: pytest.MonkeyPatch):
    """``app.cli.main`` with only the show commands registered (others are not needed)."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("app.live.show_commands",))
    return cli.main


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app")
    show_commands.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_plan_json_creates_a_stored_plan(catalog: Store, config: Config, capsys) -> None:
    args = _parse(
        [
            "show", "plan", "--title", "双十一美妆专场", "--host", "小鹿",
            "--platform", "douyin", "--platform", "TikTok,taobao",
            "--products", "B-2, A-1", "--start", "2026-11-11T20:00+08:00", "--json",
        ]
    )  # fmt: skip
    assert args.func(args, config) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == {
        "show_id": 1,
        "title": "双十一美妆专场",
        "host": "小鹿",
        "platforms": ["douyin", "tiktok", "taobao"],
        "products": ["B-2", "A-1"],
        "planned_start": "2026-11-11T12:00:00+00:00",
    }
    stored = get_plan(catalog, 1)
    assert stored.skus == ["B-2", "A-1"] and stored.platform == "douyin,tiktok,taobao"
    assert stored.items[0].live_price is None  # the catalog's price until edited


def test_plan_without_json_prints_one_line(catalog: Store, config: Config, capsys) -> None:
    args = _parse(["show", "plan", "--title", "周末场", "--products", "A-1"])
    assert args.func(args, config) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith(
        "Created show plan #1 '周末场': 1 product(s), no platform, starts not set"
    )


def test_start_without_an_offset_is_local_time(catalog: Store, config: Config) -> None:
    args = _parse(["show", "plan", "--title", "t", "--start", "2026-05-01 20:00"])
    assert args.func(args, config) == 0
    expected = datetime(2026, 5, 1, 20, 0).astimezone().astimezone(UTC)
    assert get_plan(catalog, 1).planned_start == expected


def test_unknown_skus_are_refused_in_one_line(main, catalog: Store, capsys) -> None:
    rc = main(["show", "plan", "--title", "t", "--products", "A-1,NOPE-1,A-1,NOPE-2"])
    err = capsys.readouterr().err
    assert rc == 1
    assert err == (
        "error: unknown SKU(s) NOPE-1, NOPE-2: `python -m app products list` shows the catalog\n"
    )
    assert list_plans(catalog) == []


def test_invalid_plans_are_refused_in_one_line(main, catalog: Store, capsys) -> None:
    assert main(["show", "plan", "--title", "t", "--platform", "weibo"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Unknown platform 'weibo'" in err
    assert main(["show", "plan", "--title", "t", "--products", "A-1,A-1"]) == 1
    assert "A-1 is in the rundown twice" in capsys.readouterr().err
    assert main(["show", "plan", "--title", "  "]) == 1
    assert "The show needs a title." in capsys.readouterr().err
    assert list_plans(catalog) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "plan", "--title", "t", "--start", "tomorrow"],
        ["show", "plan"],  # --title is required
        ["show", "duplicate", "abc"],
        ["show", "delete", "0"],
        ["show"],
    ],
)
def test_usage_errors_exit_2(main, argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_list_json_lines_and_table(main, catalog: Store, capsys) -> None:
    assert main(["show", "list"]) == 0
    assert "No show plans yet" in capsys.readouterr().out
    assert main(["show", "list", "--json"]) == 0
    assert capsys.readouterr().out == ""
    main(["show", "plan", "--title", "晚场", "--products", "A-1", "--start", "2099-01-01T20:00Z"])
    main(["show", "plan", "--title", "早场", "--host", "小鹿", "--platform", "douyin"])
    capsys.readouterr()
    assert main(["show", "list", "--json"]) == 0
    rows = _json_lines(capsys.readouterr().out)
    assert [r["title"] for r in rows] == ["晚场", "早场"]  # upcoming first
    assert rows[0]["products"] == ["A-1"]
    assert rows[0]["planned_start"] == "2099-01-01T20:00:00+00:00"
    assert rows[1] == {
        "show_id": 2,
        "title": "早场",
        "host": "小鹿",
        "platforms": ["douyin"],
        "products": [],
        "planned_start": None,
        "updated_at": rows[1]["updated_at"],
    }
    assert datetime.fromisoformat(rows[1]["updated_at"]).tzinfo is not None
    assert main(["show", "list"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["ID", "start", "(local)", "products", "platforms", "title"]
    assert "晚场" in table[1] and "早场" in table[2] and "(host: 小鹿)" in table[2]


def test_duplicate_and_delete(main, catalog: Store, capsys) -> None:
    main(["show", "plan", "--title", "周末", "--products", "A-1,B-2", "--start", "2099-01-01"])
    capsys.readouterr()
    assert main(["show", "duplicate", "1", "--json"]) == 0
    copy = json.loads(capsys.readouterr().out)
    assert copy["show_id"] == 2 and copy["title"] == "周末 (copy)"
    assert copy["products"] == ["A-1", "B-2"] and copy["planned_start"] is None
    assert main(["show", "duplicate", "1", "--title", "下周末"]) == 0
    assert capsys.readouterr().out.startswith("Copied to show plan #3 '下周末'")

    assert main(["show", "delete", "2"]) == 0
    assert capsys.readouterr().out == "Deleted show plan #2.\n"
    assert [p.id for p in list_plans(catalog)] == [1, 3]
    assert main(["show", "delete", "2"]) == 1
    assert capsys.readouterr().err == (
        "error: no show plan #2: `python -m app show list` shows the plans\n"
    )
    assert main(["show", "duplicate", "9"]) == 1
    assert "no show plan #9" in capsys.readouterr().err


def test_plans_saved_by_the_api_are_listed(main, catalog: Store, capsys) -> None:
    from app.commerce.plans import PlanItem, ShowPlan

    save_plan(catalog, ShowPlan(id=None, title="API", items=(PlanItem("B-2", live_price=149),)))
    assert main(["show", "list", "--json"]) == 0
    (row,) = _json_lines(capsys.readouterr().out)
    assert row["title"] == "API" and row["products"] == ["B-2"]
