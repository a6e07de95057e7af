"""The Mexico section's scheduled work, one transaction each: the sweep of crossing watches
(every minute; at start-up it finds the alarms that fell due while the bot was down) and the
programme's daily cards. Both are idempotent: outbox dedup keys and the watch's status make a
second run, or a second process, send nothing twice."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from bot.mexico import alarm, service
from bot.mexico.programme import Programme

log = logging.getLogger(__name__)


async def sweep(
    sessionmaker: async_sessionmaker[AsyncSession],
    vault: Vault,
    now: dt.datetime,
    admin_ids: frozenset[int],
) -> int:
    async with sessionmaker() as session, session.begin():
        desk = await alarm.desk(session, admin_ids)
        raised = await service.sweep(session, vault, now, desk=desk)
    if raised:
        log.info("mexico: %d alarm(s) raised", len(raised))
    return len(raised)


async def daily(
    sessionmaker: async_sessionmaker[AsyncSession], programme: Programme, now: dt.datetime
) -> int:
    async with sessionmaker() as session, session.begin():
        return await service.daily(session, programme, now)
