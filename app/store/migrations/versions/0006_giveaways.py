"""giveaways: the draws of a session (福袋/抽奖), stored for review and re-runs

``giveaway`` holds one row per draw: the keyword viewers typed, the eligibility rules and
entry window (JSON), the seed, how many viewers were eligible and the winners'
pseudonyms (JSON, as in ``comment.viewer``; names are never stored). A new child table
of ``live_session`` (ON DELETE CASCADE, like every session row): creating it touches no
existing table, on SQLite or PostgreSQL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('giveaway',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('keyword', sa.String(length=64), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('entrants', sa.Integer(), nullable=False),
    sa.Column('winners', sa.JSON(), nullable=False),
    sa.Column('t_ms', sa.BigInteger(), nullable=False),
    sa.Column('ts', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['live_session.id'], name=op.f('fk_giveaway_session_id_live_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_giveaway'))
    )
    with op.batch_alter_table('giveaway', schema=None) as batch_op:
        batch_op.create_index('ix_giveaway_session_t', ['session_id', 't_ms'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('giveaway', schema=None) as batch_op:
        batch_op.drop_index('ix_giveaway_session_t')

    op.drop_table('giveaway')
