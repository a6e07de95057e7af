"""The desk's rules called directly, without Telegram: what a question must look like, who may
read or write in a ticket, what a card shows, proposals, the sign-up form, notice payloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.crypto import Vault
from bot.desk import conversation as conv
from bot.desk import lists, notify, proposals
from bot.desk import tickets as desk
from bot.desk import volunteers as vols
from bot.desk.models import Author, CloseReason, KbProposal, ProposalStatus, Ticket
from bot.desk.policy import DeskPolicy
from bot.desk.tickets import Closer, Outcome
from bot.dispatcher import App
from bot.models import AuditEvent, OutboxMessage, User, Volunteer, VolunteerStatus
from tests.conftest import AppFactory

ANNA, BORIS, VERA, PETR, ADMIN = 1001, 1002, 2001, 2002, 9000
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
POLICY = DeskPolicy(admin_ids=frozenset({ADMIN}), max_open=2)
VAULT = Vault.generate()


@pytest.fixture
async def session(
    db_url: str, settings: Settings, make_app: AppFactory
) -> AsyncIterator[AsyncSession]:
    app: App = make_app(settings.model_copy(update={"database_url": db_url}))
    async with app.sessionmaker() as session, session.begin():
        for uid in (ANNA, BORIS, VERA, PETR, ADMIN):
            session.add(User(id=uid, locale="ru", consent_at=NOW, created_at=NOW))
        await session.flush()
        for uid, status in ((VERA, VolunteerStatus.APPROVED), (PETR, VolunteerStatus.APPROVED)):
            session.add(
                Volunteer(
                    user_id=uid,
                    display_name=f"V{uid}",
                    languages=["ru"],
                    areas=["court"],
                    status=status,
                    created_at=NOW,
                )
            )
        await session.flush()
        yield session


async def new_ticket(session: AsyncSession, user_id: int = ANNA, text: str = "вопрос") -> Ticket:
    created = await desk.create(
        session, VAULT, POLICY, desk.NewQuestion(user_id, text, "court", "ru"), NOW
    )
    return created.ticket


# ---- pure rules -----------------------------------------------------------------------------


def test_a_question_needs_words_and_fits_one_message() -> None:
    assert desk.question_problem("ok") == "short"
    assert desk.question_problem("12345 67890") == "short"  # no words at all
    assert desk.question_problem("Где муж?") is None
    assert desk.question_problem("а" * desk.MAX_QUESTION) is None
    assert desk.question_problem("а" * (desk.MAX_QUESTION + 1)) == "long"


def test_a_draft_joins_the_parts_and_is_cut_to_the_limit() -> None:
    assert desk.draft("  первая часть ") == "первая часть"
    assert desk.draft("первая", "вторая") == "первая\nвторая"
    assert desk.draft("", "только это") == "только это"
    assert len(desk.draft("а" * desk.MAX_QUESTION, "ещё")) == desk.MAX_QUESTION


@pytest.mark.parametrize(
    ("raw", "stars"), [("1", 1), ("5", 5), ("0", None), ("6", None), ("-1", None), ("x", None)]
)
def test_only_one_to_five_stars_count(raw: str, stars: int | None) -> None:
    assert desk.parse_stars(raw) == stars


def test_the_sign_up_form_accepts_only_its_own_options() -> None:
    assert vols.valid_choice("lang", "uk")
    assert vols.valid_choice("area", "court")
    assert vols.valid_choice("show", "0")
    assert not vols.valid_choice("lang", "de")
    assert not vols.valid_choice("area", "other")  # a ticket category, not an area to cover
    assert not vols.valid_choice("show", "yes")
    assert not vols.valid_choice("done", "lang")  # "done" is checked against the form's step
    assert vols.toggled(["ru"], "en") == ["ru", "en"]
    assert vols.toggled(["ru", "en"], "ru") == ["en"]


def test_a_ticket_notice_carries_its_number_and_its_keyboard_acts_on_it() -> None:
    assert notify.about(7) == {"args": {"ticket": 7}, "kb": None, "ticket": None}
    assert notify.about(7, kb="vol_open", hours=3) == {
        "args": {"ticket": 7, "hours": 3},
        "kb": "vol_open",
        "ticket": 7,
    }


# ---- with a database --------------------------------------------------------------------------


async def test_limits_and_queue_size(session: AsyncSession) -> None:
    assert not await desk.at_limit(session, ANNA, POLICY)
    first = await new_ticket(session)
    await new_ticket(session)
    assert await desk.at_limit(session, ANNA, POLICY)
    assert await lists.queue_size(session) == 2
    assert await desk.claim(session, first.id, VERA, NOW) == Outcome.OK
    assert await lists.queue_size(session) == 1
    assert not await desk.at_limit(session, BORIS, POLICY)


async def test_only_the_volunteer_on_it_holds_a_ticket(session: AsyncSession) -> None:
    tid = (await new_ticket(session)).id
    ticket = await desk.get(session, tid)
    assert ticket is not None
    assert not desk.holds(ticket, VERA)  # still open
    await desk.claim(session, tid, VERA, NOW)
    ticket = await desk.get(session, tid)
    assert ticket is not None
    assert desk.holds(ticket, VERA)
    assert not desk.holds(ticket, PETR)
    await desk.close(
        session, tid, VERA, by=Closer.VOLUNTEER, reason=CloseReason.VOLUNTEER, now=NOW
    )
    ticket = await desk.get(session, tid)
    assert ticket is not None
    assert not desk.holds(ticket, VERA)  # closed: nobody holds it any more


async def test_who_may_read_a_ticket(session: AsyncSession) -> None:
    tid = (await new_ticket(session)).id
    await desk.claim(session, tid, VERA, NOW)
    ticket = await desk.get(session, tid)

    async def reader(
        user_id: int, *, is_admin: bool = False, of: Ticket | None = ticket
    ) -> Outcome:
        return await conv.reader_outcome(session, of, user_id, is_admin=is_admin)

    assert await reader(VERA) == Outcome.OK
    assert await reader(ADMIN, is_admin=True) == Outcome.OK
    assert await reader(PETR) == Outcome.NOT_YOURS
    assert await reader(BORIS) == Outcome.NOT_VOLUNTEER
    assert await reader(ANNA) == Outcome.NOT_VOLUNTEER  # the card is the volunteers' view
    # A number that is no ticket is refused like someone else's ticket.
    assert await reader(PETR, of=None) == Outcome.NOT_YOURS
    assert await reader(ADMIN, is_admin=True, of=None) == Outcome.NOT_YOURS
    assert await reader(BORIS, of=None) == Outcome.NOT_VOLUNTEER


async def test_who_writes_on_which_side(session: AsyncSession) -> None:
    tid = (await new_ticket(session)).id
    assert await conv.writes_as(session, tid, ANNA) == (Outcome.OK, Author.USER)
    assert await conv.writes_as(session, tid, VERA) == (Outcome.NOT_YOURS, None)  # not taken
    await desk.claim(session, tid, VERA, NOW)
    assert await conv.writes_as(session, tid, VERA) == (Outcome.OK, Author.VOLUNTEER)
    assert await conv.writes_as(session, tid, PETR) == (Outcome.NOT_YOURS, None)
    assert await conv.writes_as(session, tid, BORIS) == (Outcome.NOT_VOLUNTEER, None)
    assert await conv.writes_as(session, tid + 100, ANNA) == (Outcome.MISSING, None)
    await desk.close(session, tid, ANNA, by=Closer.USER, reason=CloseReason.SOLVED, now=NOW)
    assert await conv.writes_as(session, tid, ANNA) == (Outcome.CLOSED, None)


async def test_a_message_says_whom_it_went_to(session: AsyncSession) -> None:
    tid = (await new_ticket(session)).id

    async def add(actor: int, *, as_volunteer: bool) -> conv.Said:
        return await conv.add_message(
            session,
            VAULT,
            tid,
            actor,
            conv.Incoming("text", "текст"),
            as_volunteer=as_volunteer,
            now=NOW,
        )

    assert await add(ANNA, as_volunteer=False) == conv.Said(Outcome.OK, None)  # waits
    assert await add(VERA, as_volunteer=True) == conv.Said(Outcome.OPEN)
    await desk.claim(session, tid, VERA, NOW)
    assert await add(ANNA, as_volunteer=False) == conv.Said(Outcome.OK, VERA)
    assert await add(VERA, as_volunteer=True) == conv.Said(Outcome.OK, ANNA)
    assert await add(BORIS, as_volunteer=False) == conv.Said(Outcome.NOT_YOURS)


async def test_a_card_shows_the_conversation_after_the_question_and_is_audited(
    session: AsyncSession,
) -> None:
    ticket = await new_ticket(session, text="Где мой муж?")
    await desk.claim(session, ticket.id, VERA, NOW)
    await conv.add_message(
        session,
        VAULT,
        ticket.id,
        ANNA,
        conv.Incoming("photo", "его бумага", (ANNA, 55)),
        as_volunteer=False,
        now=NOW,
    )
    await conv.add_note(session, VAULT, ticket.id, VERA, "проверить Луизиану", NOW)

    card = await conv.read_card(session, VAULT, ticket, VERA, NOW)

    assert card.question == "Где мой муж?"
    assert [(e.author, e.text) for e in card.entries] == [
        (Author.USER, "его бумага"),
        (Author.NOTE, "проверить Луизиану"),
    ]
    assert card.files == 1
    views = await session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.action == "desk.view", AuditEvent.object_id == str(ticket.id)
        )
    )
    assert list(views) == [VERA]


async def test_proposals_wait_for_one_admin_decision(session: AsyncSession) -> None:
    tid = (await new_ticket(session)).id
    await desk.claim(session, tid, VERA, NOW)
    assert await proposals.propose(session, VAULT, tid, VERA, POLICY, NOW) == (
        Outcome.NO_ANSWER,
        None,
    )
    await conv.add_message(
        session, VAULT, tid, VERA, conv.Incoming("text", "Ответ"), as_volunteer=True, now=NOW
    )
    outcome, proposal = await proposals.propose(session, VAULT, tid, VERA, POLICY, NOW)
    assert outcome == Outcome.OK
    assert proposal is not None
    assert [p.id for p in await proposals.pending(session)] == [proposal.id]

    assert await proposals.review(session, proposal.id, accept=True, admin_id=ADMIN, now=NOW)
    assert not await proposals.review(session, proposal.id, accept=False, admin_id=ADMIN, now=NOW)
    assert not await proposals.review(
        session, proposal.id + 1, accept=True, admin_id=ADMIN, now=NOW
    )
    row = await session.get(KbProposal, proposal.id)
    assert row is not None
    assert (row.status, row.reviewed_by, row.reviewed_at) == (ProposalStatus.ACCEPTED, ADMIN, NOW)
    assert await proposals.pending(session) == []


async def test_the_queue_is_for_volunteers_and_admins(session: AsyncSession) -> None:
    assert await vols.may_see_queue(session, VERA, is_admin=False)
    assert await vols.may_see_queue(session, ADMIN, is_admin=True)
    assert not await vols.may_see_queue(session, BORIS, is_admin=False)


async def test_away_toggles_only_for_approved_volunteers(session: AsyncSession) -> None:
    first = await vols.toggle_away(session, VERA)
    assert first is not None
    assert first.away
    second = await vols.toggle_away(session, VERA)
    assert second is not None
    assert not second.away
    assert await vols.toggle_away(session, BORIS) is None


async def test_queued_payloads_read_back_as_they_were_written(session: AsyncSession) -> None:
    await notify.info(
        session, ANNA, "desk-user-claimed", now=NOW, dedup="a", **notify.about(5, kb="vol_open")
    )
    await notify.info(session, ADMIN, "vol-admin-request", now=NOW, dedup="b", kb="signup", ref=7)
    await notify.announce(session, VERA, 5, 2, 1, NOW)
    await notify.relay(session, VERA, 11, media=True, now=NOW)
    rows = {
        (row.kind, row.chat_id, row.payload.get("part")): row.payload
        for row in await session.scalars(select(OutboxMessage))
    }

    claimed = notify.notice(rows[(notify.KIND_INFO, ANNA, None)])
    assert claimed == notify.Notice("desk-user-claimed", {"ticket": 5}, "vol_open", 5)
    signup = notify.notice(rows[(notify.KIND_INFO, ADMIN, None)])
    assert (signup.kb, signup.ref) == ("signup", 7)
    assert notify.announcement(rows[(notify.KIND_NOTIFY, VERA, None)]) == notify.Announcement(
        ticket=5, round=2, ping=1
    )
    assert notify.relayed(rows[(notify.KIND_RELAY, VERA, "head")]) == notify.Relayed(11, "head")
    assert notify.relayed(rows[(notify.KIND_RELAY, VERA, "copy")]) == notify.Relayed(11, "copy")
