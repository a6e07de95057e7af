"""The cases screen, a case card, a person card, next steps and the timeline.

This router goes first among the cases routers: its ``/cases`` command must win over the
free-text handlers of a form in progress.
"""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.cases import service, timeline
from bot.cases.models import Person
from bot.cases.next_steps import plan_for, topics_for
from bot.handlers.callbacks import MenuCb
from bot.handlers.cases.base import HasCase
from bot.handlers.cases.ui import (
    CaseCb,
    back_to_case,
    case_keyboard,
    case_text,
    display_name,
    event_line,
    fit_timeline,
    fmt,
    home_keyboard,
    member_label,
    person_card,
    person_keyboard,
    person_line,
    plan_text,
    reading_keyboard,
)
from bot.handlers.kit import target
from bot.handlers.template import private_router
from bot.knowledge.base import KnowledgeBase
from bot.turn import Turn
from bot.volunteers import approved_volunteer

router = private_router("cases-card")

TIMELINE_TEXT = 300  # characters of each update shown in the timeline


async def show_home(message: Message, turn: Turn) -> None:
    session, l10n = turn.session, turn.l10n
    mine = await service.my_cases(session, turn.user.id)
    entries = []
    for case, _member in mine:
        people = await service.persons(session, case.id)
        names = ", ".join(
            display_name(service.open_person(turn.vault, p), l10n) for p in people[:3]
        )
        entries.append((case.id, names or l10n("cases-none")))
    waiting = None
    if turn.is_admin or await approved_volunteer(session, turn.user.id) is not None:
        waiting = len(await service.queue(session))
    await message.answer(
        l10n("cases-home", count=len(mine)),
        reply_markup=home_keyboard(l10n, entries, waiting, turn.is_admin),
    )


async def show_case(message: Message, access: service.CaseAccess, turn: Turn) -> None:
    case, session, l10n = access.case, turn.session, turn.l10n
    await service.audit_view(session, access, turn.user.id, "card", turn.now())
    people = [
        (p, service.open_person(turn.vault, p)) for p in await service.persons(session, case.id)
    ]
    members = await service.active_members(session, case.id)
    volunteer_name = ""
    if case.volunteer_id is not None:
        author = await timeline.author_of(session, turn.vault, case, case.volunteer_id)
        volunteer_name = member_label(l10n, author)
    text = case_text(
        l10n,
        access,
        [person_line(p, d, l10n, turn.places) for p, d in people],
        volunteer_name,
        len(members),
    )
    await message.answer(text, reply_markup=case_keyboard(l10n, access, people))


async def show_person(
    message: Message, access: service.CaseAccess, person: Person, turn: Turn
) -> None:
    now = turn.now()
    await service.audit_view(turn.session, access, turn.user.id, "person", now)
    data = service.open_person(turn.vault, person)
    await message.answer(
        person_card(person, data, turn.l10n, turn.places, now),
        reply_markup=person_keyboard(turn.l10n, access.case.id, person.id),
    )


@router.callback_query(MenuCb.filter(F.item == "cases"))
async def on_menu_cases(query: CallbackQuery, turn: Turn, state: FSMContext) -> None:
    message = target(query)
    await query.answer()
    await state.clear()
    await show_home(message, turn)


@router.message(Command("cases"))
async def cmd_cases(message: Message, turn: Turn, state: FSMContext) -> None:
    await state.clear()
    await show_home(message, turn)


@router.callback_query(CaseCb.filter(F.action == "menu"))
async def on_home(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    await show_home(message, turn)


@router.callback_query(CaseCb.filter(F.action == "open"), HasCase())
async def on_open(
    query: CallbackQuery,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
    state: FSMContext,
) -> None:
    await query.answer()
    await state.clear()
    await show_case(message, access, turn)


@router.callback_query(CaseCb.filter(F.action == "person"), HasCase())
async def on_person(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    person = await service.person_in_case(turn.session, access.case.id, callback_data.arg)
    await query.answer()
    await show_person(message, access, person, turn)


@router.callback_query(CaseCb.filter(F.action == "next"), HasCase())
async def on_next_steps(
    query: CallbackQuery,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
    kb: KnowledgeBase,
) -> None:
    await query.answer()
    now, l10n = turn.now(), turn.l10n
    await service.audit_view(turn.session, access, turn.user.id, "next", now)
    items = []
    for person in await service.persons(turn.session, access.case.id):
        data = service.open_person(turn.vault, person)
        items.append((data, person.status))
        plan = plan_for(data, person.status, turn.places, now.date())
        await message.answer(plan_text(data, plan, l10n, now))
    topics = [kb.topics[t] for t in topics_for(items, now.date()) if t in kb.topics]
    await message.answer(
        l10n("cases-next-reading"), reply_markup=reading_keyboard(l10n, topics, access.case.id)
    )


@router.callback_query(CaseCb.filter(F.action == "tl"), HasCase())
async def on_timeline(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn
) -> None:
    await query.answer()
    case, session, l10n = access.case, turn.session, turn.l10n
    await service.audit_view(session, access, turn.user.id, "timeline", turn.now())
    events = await service.timeline(session, case.id, staff=access.is_staff)
    lines = [
        event_line(
            l10n,
            turn.places,
            await timeline.describe(session, turn.vault, case, e),
            turn.user.timezone,
            limit=TIMELINE_TEXT,
        )
        for e in events
    ]
    await message.answer(
        fmt(
            l10n,
            "cases-timeline",
            case=case.id,
            lines="\n".join(fit_timeline(lines)) or l10n("cases-none"),
        ),
        reply_markup=back_to_case(l10n, case.id),
    )
