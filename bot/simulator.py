"""Simulated Telegram users driving the real dispatcher (sandbox and tests share this).

``await alice.send("/start")`` feeds a message update; ``await alice.press("Русский")``
presses a button of the newest message that has one. Replies are what the recording
session captured for that user's chat.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    Message,
    PhotoSize,
    Sticker,
    Update,
    User,
    Voice,
)

from bot.clock import Clock
from bot.recording import RecordingSession, Sent


class NoSuchButton(LookupError):
    pass


@dataclass
class SimUser:
    sim: Simulator
    id: int
    first_name: str
    language_code: str | None
    username: str | None = None
    inbox: list[Sent] = field(default_factory=list)

    @property
    def tg(self) -> User:
        return User(
            id=self.id,
            is_bot=False,
            first_name=self.first_name,
            username=self.username,
            language_code=self.language_code,
        )

    @property
    def chat(self) -> Chat:
        return Chat(id=self.id, type="private", first_name=self.first_name)

    def _message(self, **content: Any) -> Message:
        return Message(
            message_id=next(self.sim.message_ids),
            date=self.sim.clock.now(),
            chat=self.chat,
            from_user=self.tg,
            **content,
        )

    async def send(self, text: str, **extra: Any) -> list[Sent]:
        return await self.sim.feed(
            self,
            Update(update_id=next(self.sim.update_ids), message=self._message(text=text, **extra)),
        )

    async def send_message(self, message: Message) -> list[Sent]:
        return await self.sim.feed(
            self, Update(update_id=next(self.sim.update_ids), message=message)
        )

    async def send_photo(self, caption: str | None = None) -> list[Sent]:
        photo = [PhotoSize(file_id="p1", file_unique_id="p1", width=10, height=10)]
        return await self.sim.feed(
            self,
            Update(
                update_id=next(self.sim.update_ids),
                message=self._message(photo=photo, caption=caption),
            ),
        )

    async def send_document(self, name: str = "doc.pdf", caption: str | None = None) -> list[Sent]:
        doc = Document(file_id="d1", file_unique_id="d1", file_name=name)
        return await self.sim.feed(
            self,
            Update(
                update_id=next(self.sim.update_ids),
                message=self._message(document=doc, caption=caption),
            ),
        )

    async def send_sticker(self) -> list[Sent]:
        sticker = Sticker(
            file_id="s1",
            file_unique_id="s1",
            type="regular",
            width=1,
            height=1,
            is_animated=False,
            is_video=False,
        )
        return await self.sim.feed(
            self,
            Update(update_id=next(self.sim.update_ids), message=self._message(sticker=sticker)),
        )

    async def send_voice(self) -> list[Sent]:
        voice = Voice(file_id="v1", file_unique_id="v1", duration=3)
        return await self.sim.feed(
            self, Update(update_id=next(self.sim.update_ids), message=self._message(voice=voice))
        )

    def last_with_buttons(self) -> Sent:
        for sent in reversed(self.inbox):
            if sent.markup is not None and sent.markup.inline_keyboard:
                return sent
        raise NoSuchButton("no message with buttons")

    def find_button(self, label: str | int) -> tuple[Sent, str]:
        """A button by 1-based number or by text (exact, then case-insensitive substring),
        searching the newest messages first."""
        candidates = [s for s in reversed(self.inbox) if s.markup is not None]
        if isinstance(label, int):
            target = self.last_with_buttons()
            buttons = target.buttons()
            if not 1 <= label <= len(buttons):
                raise NoSuchButton(f"no button [{label}]")
            data = buttons[label - 1][1]
            if data is None:
                raise NoSuchButton(f"button [{label}] is a link")
            return target, data
        for exact in (True, False):
            for sent in candidates:
                for text, data in sent.buttons():
                    hit = text == label if exact else label.casefold() in text.casefold()
                    if hit and data is not None and not data.startswith(("http", "tg:")):
                        return sent, data
        raise NoSuchButton(f"no button {label!r}")

    async def press(self, label: str | int) -> list[Sent]:
        sent, data = self.find_button(label)
        return await self.press_data(data, sent)

    async def press_data(self, data: str, on: Sent | None = None) -> list[Sent]:
        """Press raw callback data (tests use this to forge buttons)."""
        on = on or (self.inbox[-1] if self.inbox else None)
        message = Message(
            message_id=on.message_id if on else 1,
            date=self.sim.clock.now(),
            chat=self.chat,
            from_user=self.sim.bot_user,
            text=on.text if on else "",
            reply_markup=on.markup if on else None,
        )
        query = CallbackQuery(
            id=str(next(self.sim.update_ids)),
            from_user=self.tg,
            chat_instance="sim",
            message=message,
            data=data,
        )
        return await self.sim.feed(
            self, Update(update_id=next(self.sim.update_ids), callback_query=query)
        )

    def texts(self) -> list[str]:
        return [s.text for s in self.inbox]

    def alerts(self) -> list[str]:
        return [r.text for r in self.sim.callback_answers(self.id) if r.text]


class Simulator:
    def __init__(self, dispatcher: Dispatcher, bot: Bot, clock: Clock, **feed_kwargs: Any) -> None:
        if not isinstance(bot.session, RecordingSession):
            raise TypeError("the simulator needs a bot with a RecordingSession")
        self.dp = dispatcher
        self.bot = bot
        self.session: RecordingSession = bot.session
        self.clock = clock
        self.update_ids = itertools.count(1)
        self.message_ids = itertools.count(1)
        self.users: dict[int, SimUser] = {}
        self.feed_kwargs = feed_kwargs
        self.bot_user = User(id=bot.id, is_bot=True, first_name="Help bot")

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "ru",
        username: str | None = None,
    ) -> SimUser:
        if user_id not in self.users:
            self.users[user_id] = SimUser(self, user_id, first_name, language_code, username)
        return self.users[user_id]

    def _collect(self, start: int) -> dict[int, list[Sent]]:
        fresh: dict[int, list[Sent]] = {}
        for sent in self.session.sent[start:]:
            fresh.setdefault(sent.chat_id, []).append(sent)
            if sent.chat_id in self.users:
                self.users[sent.chat_id].inbox.append(sent)
        return fresh

    async def feed(self, user: SimUser, update: Update) -> list[Sent]:
        start = len(self.session.sent)
        await self.dp.feed_update(self.bot, update, **self.feed_kwargs)
        return self._collect(start).get(user.id, [])

    async def deliver(self, delivery: Any) -> dict[int, list[Sent]]:
        """Run the outbox sender once and hand what it sent to the users' inboxes."""
        start = len(self.session.sent)
        await delivery.run_once()
        return self._collect(start)

    def callback_answers(self, user_id: int) -> list[Any]:
        from aiogram.methods import AnswerCallbackQuery

        return [r for r in self.session.requests if isinstance(r, AnswerCallbackQuery)]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)
