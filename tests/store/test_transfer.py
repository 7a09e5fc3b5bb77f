"""Copying history SQLite → SQLite: equal rows, safe to repeat, all or nothing per session."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.store.db import Store, open_store
from app.store.transfer import (
    RECORDINGS_NOTE,
    CopyProgress,
    TransferError,
    copy_history,
    inspect_target,
)
from tests.store.transfer_support import (
    START,
    add_products,
    add_session,
    products_dump,
    row_total,
    session_dump,
    session_ids,
)


@pytest.fixture
def target_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'team' / 'team.db'}"


def _open(url: str) -> Store:
    return open_store(url)


def test_full_copy_keeps_every_row_and_the_session_ids(store: Store, target_url: str) -> None:
    add_products(store)
    first = add_session(store, comments=40)
    second = add_session(store, title="second", comments=5, start=START + timedelta(days=1))
    report = copy_history(store, target_url)
    assert [(r.session_id, r.outcome, r.target_id) for r in report.sessions] == [
        (first, "copied", first),
        (second, "copied", second),
    ]
    assert report.sessions[0].rows["comment"] == 40
    assert (report.products_copied, report.products_skipped) == (2, 0)
    assert report.ok and not report.dry_run
    assert RECORDINGS_NOTE in report.lines()
    target = _open(target_url)
    try:
        assert session_ids(target) == [first, second]
        for sid in (first, second):
            assert session_dump(target, sid) == session_dump(store, sid)
        assert products_dump(target) == products_dump(store)
    finally:
        target.close()


def test_second_run_skips_what_is_there_and_adds_only_new_sessions(
    store: Store, target_url: str
) -> None:
    add_products(store)
    first = add_session(store)
    copy_history(store, target_url)
    target = _open(target_url)
    before = row_total(target)
    again = copy_history(store, target_url)
    assert [(r.outcome, r.target_id, r.message) for r in again.sessions] == [
        ("skipped", first, "already in the target")
    ]
    assert (again.products_copied, again.products_skipped) == (0, 2)
    assert again.ok
    assert row_total(target) == before
    later = add_session(store, title="later", start=START + timedelta(days=2))
    third = copy_history(store, target_url)
    assert [r.outcome for r in third.sessions] == ["skipped", "copied"]
    assert session_ids(target) == [first, later]
    assert session_dump(target, later) == session_dump(store, later)
    target.close()


def test_a_taken_id_gets_a_new_one_and_is_then_recognised(store: Store, target_url: str) -> None:
    mine = add_session(store, title="laptop B")
    target = _open(target_url)
    theirs = add_session(target, title="laptop A", comments=3)  # same id, another session
    assert theirs == mine
    report = copy_history(store, target_url)
    (result,) = report.sessions
    assert result.outcome == "copied" and result.target_id == mine + 1
    assert "is another session in the target" in result.message
    assert session_dump(target, mine)["live_session"]["title"] == "laptop A"  # untouched
    copied = session_dump(target, mine + 1)
    original = session_dump(store, mine)
    assert copied["live_session"] == {**original["live_session"], "id": mine + 1}
    assert {k: v for k, v in copied.items() if k != "live_session"} == {
        k: v for k, v in original.items() if k != "live_session"
    }
    again = copy_history(store, target_url)
    assert [(r.outcome, r.target_id) for r in again.sessions] == [("skipped", mine + 1)]
    target.close()


def test_live_sessions_are_refused_and_the_rest_copied(store: Store, target_url: str) -> None:
    ended = add_session(store)
    now = datetime.now(UTC)
    recording = add_session(
        store, title="now", status="live", owner_pid=os.getpid(), start=now, heartbeat=now
    )
    crashed = add_session(
        store, title="crash", status="live", start=START + timedelta(days=3),
        heartbeat=START + timedelta(days=3),
    )  # fmt: skip
    report = copy_history(store, target_url)
    outcome = {r.session_id: (r.outcome, r.message) for r in report.sessions}
    assert outcome[ended] == ("copied", "")
    assert outcome[recording] == ("refused", "still recording; stop it, then copy again")
    assert outcome[crashed][0] == "refused" and "left 'live' by a crash" in outcome[crashed][1]
    assert not report.ok
    target = _open(target_url)
    assert session_ids(target) == [ended]
    target.close()


def test_dry_run_writes_nothing(store: Store, target_url: str, tmp_path: Path) -> None:
    add_products(store)
    first = add_session(store)
    report = copy_history(store, target_url, dry_run=True)
    assert [(r.outcome, r.rows["comment"]) for r in report.sessions] == [("would copy", 30)]
    assert report.products_copied == 2
    assert not (tmp_path / "team" / "team.db").exists()  # not even created

    copy_history(store, target_url)
    second = add_session(store, title="new", start=START + timedelta(days=1))
    target = _open(target_url)
    before = row_total(target)
    with target.engine.begin() as conn:  # an older schema must stay as it is in a dry run
        conn.execute(text("DROP INDEX ix_comment_viewer"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    report = copy_history(store, target_url, dry_run=True)
    assert [(r.session_id, r.outcome) for r in report.sessions] == [
        (first, "skipped"),
        (second, "would copy"),
    ]
    assert row_total(target) == before
    with target.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    target.close()


def test_a_failing_session_is_rolled_back_and_the_others_copied(
    store: Store, target_url: str
) -> None:
    one = add_session(store)
    bad = add_session(store, title="bad", start=START + timedelta(days=1), comment_text="boom")
    three = add_session(store, title="three", start=START + timedelta(days=2))
    target = _open(target_url)
    with target.engine.begin() as conn:
        conn.execute(text(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON comment WHEN NEW.text = 'boom' "
            "BEGIN SELECT RAISE(ABORT, 'boom refused'); END"
        ))  # fmt: skip
    report = copy_history(store, target_url, batch_rows=7)
    outcome = {r.session_id: r for r in report.sessions}
    assert outcome[bad].outcome == "failed"
    assert "boom refused" in outcome[bad].message and "rolled back" in outcome[bad].message
    assert (outcome[one].outcome, outcome[three].outcome) == ("copied", "copied")
    assert session_ids(target) == [one, three]
    with target.engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM comment WHERE session_id = :s"), {"s": bad}
            ).scalar()
            == 0
        )
    target.close()


def test_rows_lost_on_the_way_fail_the_count_check(store: Store, target_url: str) -> None:
    sid = add_session(store)
    target = _open(target_url)
    with target.engine.begin() as conn:
        conn.execute(text(
            "CREATE TRIGGER drop_alerts BEFORE INSERT ON alert BEGIN SELECT RAISE(IGNORE); END"
        ))  # fmt: skip
    (result,) = copy_history(store, target_url).sessions
    assert result.outcome == "failed"
    assert result.message == "alert: 0 rows in the target, 1 in the source; rolled back"
    assert session_ids(target) == []
    target.close()
    assert sid == 1


def test_batches_report_progress_and_cancel_rolls_back(store: Store, target_url: str) -> None:
    first = add_session(store, comments=20)
    second = add_session(store, title="big", comments=50, start=START + timedelta(days=1))
    seen: list[CopyProgress] = []
    report = copy_history(store, target_url, batch_rows=7, progress=seen.append)
    mine = [p for p in seen if p.session_id == second]
    assert mine[0].rows_done == 0 and mine[-1].rows_done == mine[-1].rows_total == 66
    assert len(mine) > 50 // 7  # the comments came in batches of 7
    assert all(p.total == 2 and p.index == 2 for p in mine)
    assert [r.outcome for r in report.sessions] == ["copied", "copied"]

    other = f"{target_url[:-3]}2.db"
    calls: list[CopyProgress] = []

    def cancel_during_second() -> bool:
        return any(p.session_id == second and p.rows_done > 20 for p in calls)

    report = copy_history(
        store, other, batch_rows=7, progress=calls.append, cancelled=cancel_during_second
    )
    assert [(r.session_id, r.outcome) for r in report.sessions] == [
        (first, "copied"),
        (second, "cancelled"),
    ]
    assert report.cancelled and not report.ok
    target = _open(other)
    assert session_ids(target) == [first]
    target.close()


def test_bad_targets_are_one_line_errors(store: Store, target_url: str) -> None:
    add_session(store)
    with pytest.raises(TransferError, match="same database"):
        copy_history(store, store.url)
    with pytest.raises(TransferError, match="no session 99 in the source"):
        copy_history(store, target_url, session_ids=[99])
    with pytest.raises(TransferError, match="invalid database URL"):
        copy_history(store, "not a url")
    with pytest.raises(TransferError, match=r"^target: cannot open database .*refused"):
        copy_history(store, "postgresql://nobody@127.0.0.1:1/x")
    newer = _open(target_url)
    with newer.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    newer.close()
    for dry_run in (False, True):
        with pytest.raises(TransferError, match="made by a newer AnchorDesk") as info:
            copy_history(store, target_url, dry_run=dry_run)
        assert "\n" not in str(info.value)
    path = Path(store.url.removeprefix("sqlite:///"))
    with pytest.raises(TransferError, match="same database"):  # the same file, spelled otherwise
        copy_history(store, f"sqlite:///{path.parent}/../{path.parent.name}/{path.name}")


def test_test_connection_describes_the_target_without_writing(
    store: Store, target_url: str, tmp_path: Path
) -> None:
    info = inspect_target(target_url, store.url)
    assert (info.revision, info.sessions) == (None, 0)
    assert "the tables will be created" in info.message()
    assert not (tmp_path / "team" / "team.db").exists()
    add_session(store)
    copy_history(store, target_url)
    info = inspect_target(target_url)
    assert info.revision == info.head and info.sessions == 1
    with pytest.raises(TransferError, match="same database"):
        inspect_target(store.url, store.url)
