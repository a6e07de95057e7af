"""Alembic environment: async engine, batch mode for SQLite, no BOT_TOKEN needed."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.db import create_engine, import_all_models

config = context.config
target_metadata = import_all_models()


def database_url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return str(url)
    from bot.config import load_settings

    return load_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


# pg_advisory_xact_lock key: several instances starting together on one PostgreSQL take
# turns; the one that waited then finds the schema at head and has nothing to do.
MIGRATION_LOCK_KEY = 0x61_73_79_6C_75_6D  # "asylum"


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends, before Alembic reads the current version.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        context.run_migrations()


async def run_migrations_online() -> None:
    engine = create_engine(database_url())
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
