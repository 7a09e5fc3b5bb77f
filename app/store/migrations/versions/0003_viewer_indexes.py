"""viewer indexes: look one viewer up without scanning every comment and order

``python -m app viewers find|export|erase`` (app/privacy/viewers.py) selects comments,
orders and likes/follows/gifts by their viewer id; without an index each lookup reads the
whole table, which on a team database means every laptop's history. Plain (non-unique)
indexes on SQLite and PostgreSQL alike; the names follow the models' naming convention.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:40:00
"""

from __future__ import annotations

from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

#: (index name, table, column): the viewer columns app.privacy.viewers filters on.
VIEWER_INDEXES = (
    ("ix_comment_viewer", "comment", "viewer"),
    ("ix_sales_order_buyer", "sales_order", "buyer"),
    ("ix_interaction_viewer", "interaction", "viewer"),
)


def upgrade() -> None:
    for name, table, column in VIEWER_INDEXES:
        op.create_index(name, table, [column], unique=False)


def downgrade() -> None:
    for name, table, _column in reversed(VIEWER_INDEXES):
        op.drop_index(name, table_name=table)
