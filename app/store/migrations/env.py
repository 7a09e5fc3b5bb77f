"""Alembic environment: runs against the engine the app hands over.

On PostgreSQL the upgrade takes a transaction-scoped advisory lock first: several
laptops of a team may open a new, shared database at the same moment, and DDL is
transactional there, so the others wait for the first upgrade to commit and then find
nothing left to do (instead of failing on "relation already exists").
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from app.store.models import Base

config = context.config
engine = config.attributes.get("engine")

#: Any fixed 64-bit number; "AnchDesk" in ASCII, so it is unlikely to clash with others.
MIGRATION_LOCK = 0x416E63684465736B


def run() -> None:
    if engine is None:
        url = config.get_main_option("sqlalchemy.url")
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            context.run_migrations()


run()
