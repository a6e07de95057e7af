"""/forget deletes everything about a person: afterwards no row anywhere refers to them."""

from __future__ import annotations

import json
import re

from sqlalchemy import BigInteger, Integer, func, select

from bot.db import import_all_models
from bot.dispatcher import App
from bot.models import AuditEvent
from bot.simulator import Simulator
from tests.conftest import ADMIN_ID

# A distinctive id, so no autoincrement key can collide with it by chance.
UID = 770_001_234


async def rows_referring_to(app: App, uid: int) -> dict[str, int]:
    """Every integer column that could hold a Telegram user id, in every table."""
    found: dict[str, int] = {}
    metadata = import_all_models()
    async with app.sessionmaker() as session:
        for table in metadata.sorted_tables:
            for column in table.columns:
                is_int = (
                    isinstance(column.type, Integer | BigInteger)
                    or "INT"
                    in str(column.type.compile(dialect=session.get_bind().dialect)).upper()
                )
                named = (column.name == "id" and table.name == "users") or column.name.endswith(
                    ("_id", "_by")
                )
                if is_int and named:
                    count = await session.scalar(
                        select(func.count()).select_from(table).where(column == uid)
                    )
                    if count:
                        found[f"{table.name}.{column.name}"] = int(count)
    return found


async def test_forget_removes_every_trace(sim: Simulator, app: App) -> None:
    anna = sim.user(UID)
    await anna.send("/start")
    await anna.press("Русский")
    await anna.press(1)
    await anna.press(1)
    await anna.send("как вызволить кота из детеншна на луне")  # unanswered: stored as a gap
    assert await rows_referring_to(app, UID) != {}

    replies = await anna.send("/forget")
    assert "Удалить все ваши данные?" in replies[-1].text
    replies = await anna.press("Да, удалить всё")
    assert "всё, что я о вас знал, удалено" in replies[-1].text
    assert await rows_referring_to(app, UID) == {}


async def test_forget_can_be_declined(sim: Simulator, app: App) -> None:
    anna = sim.user(UID)
    await anna.send("/start")
    await anna.send("/forget")
    replies = await anna.press("Нет, оставить")
    assert "ничего не удалено" in replies[-1].text
    assert "users.id" in await rows_referring_to(app, UID)


async def text_referring_to(app: App, needles: tuple[str, ...]) -> dict[str, int]:
    """Every other column (text, JSON payloads, audit object ids) of every row that mentions
    the person: their id as a whole number, or their names."""
    found: dict[str, int] = {}
    metadata = import_all_models()
    pattern = re.compile("|".join(rf"(?<!\d){re.escape(n)}(?!\d)" for n in needles))
    async with app.sessionmaker() as session:
        for table in metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                for name, value in row.items():
                    if isinstance(value, int | float) or value is None:
                        continue
                    raw = value if isinstance(value, str) else json.dumps(value, default=str)
                    if pattern.search(raw):
                        key = f"{table.name}.{name}"
                        found[key] = found.get(key, 0) + 1
    return found


async def test_forget_scrubs_audit_rows_and_outbox_payloads(sim: Simulator, app: App) -> None:
    """A volunteer who signed up (audited, announced to the admins) and then asked to be
    forgotten: the audit keeps the actions, not who; no queued message names them."""
    from tests.desk_helpers import make_volunteer

    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, UID, "Вероника")
    await sim.user(ADMIN_ID).press_data(f"vol:pause:{UID}")  # another audited decision
    needles = (str(UID), "Вероника", f"Name{UID}", f"user{UID}")
    assert await text_referring_to(app, needles) != {}
    async with app.sessionmaker() as session:
        actions_before = sorted((await session.scalars(select(AuditEvent.action))).all())
    assert actions_before

    await vera.send("/forget")
    replies = await vera.press("Да, удалить всё")
    assert "удалено" in replies[-1].text
    assert await rows_referring_to(app, UID) == {}
    assert await text_referring_to(app, needles) == {}
    async with app.sessionmaker() as session:
        actions_after = sorted((await session.scalars(select(AuditEvent.action))).all())
    assert actions_after == actions_before  # what happened is kept
