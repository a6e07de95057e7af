"""The outbox can edit a message it sent earlier (``"edit": message_id``), not only send."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.dispatcher import App
from bot.models import OutboxMessage, OutboxStatus, User
from bot.recording import RecordingSession


def recorder(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


async def queue_edit(app: App, key: str, payload: dict[str, Any], chat_id: int = 7) -> None:
    now = app.clock.now()
    async with app.sessionmaker() as session, session.begin():
        if await session.get(User, chat_id) is None:
            session.add(User(id=chat_id, locale="en", created_at=now))
        await outbox.enqueue(
            session,
            chat_id=chat_id,
            kind="test.edit",
            payload=payload,
            due_at=now,
            dedup_key=key,
            now=now,
        )


async def row(app: App, key: str) -> OutboxMessage:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(OutboxMessage).where(OutboxMessage.dedup_key == key))
        assert found is not None
        return found


async def test_edit_payload_edits_the_given_message(app: App) -> None:
    seen: list[int | None] = []

    async def on_sent(_s: AsyncSession, _row: OutboxMessage, message_id: int | None) -> None:
        seen.append(message_id)

    app.delivery.hooks.on_sent["test.edit"] = on_sent
    await queue_edit(
        app,
        "e1",
        {
            "edit": 55,
            "l10n": "cancel-nothing",
            "buttons": [[{"t": "menu-back", "cb": "menu:home"}]],
        },
    )
    await queue_edit(app, "e2", {"edit": 56, "text": "plain"})
    await app.delivery.run_once()
    edits = [r for r in recorder(app).requests if isinstance(r, EditMessageText)]
    assert [(e.chat_id, e.message_id, e.text) for e in edits] == [
        (7, 55, "Nothing to cancel. Here is the menu."),
        (7, 56, "plain"),
    ]
    markup = edits[0].reply_markup
    assert isinstance(markup, InlineKeyboardMarkup)
    assert markup.inline_keyboard[0][0].callback_data == "menu:home"
    assert (await row(app, "e1")).status == OutboxStatus.SENT
    assert (await row(app, "e1")).sent_message_id == 55
    assert sorted(m for m in seen if m is not None) == [55, 56]


async def test_an_edit_telegram_refuses_is_marked_failed(app: App) -> None:
    await queue_edit(app, "gone", {"edit": 99, "text": "too late"})
    recorder(app).script.append(
        TelegramBadRequest(
            method=EditMessageText(chat_id=7, message_id=99, text="x"),
            message="Bad Request: message to edit not found",
        )
    )
    await app.delivery.run_once()
    failed = await row(app, "gone")
    assert (failed.status, failed.last_error) == (OutboxStatus.FAILED, "bad_request")
    assert failed.due_at <= app.clock.now() + dt.timedelta(seconds=1)
