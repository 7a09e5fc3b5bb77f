"""order platform: orders de-duplicated by (session, platform, id), like comments

The ingest server drops a repeated order by (type, platform, id), the database did so by
(session, order id) alone: the same order id from two platforms was one order to the
database and two to the server. ``sales_order.platform`` (VARCHAR(32), '' for the orders
recorded before, and for sources that name no platform) joins the unique key, which
becomes (session_id, platform, order_id) under its old name ``uq_order_event``.

On SQLite a unique constraint can only be changed by rebuilding the table, which batch
mode does: ``sales_order`` is a child table (nothing references it), so dropping its old
copy deletes nothing else even with ``foreign_keys=ON``; its rows, indexes and foreign
key are copied (checked by tests/store/test_order_platform_migration.py). Never do this
to ``live_session`` or ``show_plan`` (see 0004). On PostgreSQL these are plain ALTERs.

The downgrade refuses to run when two orders of a session share an id on different
platforms: the old key cannot hold both, and dropping one would lose a sale.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

KEY = "uq_order_event"


def upgrade() -> None:
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('platform', sa.String(length=32), nullable=False, server_default='')
        )
        batch_op.drop_constraint(KEY, type_='unique')
        batch_op.create_unique_constraint(KEY, ['session_id', 'platform', 'order_id'])


def downgrade() -> None:
    clashes = op.get_bind().execute(
        sa.text(
            "SELECT count(*) FROM (SELECT session_id, order_id FROM sales_order "
            "GROUP BY session_id, order_id HAVING count(*) > 1) AS clash"
        )
    ).scalar()
    if clashes:
        raise RuntimeError(
            f"cannot downgrade below revision 0005: order ids used on more than one "
            f"platform in a session ({clashes}); the old key (session, id) would keep only "
            "one order of each"
        )
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.drop_constraint(KEY, type_='unique')
        batch_op.create_unique_constraint(KEY, ['session_id', 'order_id'])
        batch_op.drop_column('platform')
