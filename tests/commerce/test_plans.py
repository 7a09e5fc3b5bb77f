"""Show plans: stored, edited, listed, reused and resolved against the catalog."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text, update

from app.commerce.catalog import ProductInfo
from app.commerce.plans import (
    FLASH_MAX_S,
    FLASH_MIN_S,
    PLATFORMS,
    PlanError,
    PlanItem,
    ShowPlan,
    adhoc_plan,
    delete_plan,
    duplicate_plan,
    get_plan,
    last_plan,
    list_plans,
    resolve_plan,
    save_plan,
    validate_plan,
)
from app.errors import UserError, user_message
from app.store.db import Store, create_db_engine, migrate
from app.store.models import LiveSession, ShowPlanItem
from app.store.models import ShowPlan as ShowPlanRow

CATALOG = [
    ProductInfo("A-1", "口红", "Lipstick", 99.0, promo_price=79.0, stock=10),
    ProductInfo("B-2", "墨镜", "Sunglasses", 199.0, stock=5),
    ProductInfo("C-3", "帽子", "Hat", 59.0),
]
NOW = datetime.now(UTC).replace(microsecond=0)


def _plan(**changes) -> ShowPlan:
    base = ShowPlan(
        id=None,
        title="双十一美妆专场",
        host="小鹿",
        platforms=("douyin", "tiktok"),
        planned_start=NOW + timedelta(days=1),
        items=(
            PlanItem(
                "A-1",
                live_price=69.0,
                flash_price=59.0,
                flash_seconds=60,
                talking_points="显白，不沾杯",
            ),
            PlanItem("B-2"),
        ),
        notes="开场先抽奖",
    )
    return ShowPlan(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **changes})


def _session(store: Store, show_id: int | None, started: datetime) -> int:
    with store.sessions.begin() as s:
        row = LiveSession(title="s", started_at=started, notes="", show_id=show_id)
        s.add(row)
        s.flush()
        return row.id


# -- the values ---------------------------------------------------------------------------
def test_plan_value_helpers() -> None:
    plan = _plan()
    assert plan.skus == ["A-1", "B-2"]
    assert plan.platform == "douyin,tiktok"
    assert ShowPlan(id=None, title="t").platform == ""
    assert plan.item("A-1") == plan.items[0]
    assert plan.item("nope") is None
    assert (FLASH_MIN_S, FLASH_MAX_S) == (10, 300)
    assert "douyin" in PLATFORMS and "other" in PLATFORMS


def test_plan_error_is_a_one_line_user_error() -> None:
    err = PlanError("no show plan #3: `python -m app show list` shows the plans")
    assert isinstance(err, UserError) and isinstance(err, ValueError)
    assert user_message(err) == str(err)


# -- validation -----------------------------------------------------------------------------
def test_a_good_plan_has_no_problems() -> None:
    assert validate_plan(_plan()) == []
    assert validate_plan(ShowPlan(id=None, title="空计划")) == []  # no products yet is fine


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": "  "}, "The show needs a title."),
        ({"title": "长" * 201}, "The title has 201 characters; shorten it to 200 at most."),
        ({"host": "h" * 101}, "The host name has 101 characters; shorten it to 100 at most."),
        ({"platforms": ("weibo",)}, "Unknown platform 'weibo': use one of douyin, tiktok,"),
        ({"platforms": ("douyin", "douyin")}, "The platform douyin is listed twice"),
        ({"planned_start": datetime(2026, 5, 1, 20, 0)}, "The planned start has no time zone"),
        ({"items": (PlanItem("A-1"), PlanItem("A-1"))}, "A-1 is in the rundown twice"),
        ({"items": (PlanItem(" "),)}, "Rundown item 1 has no SKU"),
        ({"items": (PlanItem("x" * 65),)}, "Rundown item 1 has a SKU longer than 64"),
        ({"items": (PlanItem("A-1", live_price=0),)}, "The live price of A-1 must be a number"),
        ({"items": (PlanItem("A-1", live_price=-5.0),)}, "(got -5.0)"),
        ({"items": (PlanItem("A-1", flash_price=math.nan),)}, "The flash price of A-1 must"),
        ({"items": (PlanItem("A-1", flash_price=math.inf),)}, "(got inf)"),
        ({"items": (PlanItem("A-1", flash_seconds=5),)}, "must be 10 to 300 seconds (got 5)"),
        ({"items": (PlanItem("A-1", flash_seconds=301),)}, "(got 301)"),
    ],
)
def test_validation_says_what_is_wrong(changes: dict, expected: str) -> None:
    problems = validate_plan(_plan(**changes))
    assert len(problems) == 1, problems
    assert expected in problems[0]


def test_save_refuses_an_invalid_plan_with_every_problem(store: Store) -> None:
    bad = _plan(title="", items=(PlanItem("A-1", live_price=-1), PlanItem("A-1")))
    with pytest.raises(PlanError) as caught:
        save_plan(store, bad)
    message = str(caught.value)
    assert message.startswith("cannot save the show plan: The show needs a title.")
    assert "live price of A-1" in message and "twice" in message
    assert "\n" not in message
    assert list_plans(store) == []


# -- store ------------------------------------------------------------------------------------
def test_save_and_get_round_trip_chinese_text(store: Store) -> None:
    saved = save_plan(store, _plan(title="  双十一美妆专场  "))
    assert saved.id is not None and saved.updated_at is not None
    assert saved.title == "双十一美妆专场"  # stored without the blanks
    assert saved.planned_start == NOW + timedelta(days=1)
    assert saved.planned_start.tzinfo is not None
    got = get_plan(store, saved.id)
    assert got == saved
    assert got.items[0] == PlanItem("A-1", 69.0, 59.0, 60, "显白，不沾杯")
    assert got.items[1] == PlanItem("B-2")
    assert got.notes == "开场先抽奖" and got.host == "小鹿"


def test_planned_start_in_another_zone_is_stored_as_utc(store: Store) -> None:
    beijing = timezone(timedelta(hours=8))
    saved = save_plan(store, _plan(planned_start=datetime(2026, 5, 1, 20, 0, tzinfo=beijing)))
    got = get_plan(store, saved.id)
    assert got.planned_start == datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    assert got.planned_start.utcoffset() == timedelta(0)


def test_update_replaces_the_items(store: Store) -> None:
    saved = save_plan(store, _plan())
    items = (PlanItem("C-3", talking_points="新品"), PlanItem("A-1", live_price=75))
    updated = save_plan(store, _plan(id=saved.id, title="改名了", items=items, platforms=()))
    assert updated.id == saved.id
    assert updated.updated_at >= saved.updated_at
    got = get_plan(store, saved.id)
    assert got.title == "改名了" and got.platforms == ()
    assert got.items == (PlanItem("C-3", talking_points="新品"), PlanItem("A-1", live_price=75.0))
    with store.sessions() as s:
        rows = s.execute(
            select(ShowPlanItem.sku, ShowPlanItem.position).order_by(ShowPlanItem.id)
        ).all()
    assert [tuple(r) for r in rows] == [("C-3", 0), ("A-1", 1)]  # the old rows are gone


def test_missing_plans_raise_plan_error(store: Store) -> None:
    with pytest.raises(PlanError, match=re.escape("no show plan #42: `python -m app show list`")):
        get_plan(store, 42)
    with pytest.raises(PlanError, match="no show plan #42"):
        save_plan(store, _plan(id=42))
    with pytest.raises(PlanError, match="no show plan #42"):
        duplicate_plan(store, 42)
    assert delete_plan(store, 42) is False


def test_list_puts_upcoming_shows_first_then_the_last_edited(store: Store) -> None:
    past = save_plan(store, _plan(title="past", planned_start=NOW - timedelta(days=3)))
    later = save_plan(store, _plan(title="later", planned_start=NOW + timedelta(days=2)))
    unplanned = save_plan(store, _plan(title="unplanned", planned_start=None))
    soon = save_plan(store, _plan(title="soon", planned_start=NOW + timedelta(hours=1)))
    late = save_plan(store, _plan(title="running late", planned_start=NOW - timedelta(hours=1)))
    save_plan(store, _plan(id=past.id, title="past, edited last", planned_start=past.planned_start))
    # Explicit edit times: equal clock readings (coarse clocks) must not decide the order.
    with store.sessions.begin() as s:
        for plan_id, when in ((past.id, NOW), (unplanned.id, NOW - timedelta(days=1))):
            s.execute(update(ShowPlanRow).where(ShowPlanRow.id == plan_id).values(updated_at=when))
    titles = [p.title for p in list_plans(store)]
    assert titles == ["running late", "soon", "later", "past, edited last", "unplanned"]
    assert [p.title for p in list_plans(store, limit=2)] == ["running late", "soon"]
    assert [p.title for p in list_plans(store, limit=4)][-1] == "past, edited last"
    assert list_plans(store, limit=0) == []
    listed = {p.id: p for p in list_plans(store)}
    assert listed[later.id].items == later.items  # items come along
    assert {unplanned.id, soon.id, late.id} <= set(listed)


def test_duplicate_makes_an_unscheduled_copy(store: Store) -> None:
    source = save_plan(store, _plan())
    copy = duplicate_plan(store, source.id)
    assert copy.id != source.id
    assert copy.title == "双十一美妆专场 (copy)"
    assert copy.planned_start is None
    assert copy.items == source.items and copy.platforms == source.platforms
    named = duplicate_plan(store, source.id, title="周末专场")
    assert named.title == "周末专场"
    long = save_plan(store, _plan(title="长" * 200))
    assert len(duplicate_plan(store, long.id).title) == 200  # cut to fit, suffix kept
    assert get_plan(store, source.id) == source  # the source is untouched


def test_delete_keeps_sessions_started_from_the_plan(store: Store) -> None:
    plan = save_plan(store, _plan())
    sid = _session(store, plan.id, NOW)
    assert delete_plan(store, plan.id) is True
    with store.sessions() as s:
        assert s.get(LiveSession, sid).show_id is None
        assert s.scalar(select(func.count()).select_from(ShowPlanItem)) == 0
    with pytest.raises(PlanError):
        get_plan(store, plan.id)
    assert delete_plan(store, plan.id) is False


def test_last_plan_prefers_the_latest_session_then_the_last_edit(store: Store) -> None:
    assert last_plan(store) is None
    first = save_plan(store, _plan(title="first"))
    second = save_plan(store, _plan(title="second"))
    assert last_plan(store) == second  # no session yet: the last edited
    _session(store, first.id, NOW - timedelta(days=2))
    _session(store, None, NOW - timedelta(hours=1))  # a show without a plan does not count
    assert last_plan(store) == first
    _session(store, second.id, NOW - timedelta(days=5))
    assert last_plan(store) == first  # the newest session wins, not the newest row
    delete_plan(store, first.id)
    assert last_plan(store) == second  # its plan is gone: the remaining one


# -- without the store ----------------------------------------------------------------------
def test_adhoc_plan_takes_the_products_in_order() -> None:
    plan = adhoc_plan([CATALOG[2], CATALOG[0], CATALOG[2]], host="小鹿", platforms=["douyin"])
    assert plan.id is None
    assert plan.skus == ["C-3", "A-1"]
    assert all(i.live_price is None for i in plan.items)
    assert plan.host == "小鹿" and plan.platforms == ("douyin",)
    assert re.fullmatch(r"Live show \d{4}-\d\d-\d\d \d\d:\d\d", plan.title)
    assert adhoc_plan([], title="彩排").title == "彩排"
    assert validate_plan(plan) == []


def test_resolve_applies_live_prices_and_reports_missing_skus() -> None:
    plan = _plan(
        items=(
            PlanItem("GONE-1"),
            PlanItem("B-2", live_price=149),
            PlanItem("A-1"),
            PlanItem("GONE-2"),
        )
    )
    products, missing = resolve_plan(plan, CATALOG)
    assert [p.sku for p in products] == ["B-2", "A-1"]
    assert products[0].promo_price == 149.0 and products[0].sale_price == 149.0
    assert products[0].price == 199.0  # the list price stays
    assert products[1] is CATALOG[0]  # no live price: the catalog's own product
    assert missing == ["GONE-1", "GONE-2"]
    assert resolve_plan(ShowPlan(id=None, title="t"), CATALOG) == ([], [])


# -- migration 0004 on SQLite ----------------------------------------------------------------
def test_migration_0004_adds_the_column_in_place_and_keeps_every_row(tmp_path: Path) -> None:
    """Up from 0003 and back: no live_session rebuild, so no cascade deletes its rows."""
    from alembic import command

    from app.store.db import alembic_config

    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        command.upgrade(alembic_config(engine), "0003")
        ts = datetime(2026, 1, 1, tzinfo=UTC).isoformat(" ")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO live_session (title, platform, host, mode, status, started_at,"
                    " last_t_ms, owner_host, owner_pid, owner_machine, notes)"
                    " VALUES ('旧', '', '', 'live', 'ended', :ts, 0, '', 0, '', '')"
                ),
                {"ts": ts},
            )
            for i in range(20):
                conn.execute(
                    text(
                        "INSERT INTO comment (session_id, event_id, platform, viewer, text,"
                        " spam, t_ms, ts) VALUES (1, :e, 'douyin', 'v', :t, 0, :i, :ts)"
                    ),
                    {"e": f"c{i}", "t": f"评论{i}", "i": i, "ts": ts},
                )
        migrate(engine)
        insp = inspect(engine)
        assert "ix_live_session_show_id" in {i["name"] for i in insp.get_indexes("live_session")}
        (fk,) = insp.get_foreign_keys("live_session")
        assert (fk["constrained_columns"], fk["referred_table"]) == (["show_id"], "show_plan")
        assert {"show_plan", "show_plan_item"} <= set(insp.get_table_names())
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM comment")).scalar() == 20
            assert conn.execute(text("SELECT show_id FROM live_session")).scalar() is None
            conn.execute(
                text(
                    "INSERT INTO show_plan (title, host, platforms, notes, created_at,"
                    " updated_at) VALUES ('计划', '', '[]', '', :ts, :ts)"
                ),
                {"ts": ts},
            )
            conn.execute(text("UPDATE live_session SET show_id = 1"))
        command.downgrade(alembic_config(engine), "0003")
        insp = inspect(engine)
        assert "show_plan" not in insp.get_table_names()
        assert "show_id" not in {c["name"] for c in insp.get_columns("live_session")}
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM comment")).scalar() == 20
            assert conn.execute(text("SELECT title FROM live_session")).scalar() == "旧"
        migrate(engine)  # and up again
        assert "show_plan" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
