"""team mode: 200-character event ids, owner machine of a live session

The event codec accepts comment and order ids of up to 200 characters but the columns
were VARCHAR(128): SQLite never enforced the length, PostgreSQL rejected such rows.
Batch mode rebuilds those tables on SQLite (it cannot alter a column's type) and is a
plain ALTER on PostgreSQL.

``live_session.owner_machine`` tells laptops apart that share a host name, so crash
recovery on one never marks another's running session as interrupted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 07:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

ID_COLUMNS = (("comment", "event_id"), ("sales_order", "order_id"))


def upgrade() -> None:
    for table, column in ID_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=128),
                type_=sa.String(length=200),
                existing_nullable=False,
            )
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('owner_machine', sa.String(length=32), nullable=False, server_default='')
        )


def downgrade() -> None:
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.drop_column('owner_machine')
    for table, column in ID_COLUMNS:
        # Ids longer than 128 characters would not fit any more: cut them (PostgreSQL
        # would otherwise refuse the downgrade; SQLite would keep them silently).
        if op.get_bind().dialect.name == "postgresql":
            op.execute(
                sa.text(f"UPDATE {table} SET {column} = left({column}, 128) "
                        f"WHERE length({column}) > 128")
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=200),
                type_=sa.String(length=128),
                existing_nullable=False,
            )
