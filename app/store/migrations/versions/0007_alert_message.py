"""alert message: the alert's sentence as a template and values

``alert.message`` (JSON, nullable) keeps what ``alert.text`` says in English as the
template and values it was made from, so a review or report read in Chinese shows the
alert in Chinese. Rows recorded before stay NULL and are shown as recorded. Adding a
nullable column is done in place on SQLite and PostgreSQL (no table rebuild).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('alert', sa.Column('message', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('alert') as batch_op:
        batch_op.drop_column('message')
