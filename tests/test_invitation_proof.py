"""Joining a family case needs proof of the invitation: nothing a client sends stands in for
the token, forged buttons get the same answer as a wrong token, wrong tokens are slowed down."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.cases import invitations
from bot.cases.models import CaseMember, Invitation
from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.simulator import Simulator
from tests.case_helpers import add_user, invite_token, member_rows, press_and_alert, seed_case

NOT_FOUND = "Приглашение не найдено"
SLOW_DOWN = "Слишком много неверных ссылок"


async def _invite(sim: Simulator, case_id: int, owner_id: int) -> str:
    owner = sim.user(owner_id)
    await owner.press_data(f"cs:inv:{case_id}:0")
    return invite_token(owner.inbox[-1].text)


async def test_a_forged_join_button_is_answered_like_a_wrong_token(
    sim: Simulator, app: App
) -> None:
    case_id = await seed_case(app, 1001)
    token = await _invite(sim, case_id, 1001)
    async with app.sessionmaker() as session:
        invitation = await session.scalar(select(Invitation))
    assert invitation is not None
    await add_user(app, 1666)
    mallory = sim.user(1666)
    alert = await press_and_alert(mallory, f"cj:go:{invitation.id}")
    assert alert is not None
    assert NOT_FOUND in alert
    # An id that exists and one that does not get the same words: nothing is revealed.
    assert await press_and_alert(mallory, f"cj:go:{invitation.id + 1000}") == alert
    replies = await mallory.send("брат")  # no join flow was opened by the forged button
    assert "Кем вы приходитесь" not in replies[-1].text
    async with app.sessionmaker() as session:
        row = await session.get(Invitation, invitation.id)
        assert row is not None
        assert row.used_at is None
    assert [m.user_id for m in await member_rows(app, case_id)] == [1001]
    # The real relative's link still works.
    await add_user(app, 1002)
    relative = sim.user(1002)
    replies = await relative.send(f"/start join_{token}")
    assert "Кем вы приходитесь семье" in replies[-1].text
    await relative.send("сестра")
    assert sorted(m.user_id for m in await member_rows(app, case_id)) == [1001, 1002]


async def test_joining_uses_the_proved_invitation_not_an_id(sim: Simulator, app: App) -> None:
    """The state keeps a proof of the token; a join cannot be redirected to another case."""
    first = await seed_case(app, 1001)
    await seed_case(app, 1003)
    token = await _invite(sim, first, 1001)
    await add_user(app, 1002)
    relative = sim.user(1002)
    await relative.send(f"/start join_{token}")
    context = app.dispatcher.fsm.resolve_context(app.bot, 1002, 1002)
    assert context is not None
    data = await context.get_data()
    assert set(data) == {"proof"}
    assert token not in str(data)
    await relative.send("брат")
    async with app.sessionmaker() as session:
        cases = (
            await session.scalars(select(CaseMember.case_id).where(CaseMember.user_id == 1002))
        ).all()
    assert list(cases) == [first]


async def test_wrong_tokens_from_one_person_are_slowed_down(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    case_id = await seed_case(app, 1001)
    token = await _invite(sim, case_id, 1001)
    await add_user(app, 1666)
    mallory = sim.user(1666)
    for n in range(invitations.MAX_BAD_TOKENS_PER_PERSON):
        replies = await mallory.send(f"/start join_WrongToken{n:04d}abcdefgh")
        assert NOT_FOUND in replies[0].text
    # Even the right token waits now: the answer does not tell a guess from the real one.
    replies = await mallory.send(f"/start join_{token}")
    assert SLOW_DOWN in replies[0].text
    # Someone else is not affected.
    await add_user(app, 1002)
    replies = await sim.user(1002).send(f"/start join_{token}")
    assert "Кем вы приходитесь семье" in replies[-1].text
    # An hour later the person may try again.
    clock.advance(invitations.BAD_TOKEN_WINDOW_PERSON + dt.timedelta(seconds=1))
    replies = await mallory.send("/start join_WrongTokenAgain0000")
    assert NOT_FOUND in replies[0].text


async def test_wrong_tokens_from_many_people_are_slowed_down(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    case_id = await seed_case(app, 1001)
    token = await _invite(sim, case_id, 1001)
    limit = invitations.MAX_BAD_TOKENS_OVERALL
    per_person = invitations.MAX_BAD_TOKENS_PER_PERSON - 1
    uid = 5000
    tried = 0
    while tried < limit:
        await add_user(app, uid)
        guesser = sim.user(uid)
        for n in range(min(per_person, limit - tried)):
            await guesser.send(f"/start join_Guess{uid}x{n:04d}abcdef")
            tried += 1
        uid += 1
    await add_user(app, 1002)
    replies = await sim.user(1002).send(f"/start join_{token}")
    assert SLOW_DOWN in replies[0].text
    clock.advance(invitations.BAD_TOKEN_WINDOW_OVERALL + dt.timedelta(seconds=1))
    replies = await sim.user(1002).send(f"/start join_{token}")
    assert "Кем вы приходитесь семье" in replies[-1].text
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(CaseMember)) == 1
