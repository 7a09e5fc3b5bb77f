"""Show plans on a real PostgreSQL server: Chinese text, UTC times, the foreign keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import func, inspect, select

from app.commerce.plans import (
    PlanItem,
    ShowPlan,
    delete_plan,
    duplicate_plan,
    get_plan,
    last_plan,
    list_plans,
    save_plan,
)
from app.store.db import Store
from app.store.models import LiveSession, ShowPlanItem

BEIJING = timezone(timedelta(hours=8))


def test_plans_round_trip_and_delete_keeps_sessions(pg_store: Store) -> None:
    plan = ShowPlan(
        id=None,
        title="双十一美妆专场" * 20,  # 140 characters: PostgreSQL enforces VARCHAR(200)
        host="小鹿",
        platforms=("douyin", "tiktok"),
        planned_start=datetime(2099, 11, 11, 20, 0, 0, 123456, tzinfo=BEIJING),
        items=(
            PlanItem("A-1", live_price=69.9, flash_price=59.9, flash_seconds=60,
                     talking_points="显白，不沾杯"),
            PlanItem("B-2"),
        ),
        notes="开场先抽奖",
    )  # fmt: skip
    saved = save_plan(pg_store, plan)
    got = get_plan(pg_store, saved.id)
    assert got == saved
    assert got.title == plan.title and got.items == plan.items
    assert got.planned_start == datetime(2099, 11, 11, 12, 0, 0, 123456, tzinfo=UTC)
    assert got.planned_start.utcoffset() == timedelta(0)

    updated = save_plan(pg_store, ShowPlan(id=saved.id, title="改名", items=(PlanItem("C-3"),)))
    assert get_plan(pg_store, saved.id).items == updated.items == (PlanItem("C-3"),)
    copy = duplicate_plan(pg_store, saved.id)
    assert [p.title for p in list_plans(pg_store)] == ["改名 (copy)", "改名"]

    with pg_store.sessions.begin() as s:
        session = LiveSession(title="s", started_at=datetime.now(UTC), notes="", show_id=saved.id)
        s.add(session)
        s.flush()
        session_id = session.id
    assert last_plan(pg_store) == get_plan(pg_store, saved.id)
    assert delete_plan(pg_store, saved.id) is True
    with pg_store.sessions() as s:
        assert s.get(LiveSession, session_id).show_id is None
        assert s.scalar(select(func.count()).select_from(ShowPlanItem)) == 1  # the copy's
    assert last_plan(pg_store) == get_plan(pg_store, copy.id)

    fks = {fk["name"] for fk in inspect(pg_store.engine).get_foreign_keys("live_session")}
    assert fks == {"fk_live_session_show_id_show_plan"}  # the naming convention's name
