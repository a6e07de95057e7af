"""The bot added to a group says what it is for, where to find it, and leaves; it answers
nothing there and keeps no rows about the group's members. The volunteer chat is the one
group it stays in."""

from __future__ import annotations

import datetime as dt

from aiogram.methods import LeaveChat, SendMessage
from aiogram.types import (
    Chat,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberUpdated,
    Message,
    Update,
)
from aiogram.types import User as TgUser
from sqlalchemy import func, select

from bot.config import Settings
from bot.dispatcher import App
from bot.models import User
from bot.recording import BOT_USER, RecordingSession
from tests.conftest import START, AppFactory

GROUP = Chat(id=-100500, type="supergroup", title="Семьи")
VOLUNTEERS = Chat(id=-100777, type="supergroup", title="Волонтёры")
ADDER = TgUser(id=5151, is_bot=False, first_name="Olga", language_code="ru")


def added(chat: Chat, update_id: int) -> Update:
    return Update(
        update_id=update_id,
        my_chat_member=ChatMemberUpdated(
            chat=chat,
            from_user=ADDER,
            date=START,
            old_chat_member=ChatMemberLeft(user=BOT_USER),
            new_chat_member=ChatMemberMember(user=BOT_USER),
        ),
    )


def group_message(chat: Chat, text: str, update_id: int, user_id: int = 6161) -> Update:
    sender = TgUser(id=user_id, is_bot=False, first_name="Member", language_code="ru")
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=START + dt.timedelta(seconds=1),
            chat=chat,
            from_user=sender,
            text=text,
        ),
    )


def requests(app: App) -> list[object]:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return list(session.requests)


async def users(app: App) -> int:
    async with app.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(User)) or 0)


async def test_added_to_a_group_it_explains_and_leaves(app: App) -> None:
    await app.dispatcher.feed_update(app.bot, added(GROUP, 1))
    sent = [r for r in requests(app) if isinstance(r, SendMessage)]
    assert len(sent) == 1
    assert sent[0].chat_id == GROUP.id
    assert "только в личных сообщениях" in sent[0].text
    assert "@asylum_help_bot" in sent[0].text
    assert [r.chat_id for r in requests(app) if isinstance(r, LeaveChat)] == [GROUP.id]


async def test_messages_in_a_group_get_no_answer_and_make_no_rows(app: App) -> None:
    before = await users(app)
    await app.dispatcher.feed_update(app.bot, group_message(GROUP, "/start", 2))
    await app.dispatcher.feed_update(app.bot, group_message(GROUP, "что такое бонд", 3, 6262))
    assert [r for r in requests(app) if isinstance(r, SendMessage)] == []
    assert await users(app) == before


async def test_the_volunteer_chat_is_the_group_it_stays_in(
    settings: Settings, make_app: AppFactory
) -> None:
    app = make_app(settings.model_copy(update={"volunteer_chat_id": VOLUNTEERS.id}))
    await app.dispatcher.feed_update(app.bot, added(VOLUNTEERS, 4))
    assert not [r for r in requests(app) if isinstance(r, LeaveChat | SendMessage)]
