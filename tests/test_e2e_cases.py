"""End to end: the family-case story with the real bot over HTTP against a fake Bot API.

Long polling, the outbox poller, the real aiohttp session and an SQLite file; the bot is
restarted in the middle of the person form and carries on where the relative was.
"""

from __future__ import annotations

import asyncio
import re

from bot.config import Settings
from bot.db import create_engine, create_sessionmaker
from bot.models import User, Volunteer
from tests.conftest import START
from tests.fake_bot_api import Call, FakeTelegram, RunningBot


class Person:
    """One Telegram user talking to the bot through the fake server."""

    def __init__(self, fake: FakeTelegram, user_id: int, language: str = "ru") -> None:
        self.fake = fake
        self.id = user_id
        self.language = language

    def mark(self) -> int:
        return len(self.fake.calls)

    async def wait(self, fragment: str, since: int, timeout: float = 15.0) -> Call:
        earlier = {id(c) for c in self.fake.calls[:since]}
        calls = await self.fake.wait_for(
            lambda c: id(c) not in earlier and c.chat_id == self.id and fragment in c.text,
            timeout,
        )
        return calls[0]

    async def send(self, text: str, expect: str) -> Call:
        since = self.mark()
        await self.fake.send(self.id, text, self.language)
        return await self.wait(expect, since)

    async def press(self, label: str, expect: str) -> Call:
        since = self.mark()
        await self.fake.press(self.id, label, self.language)
        return await self.wait(expect, since)

    def texts_since(self, since: int) -> str:
        return "\n".join(c.text for c in self.fake.calls[since:] if c.chat_id == self.id)


async def onboard(person: Person, english: bool = False) -> None:
    await person.send("/start", "Choose your language" if english else "Выберите язык")
    await person.press("English" if english else "Русский", "Tell me" if english else "кто вы")
    await person.press(
        "Relative" if english else "Родственник", "your data" if english else "о ваших"
    )
    await person.press(
        "I agree" if english else "Согласен", "Main menu" if english else "Главное меню"
    )


async def add_volunteer(settings: Settings, user_id: int) -> None:
    engine = create_engine(settings.database_url)
    async with create_sessionmaker(engine)() as session, session.begin():
        session.add(
            User(id=user_id, locale="ru", role="volunteer", consent_at=START, created_at=START)
        )
        await session.flush()
        session.add(
            Volunteer(
                user_id=user_id,
                display_name="Вера",
                show_name=True,
                languages=["ru"],
                areas=[],
                status="approved",
                away=False,
                created_at=START,
            )
        )
    await engine.dispose()


