"""Re-encrypt everything stored encrypted under the newest key (``python -m bot rotate-keys``).

Every feature keeps its Fernet tokens in columns named ``*_enc``; forms in progress keep an
encrypted draft under ``"enc"`` in their FSM data. To rotate: put the new key first in
ENCRYPTION_KEYS, keep the old ones after it, run this once, then drop the old keys.
BLIND_INDEX_KEY is not rotated: the indexes that match A-numbers depend on it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db import import_all_models
from bot.fsm_storage import reseal
from bot.models import FsmRecord


async def rotate_all(session: AsyncSession, vault: Vault) -> dict[str, int]:
    """Re-encrypt in place; returns how many values were rewritten, per table."""
    counts: dict[str, int] = {}
    for table in import_all_models().sorted_tables:
        columns = [c for c in table.columns if c.name.endswith("_enc")]
        if not columns:
            continue
        keys = list(table.primary_key.columns)
        changed = 0
        for row in (await session.execute(select(*keys, *columns))).all():
            values: dict[str, Any] = {}
            for column in columns:
                token = row._mapping[column]
                if token:
                    values[column.name] = vault.rotate(token)
            if values:
                where = [key == row._mapping[key] for key in keys]
                await session.execute(update(table).where(*where).values(**values))
                changed += len(values)
        counts[table.name] = changed
    drafts = 0
    for record in (await session.scalars(select(FsmRecord))).all():
        resealed = reseal(vault, record.data or {})
        token = (record.data or {}).get("enc")
        if resealed is not None:  # conversation data sealed as a whole (bot/fsm_storage.py)
            record.data = resealed
            drafts += 1
        elif isinstance(token, str) and token:
            record.data = {**record.data, "enc": vault.rotate(token)}
            drafts += 1
    counts[FsmRecord.__tablename__] = drafts
    return counts
