"""The family story from issue 6, through the real dispatcher and database.

A mother opens a case for her son and daughter-in-law, detained in different states, and their
child in a shelter; her other son joins after approval; a volunteer takes the case and posts an
update that reaches both relatives; a stranger who adds the same A-number learns nothing,
while the first family is told and can invite them.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.cases.models import CaseMatch, MemberRole, MemberStatus, PersonStatus
from bot.dispatcher import App
from bot.models import AuditEvent
from bot.simulator import Simulator
from tests.case_helpers import (
    PersonInput,
    all_text,
    case_ids,
    fill_person,
    invite_token,
    make_volunteer,
    member_rows,
    onboard,
    open_case,
    person_rows,
)

IVAN = PersonInput(
    latin="ivanov ivan",
    cyrillic="иванов иван петрович",
    birth="15.03.1985",
    a_number="A-123-456-789",
    place="Adelanto",
    detained="02.11.2026",
    relation="сын",
    notes="Нужен инсулин",
)
OLGA = PersonInput(
    latin="IVANOVA OLGA",
    cyrillic="Иванова Ольга",
    birth="1988-07-01",
    a_number="А 12345678",  # Cyrillic А and an old eight-digit number
    place="Jena",
    detained="02.11.2026",
    relation="невестка",
)
MASHA = PersonInput(
    latin="IVANOVA MARIA",
    cyrillic="Иванова Мария",
    birth="10.05.2019",
    special="В детском приюте",
    relation="внучка",
)


async def test_family_case_from_opening_to_a_volunteer_update_and_a_silent_match(
    sim: Simulator, app: App
) -> None:
    anna = await onboard(sim, 1001)

    # 1. Opening the case: three people, step by step.
    await open_case(anna, IVAN)
    assert "Открыл дело №1" in anna.inbox[-1].text
    await anna.press("Добавить ещё человека")
    await fill_person(anna, OLGA)
    assert "Добавил в дело №1" in anna.inbox[-1].text
    await anna.press("Добавить ещё человека")
    await fill_person(anna, MASHA)

    people = await person_rows(app, 1)
    assert [p.status for p in people] == [PersonStatus.DETAINED] * 3
    assert [p.is_child for p in people] == [False, False, True]

    # 2. Right after: next steps built from what was entered.
    start = len(anna.inbox)
    await anna.press("Готово")
    steps = all_text(anna, start)
    assert "locator.ice.gov" in steps
    assert "«A-Number»: <code>123456789</code>" in steps
    assert "«A-Number»: <code>012345678</code>" in steps  # the leading zero was added
    assert "Last Name: <code>IVANOV</code>" in steps
    assert "First Name: <code>IVAN</code>" in steps
    assert "Date of Birth: <code>03/15/1985</code>" in steps
    assert "Country of Birth: <b>Russia</b>" in steps
    assert "Adelanto ICE Processing Center" in steps
    assert "(Лос-Анджелес, Сан-Диего (запад США))" in steps  # the zone by name, not its code
    assert "America/" not in steps
    assert "Central Louisiana ICE Processing Center" in steps
    assert "1-800-898-7180" in steps
    assert "acis.eoir.justice.gov" in steps
    assert "1-800-203-7001" in steps  # the ORR line, because a child is in a shelter
    reading = [t for t, _ in anna.inbox[-1].buttons()]
    assert any("📖" in t for t in reading)
    assert anna.inbox[-1].buttons()[0][1] == "kb:topic:family-children"

    # 3. Inviting a relative: a one-time link; he says who he is; the owner approves.
    await anna.press("Открыть дело №1")
    await anna.press("Участники")
    await anna.press("Пригласить родственника")
    link = anna.inbox[-1].text
    assert "https://t.me/asylum_help_bot?start=join_" in link
    token = invite_token(link)

    boris = sim.user(1002, first_name="Boris", language_code="en")
    await boris.send(f"/start join_{token}")
    assert "invited to a family case" in all_text(boris)
    await boris.press("English")
    await boris.press(1)
    replies = await boris.press("I agree")
    assert "Who are you to the family?" in replies[-1].text
    replies = await boris.send("Ivan's brother")
    assert "passed your request" in replies[-1].text

    await sim.deliver(app.delivery)
    request = anna.inbox[-1]
    assert "просьба присоединиться" in request.text
    assert "Ivan&#x27;s brother" in request.text or "Ivan's brother" in request.text
    assert "Boris" in request.text  # the Telegram name, so she knows who it is
    await anna.press("Принять")
    await sim.deliver(app.delivery)
    assert "You have been added to family case #1" in boris.inbox[-1].text
    members = await member_rows(app, 1)
    assert [(m.user_id, m.role, m.status) for m in members] == [
        (1001, MemberRole.OWNER, MemberStatus.ACTIVE),
        (1002, MemberRole.MEMBER, MemberStatus.ACTIVE),
    ]
    # The link worked once.
    carl = sim.user(1009)
    replies = await carl.send(f"/start join_{token}")
    assert "одноразовая" in replies[0].text

    # 4. A volunteer: the queue shows no names or places; taking is atomic; views audited.
    await make_volunteer(app, 2001, name="Вера")
    vera = sim.user(2001)
    await anna.press("Открыть дело №1")
    await anna.press("Попросить волонтёра")
    await anna.press("Найти, где человек")
    await sim.deliver(app.delivery)
    assert "новое семейное дело №1" in vera.inbox[-1].text
    await vera.press("Открыть очередь")
    queue_text = vera.inbox[-1].text
    assert "Дело №1" in queue_text
    assert "CA, LA" in queue_text
    for secret in ("IVANOV", "Иванов", "Adelanto", "Jena", "Louisiana", "123456789", "инсулин"):
        assert secret not in queue_text
    await vera.press("Взять дело №1")
    card = vera.inbox[-1].text
    assert "Иванов Иван Петрович" in card
    assert "Adelanto ICE Processing Center" in card
    await vera.press("Иванов Иван Петрович")
    assert "A-123-456-789" in vera.inbox[-1].text
    async with app.sessionmaker() as session:
        actions = (
            await session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.actor_id == 2001)
                .order_by(AuditEvent.id)
            )
        ).all()
    assert actions == ["case.take", "case.view.card", "case.view.person"]
    await sim.deliver(app.delivery)
    assert "Дело взял(а): волонтёр Вера" in anna.inbox[-1].text
    assert "Case taken by volunteer Вера" in boris.inbox[-1].text

    # 5. An update from the volunteer reaches both relatives, each in their own language frame.
    await vera.press("Открыть дело №1")
    await vera.press("Написать новость")
    await vera.send("Адвокат подал на бонд, заседание 25 ноября <в 9:00>")
    await sim.deliver(app.delivery)
    for relative, frame in ((anna, "Дело №1"), (boris, "Case #1")):
        notice = relative.inbox[-1].text
        assert frame in notice
        assert "Адвокат подал на бонд, заседание 25 ноября &lt;в 9:00&gt;" in notice
    assert "Вера" in anna.inbox[-1].text

    # 6. A stranger adds the same A-number in a new case: she learns nothing ...
    clara = await onboard(sim, 1003)
    start = len(clara.inbox)
    await open_case(
        clara,
        PersonInput(latin="IVANOV IVAN", a_number="123456789", special="Не знаю где"),
    )
    stranger_saw = all_text(clara, start)
    assert "Открыл дело №2" in stranger_saw
    for hint in ("ищет", "другая семья", "дело №1", "Дело №1", "совпад"):
        assert hint not in stranger_saw
    sent = await sim.deliver(app.delivery)
    assert 1003 not in sent
    # ... while the first family's owner and volunteer are told, privately.
    assert "кто-то ещё в этом боте ищет <b>Иванов Иван Петрович</b>" in anna.inbox[-1].text
    assert "тот же A-номер" in anna.inbox[-1].text
    assert 2001 in sent
    assert 1002 not in sent
    async with app.sessionmaker() as session:
        match = await session.scalar(select(CaseMatch))
        assert match is not None
        assert (match.case_id, match.seeker_id, match.basis) == (1, 1003, "a_number")

    # The family chooses to invite her; she joins only after approval.
    await anna.press("Отправить приглашение")
    await sim.deliver(app.delivery)
    assert "приглашает вас в своё дело" in clara.inbox[-1].text
    assert "IVANOV IVAN" in clara.inbox[-1].text  # her own entry, nothing of theirs
    await clara.press("Попроситься в дело")
    await clara.send("двоюродная сестра Ивана")
    await sim.deliver(app.delivery)
    await anna.press("Принять")
    assert [m.user_id for m in await member_rows(app, 1) if m.status == "active"] == [
        1001,
        1002,
        1003,
    ]
    assert await case_ids(app) == [1, 2]