async def test_family_case_over_http_with_a_restart(
    fake: FakeTelegram, e2e_settings: Settings
) -> None:
    bot = RunningBot(e2e_settings)
    await bot.start()
    anna, boris, clara, vera = (
        Person(fake, 101),
        Person(fake, 102, "en"),
        Person(fake, 103),
        Person(fake, 201),
    )
    try:
        await onboard(anna)
        await anna.press("Семья и дела", "Семья и дела")
        await anna.press("Открыть новое дело", "Шаг 1.")
        # The son, detained in California.
        await anna.send("IVANOV IVAN", "Шаг 2.")
        await anna.press("Пропустить", "Шаг 3.")
        await anna.send("15.03.1985", "Шаг 4.")
        await anna.press("Россия", "Шаг 5.")
        await anna.send("A-123-456-789", "Шаг 6.")
        await anna.send("Adelanto", "Вот что я нашёл")
        await anna.press("Adelanto ICE Processing Center", "Шаг 7.")
        await anna.press("пропустить", "Шаг 8.")
        await anna.press("сын", "Шаг 9.")
        await anna.press("Без заметок", "Проверьте")
        await anna.press("Сохранить", "Открыл дело №1")
        # His wife, detained in Louisiana; the bot restarts halfway through her form.
        await anna.press("Добавить ещё человека", "Шаг 1.")
        await anna.send("IVANOVA OLGA", "Шаг 2.")
        await anna.send("Иванова Ольга", "Шаг 3.")
    finally:
        await bot.stop()

    # Telegram forgets updates the bot confirmed; the fake keeps them, so drop them here.
    fake.updates.clear()
    await bot.start()
    try:
        await anna.send("01.07.1988", "Шаг 4.")
        await anna.press("Россия", "Шаг 5.")
        await anna.send("987654321", "Шаг 6.")
        await anna.send("Jena", "Вот что я нашёл")
        await anna.press("Central Louisiana", "Шаг 7.")
        await anna.press("пропустить", "Шаг 8.")
        await anna.send("невестка", "Шаг 9.")
        check = await anna.press("Без заметок", "Проверьте")
        assert "Иванова Ольга" in check.text
        assert "01.07.1988" not in check.text
        assert "1988" in check.text
        await anna.press("Сохранить", "Добавил в дело №1")
        # Their daughter, in a children's shelter.
        await anna.press("Добавить ещё человека", "Шаг 1.")
        await anna.send("IVANOVA MARIA", "Шаг 2.")
        await anna.press("Пропустить", "Шаг 3.")
        await anna.send("10.05.2019", "Шаг 4.")
        await anna.press("Россия", "Шаг 5.")
        await anna.press("Не знаю A-номер", "Шаг 6.")
        await anna.press("В детском приюте", "Шаг 7.")
        await anna.press("пропустить", "Шаг 8.")
        await anna.send("внучка", "Шаг 9.")
        await anna.press("Без заметок", "Проверьте")
        await anna.press("Сохранить", "Добавил в дело №1")
        since = anna.mark()
        await anna.press("Готово", "Что почитать")
        steps = anna.texts_since(since)
        assert "«A-Number»: <code>123456789</code>" in steps
        assert "Central Louisiana ICE Processing Center" in steps
        assert "1-800-203-7001" in steps
        assert "1-800-898-7180" in steps

        # Inviting the brother, who joins after approval.
        await anna.press("Открыть дело №1", "Дело №1")
        await anna.press("Участники", "Участники дела №1")
        link = await anna.press("Пригласить родственника", "start=join_")
        assert "https://t.me/help_test_bot?start=join_" in link.text
        token = re.search(r"start=join_([A-Za-z0-9_-]+)", link.text)
        assert token
        await boris.send(f"/start join_{token.group(1)}", "Choose your language")
        await boris.press("English", "Tell me")
        await boris.press("Relative", "your data")
        await boris.press("I agree", "Who are you to the family?")
        since = anna.mark()
        await boris.send("Ivan's brother", "passed your request")
        await anna.wait("просьба присоединиться", since)
        since = boris.mark()
        await anna.press("Принять", "Приняли в дело")
        await boris.wait("You have been added to family case #1", since)

        # A volunteer takes the case.
        await add_volunteer(e2e_settings, 201)
        await anna.press("Открыть дело №1", "Дело №1")
        await anna.press("Попросить волонтёра", "Чем нужна помощь")
        since = vera.mark()
        await anna.press("Найти, где человек", "Дело в очереди")
        await vera.wait("новое семейное дело №1", since)
        queue = await vera.press("Открыть очередь", "Очередь семейных дел")
        assert "IVANOV" not in queue.text
        assert "Adelanto" not in queue.text
        await vera.press("Взять дело №1", "IVANOV IVAN")

        # Her update reaches both relatives, each in their own language.
        anna_since, boris_since = anna.mark(), boris.mark()
        await vera.press("Написать новость", "Напишите новость")
        await vera.send("Нашла Ивана, звоню адвокату", "Отправлено")
        await anna.wait("Нашла Ивана, звоню адвокату", anna_since)
        note = await boris.wait("Нашла Ивана, звоню адвокату", boris_since)
        assert "Case #1" in note.text

        # A stranger adds the same A-number: she learns nothing, the family is told.
        await onboard(clara)
        await clara.press("Семья и дела", "Семья и дела")
        await clara.press("Открыть новое дело", "Шаг 1.")
        await clara.send("IVANOV IVAN", "Шаг 2.")
        await clara.press("Пропустить", "Шаг 3.")
        await clara.press("пропустить", "Шаг 4.")
        await clara.press("Россия", "Шаг 5.")
        await clara.send("123456789", "Шаг 6.")
        await clara.press("Не знаю где", "Шаг 7.")
        await clara.press("пропустить", "Шаг 8.")
        await clara.press("Пропустить", "Шаг 9.")
        await clara.press("Без заметок", "Проверьте")
        clara_since, anna_since, vera_since = clara.mark(), anna.mark(), vera.mark()
        await clara.press("Сохранить", "Открыл дело №2")
        told = await anna.wait("кто-то ещё в этом боте ищет", anna_since)
        assert "IVANOV IVAN" in told.text or "Иванов" in told.text
        await vera.wait("кто-то ещё в этом боте ищет", vera_since)
        await asyncio.sleep(1.0)  # a few more outbox polls: still nothing for her
        heard = clara.texts_since(clara_since)
        for hint in ("ищет", "Дело №1", "дело №1", "приглаш"):
            assert hint not in heard
    finally:
        await bot.stop()
