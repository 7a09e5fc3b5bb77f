"""show plans: a scheduled show with its rundown, and the plan a session started from

A streamer plans a show before going live (title, host, platforms, planned start, and
the products in order with their live price, flash-sale settings and talking points):
``show_plan`` and ``show_plan_item`` hold it (app/commerce/plans.py), so it can be edited
before and during the show and reused. ``live_session.show_id`` records which plan a
session was started from.

On SQLite the column is added in place (``ALTER TABLE ... ADD COLUMN ... REFERENCES``),
never with a batch *rebuild*: a rebuild drops the old ``live_session``, and with
``foreign_keys=ON`` (set on every connection, also while migrating) dropping it deletes
its rows first, which cascades into every comment, order and transcript of every
session. SQLite can add a nullable column with an inline foreign key in place, but
SQLAlchemy cannot reflect an ON DELETE rule written inline, so the key has none, on
PostgreSQL too (the same schema on both, and the migration test compares it with the
models): ``plans.delete_plan`` sets ``show_id`` to NULL before it deletes a plan. On
PostgreSQL batch mode runs plain ALTERs. Names follow the models' naming convention
(models.NAMING). The downgrade on SQLite drops the column in place too
(``ALTER TABLE ... DROP COLUMN``, SQLite 3.35 or newer), for the same reason.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

SHOW_FK = "fk_live_session_show_id_show_plan"
SHOW_INDEX = "ix_live_session_show_id"
#: SQLite learnt ALTER TABLE ... DROP COLUMN in 3.35.
SQLITE_DROP_COLUMN = (3, 35)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table('show_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('host', sa.String(length=100), nullable=False),
    sa.Column('platforms', sa.JSON(), nullable=False),
    sa.Column('planned_start', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_show_plan'))
    )
    op.create_table('show_plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('live_price', sa.Float(), nullable=True),
    sa.Column('flash_price', sa.Float(), nullable=True),
    sa.Column('flash_seconds', sa.Integer(), nullable=True),
    sa.Column('talking_points', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['show_plan.id'], name=op.f('fk_show_plan_item_plan_id_show_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_show_plan_item'))
    )
    with op.batch_alter_table('show_plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_show_plan_item_plan_id'), ['plan_id'], unique=False)

    if _sqlite():
        # In place, never a batch rebuild of live_session (see the module docstring).
        op.execute(
            f"ALTER TABLE live_session ADD COLUMN show_id INTEGER CONSTRAINT {SHOW_FK} "
            "REFERENCES show_plan (id)"
        )
    else:
        with op.batch_alter_table('live_session', schema=None) as batch_op:
            batch_op.add_column(sa.Column('show_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(SHOW_FK, 'show_plan', ['show_id'], ['id'])
    # Index operations alone never make batch mode rebuild the table, on SQLite either.
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.create_index(SHOW_INDEX, ['show_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.drop_index(SHOW_INDEX)
    if _sqlite():
        version = op.get_bind().dialect.server_version_info or (0,)
        if tuple(version) < SQLITE_DROP_COLUMN:
            raise RuntimeError(
                "downgrading below revision 0004 needs SQLite 3.35 or newer (this is "
                f"{'.'.join(map(str, version))}): a rebuild of live_session would delete "
                "every session's rows"
            )
        op.execute("ALTER TABLE live_session DROP COLUMN show_id")
    else:
        with op.batch_alter_table('live_session', schema=None) as batch_op:
            batch_op.drop_constraint(SHOW_FK, type_='foreignkey')
            batch_op.drop_column('show_id')

    with op.batch_alter_table('show_plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_show_plan_item_plan_id'))
    op.drop_table('show_plan_item')
    op.drop_table('show_plan')
