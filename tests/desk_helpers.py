"""Story helpers for the volunteer desk: people onboard, volunteers sign up through the real
form and an admin approves them, a person asks; everything goes through the dispatcher."""

from __future__ import annotations

from aiogram.methods import AnswerCallbackQuery
from sqlalchemy import func, select

from bot.desk.models import Ticket, TicketMessage
from bot.dispatcher import App
from bot.models import OutboxMessage, OutboxStatus
from bot.recording import Sent
from bot.simulator import Simulator, SimUser
from tests import conftest
from tests.conftest import ADMIN_ID

QUESTION = "Мужа задержали на границе в Техасе, потом перевели. Как узнать, где он сейчас?"


async def onboard(
    sim: Simulator, user_id: int, *, role: int = 1, lang: str = "Русский"
) -> SimUser:
    """Onboarding with a Telegram name and username, so stories can check neither leaks."""
    return await conftest.onboard(
        sim, user_id, lang, role=role, first_name=f"Name{user_id}", username=f"user{user_id}"
    )


async def make_volunteer(
    sim: Simulator,
    app: App,
    user_id: int,
    name: str,
    *,
    languages: tuple[str, ...] = (),
    areas: tuple[str, ...] = ("Задержание",),
    show_name: bool = False,
    approve: bool = True,
) -> SimUser:
    """Onboard as "I am a volunteer", fill in the form, and let the admin approve it."""
    admin = sim.user(ADMIN_ID)
    volunteer = await onboard(sim, user_id, role=4)
    await volunteer.press("Заполнить анкету")
    await volunteer.send(name)
    for language in languages:  # Russian is ticked already (the person's language)
        await volunteer.press(language)
    await volunteer.press("Дальше")
    for area in areas:
        await volunteer.press(area)
    await volunteer.press("Дальше")
    await volunteer.press("Показывать имя" if show_name else "Остаться анонимным")
    await sim.deliver(app.delivery)
    if approve:
        await admin.press_data(f"vol:approve:{user_id}")
        await sim.deliver(app.delivery)
    return volunteer


async def ask(
    sim: Simulator,
    app: App,
    person: SimUser,
    question: str = QUESTION,
    category: str = "Задержание",
) -> int:
    """Ask a volunteer from the menu; returns the ticket number."""
    await person.send("/menu")
    replies = await person.press("Спросить волонтёра")
    if "Ваши вопросы волонтёрам" in replies[-1].text:
        await person.press("Новый вопрос")
    await person.send(question)
    replies = await person.press(category)
    assert "Ваш вопрос — номер" in replies[-1].text, replies[-1].text
    async with app.sessionmaker() as session:
        ticket_id = await session.scalar(
            select(func.max(Ticket.id)).where(Ticket.user_id == person.id)
        )
    assert ticket_id is not None
    return int(ticket_id)


async def ticket(app: App, ticket_id: int) -> Ticket:
    async with app.sessionmaker() as session:
        row = await session.get(Ticket, ticket_id)
        assert row is not None
        return row


async def messages(app: App, ticket_id: int) -> list[TicketMessage]:
    async with app.sessionmaker() as session:
        return list(
            await session.scalars(
                select(TicketMessage)
                .where(TicketMessage.ticket_id == ticket_id)
                .order_by(TicketMessage.id)
            )
        )


async def pending(app: App, kind_prefix: str = "desk.") -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        return list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.kind.startswith(kind_prefix),
                )
            )
        )


def answers_since(sim: Simulator, start: int) -> list[str]:
    """Texts of callback answers (alerts and toasts) since request number ``start``."""
    return [
        r.text or "" for r in sim.session.requests[start:] if isinstance(r, AnswerCallbackQuery)
    ]


async def press_alert(person: SimUser, data: str) -> str:
    """Press raw (possibly forged) callback data; return what the bot answered."""
    start = len(person.sim.session.requests)
    await person.press_data(data)
    answers = answers_since(person.sim, start)
    assert answers, "the press was not answered"
    return answers[-1]


def texts(sent: list[Sent]) -> str:
    return "\n---\n".join(s.text for s in sent)
