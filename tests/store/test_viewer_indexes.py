"""Migration 0003: viewer lookups (privacy) use an index; down and up again on SQLite."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from app.store.db import Store, alembic_config, migrate

VIEWER_INDEXES = {
    "comment": ("ix_comment_viewer", ["viewer"]),
    "sales_order": ("ix_sales_order_buyer", ["buyer"]),
    "interaction": ("ix_interaction_viewer", ["viewer"]),
}


def _indexes(store: Store, table: str) -> dict[str, list[str]]:
    return {i["name"]: i["column_names"] for i in inspect(store.engine).get_indexes(table)}


def test_viewer_columns_are_indexed_and_used(store: Store) -> None:
    for table, (name, columns) in VIEWER_INDEXES.items():
        assert _indexes(store, table)[name] == columns
    with store.engine.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                text("EXPLAIN QUERY PLAN SELECT session_id FROM comment WHERE viewer IN ('a', 'b')")
            )
        )
    assert "ix_comment_viewer" in plan


def test_downgrade_drops_them_and_upgrade_restores(store: Store) -> None:
    cfg = alembic_config(store.engine)
    command.downgrade(cfg, "0002")
    for table, (name, _columns) in VIEWER_INDEXES.items():
        assert name not in _indexes(store, table)
    migrate(store.engine)
    for table, (name, columns) in VIEWER_INDEXES.items():
        assert _indexes(store, table)[name] == columns
