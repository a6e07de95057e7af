"""Family cases' rough edges, found by trying them as a frightened relative and a volunteer
would (issue 11): nothing typed is lost without a word, numbers read as words, one name for
the A-number, and /forget says what happens to a shared case before it happens."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bot.cases.models import Case
from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.handlers.callbacks import MenuCb
from bot.simulator import Simulator
from tests.case_helpers import (
    PersonInput,
    add_member,
    case_ids,
    fill_person,
    make_volunteer,
    onboard,
    open_case,
    seed_case,
)

ROOT = Path(__file__).resolve().parent.parent
IVAN = PersonInput(
    latin="ivanov ivan",
    cyrillic="иванов иван",
    birth="15.03.1985",
    a_number="A-123-456-789",
    place="Adelanto",
    detained="02.11.2026",
    relation="сын",
    notes="",
)


async def test_the_volunteer_queue_says_how_long_a_family_waits_in_days_and_hours(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    anna = await onboard(sim, 1001)
    await open_case(anna, IVAN)
    await anna.press("Открыть дело №1")
    await anna.press("Попросить волонтёра")
    await anna.press("Найти, где человек")
    await make_volunteer(app, 2001, name="Вера")
    vera = sim.user(2001)
    clock.advance(dt.timedelta(days=102, hours=5, minutes=20))
    await vera.send("/cases")
    await vera.press("Очередь")
    text = vera.inbox[-1].text
    assert "ждёт 102 дня 5 часов" in text
    assert "2453" not in text
    assert " ч\n" not in text


def test_the_a_number_has_one_name_in_the_russian_interface() -> None:
    """«A-номер» (Latin A) everywhere; the English names appear only quoted, as printed on
    documents and on the ICE site."""
    for path in sorted((ROOT / "locales" / "ru").glob("*.ftl")):
        text = path.read_text(encoding="utf-8")
        unquoted = re.sub(r"«[^»]*»", "", text)
        assert not re.search(r"\u0410-номер", text), path.name  # Cyrillic А
        assert not re.search(r"(?i)a-number|alien number|номер\s+[AА]\b", unquoted), path.name


async def test_a_finished_form_is_kept_when_an_older_menu_button_is_pressed(
    sim: Simulator, app: App
) -> None:
    anna = await onboard(sim, 1001)
    old_menu = (await anna.send("/menu"))[-1]
    await anna.press("Семья и дела")
    await anna.press("Открыть новое дело")
    await fill_person(anna, IVAN, save=False)
    assert "Сохранить" in anna.last_with_buttons().buttons()[0][0]

    # The relative scrolls up and presses "Справочник" on the old menu: nothing is lost.
    replies = await anna.press_data(MenuCb(item="kb").pack(), on=old_menu)
    asked = replies[-1]
    assert "Анкета ещё не сохранена" in asked.text
    assert "IVANOV IVAN" in asked.text
    labels = [label for label, _ in asked.buttons()]
    assert labels == ["✅ Сохранить", "✏️ Вернуться к анкете", "🗑 Выбросить анкету"]
    assert await case_ids(app) == []

    # Back to the form: the summary again; then saved.
    replies = await anna.press("Вернуться к анкете")
    assert "IVANOV IVAN" in replies[-1].text
    await anna.press_data(MenuCb(item="kb").pack(), on=old_menu)
    await anna.press("Сохранить")
    assert len(await case_ids(app)) == 1
    # Now the old menu button works as usual.
    replies = await anna.press_data(MenuCb(item="kb").pack(), on=old_menu)
    assert "Анкета ещё не сохранена" not in replies[-1].text


async def test_nothing_typed_nothing_to_keep(sim: Simulator, app: App) -> None:
    """A form with no answer yet is left as before: the other button simply works."""
    anna = await onboard(sim, 1001)
    old_menu = (await anna.send("/menu"))[-1]
    await anna.press("Семья и дела")
    await anna.press("Открыть новое дело")
    replies = await anna.press_data(MenuCb(item="kb").pack(), on=old_menu)
    assert "Анкета ещё не сохранена" not in replies[-1].text


async def test_forget_by_a_case_owner_says_what_happens_and_tells_the_family(
    sim: Simulator, app: App
) -> None:
    anna = await onboard(sim, 1001)
    shared = await seed_case(app, 1001)
    await add_member(app, shared, 1002, relation="брат")
    alone = await seed_case(app, 1001)
    await make_volunteer(app, 2001, name="Вера")
    async with app.sessionmaker() as session, session.begin():
        case = await session.get(Case, shared)
        assert case is not None
        case.volunteer_id = 2001
    boris, vera = sim.user(1002), sim.user(2001)

    # Before confirming, the owner hears what happens to each case.
    replies = await anna.send("/forget")
    question = replies[-1].text
    assert (
        f"Семейное дело №{shared} останется у семьи: владельцем станет брат; "
        "ему и волонтёру дела придёт сообщение об этом." in question
    )
    assert f"Семейное дело №{alone}: в нём, кроме вас, никого нет" in question

    await anna.press("Да, удалить всё")
    await sim.deliver(app.delivery)
    assert "Теперь владелец дела — вы" in boris.inbox[-1].text
    assert f"Владелец семейного дела №{shared} удалил свои данные" in vera.inbox[-1].text
    async with app.sessionmaker() as session:
        case = await session.get(Case, shared)
        assert case is not None
        assert case.owner_id == 1002
        assert await session.get(Case, alone) is None
    for text in (boris.inbox[-1].text, vera.inbox[-1].text):
        assert "U1001" not in text  # the notices never name the person who left


async def test_forget_by_someone_without_cases_is_unchanged(sim: Simulator) -> None:
    anna = await onboard(sim, 1001)
    replies = await anna.send("/forget")
    assert "Семейное дело" not in replies[-1].text
