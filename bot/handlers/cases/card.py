"""The cases screen, a case card, a person card, next steps and the timeline.

This router goes first among the cases routers: its ``/cases`` command must win over the
free-text handlers of a form in progress.
"""

from __future__ import annotations

import datetime as dt

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import service
from bot.cases.models import Person
from bot.cases.next_steps import plan_for, topics_for
from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.callbacks import MenuCb
from bot.handlers.cases.base import guard, refuse, target
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
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.knowledge.base import KnowledgeBase
from bot.models import User
from bot.places import Places
from bot.volunteers import approved_volunteer

router = RouterTemplate("cases-card")
router.message.filter(F.chat.type == ChatType.PRIVATE)

TIMELINE_TEXT = 300  # characters of each update shown in the timeline


async def show_home(
    message: Message,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
) -> None:
    mine = await service.my_cases(session, user.id)
    entries = []
    for case, _member in mine:
        people = await service.persons(session, case.id)
        names = ", ".join(display_name(service.open_person(vault, p), l10n) for p in people[:3])
        entries.append((case.id, names or l10n("cases-none")))
    waiting = None
    if is_admin or await approved_volunteer(session, user.id) is not None:
        waiting = len(await service.queue(session))
    await message.answer(
        l10n("cases-home", count=len(mine)),
        reply_markup=home_keyboard(l10n, entries, waiting, is_admin),
    )


async def show_case(
    message: Message,
    access: service.CaseAccess,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    now: dt.datetime,
) -> None:
    case = access.case
    await service.audit_view(session, access, user.id, "card", now)
    people = [(p, service.open_person(vault, p)) for p in await service.persons(session, case.id)]
    members = await service.active_members(session, case.id)
    volunteer_name = ""
    if case.volunteer_id is not None:
        volunteer_name = await member_label(session, vault, case, case.volunteer_id, l10n)
    text = case_text(
        l10n,
        access,
        [person_line(p, d, l10n, places) for p, d in people],
        volunteer_name,
        len(members),
    )
    await message.answer(text, reply_markup=case_keyboard(l10n, access, people))


async def show_person(
    message: Message,
    access: service.CaseAccess,
    person: Person,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    now: dt.datetime,
) -> None:
    await service.audit_view(session, access, user.id, "person", now)
    data = service.open_person(vault, person)
    await message.answer(
        person_card(person, data, l10n, places, now),
        reply_markup=person_keyboard(l10n, access.case.id, person.id),
    )


@router.callback_query(MenuCb.filter(F.item == "cases"))
async def on_menu_cases(
    query: CallbackQuery,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    state: FSMContext,
) -> None:
    await query.answer()
    message = target(query)
    if message is not None:
        await state.clear()
        await show_home(message, user, session, vault, l10n, is_admin)


@router.message(Command("cases"))
async def cmd_cases(
    message: Message,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    state: FSMContext,
) -> None:
    await state.clear()
    await show_home(message, user, session, vault, l10n, is_admin)


@router.callback_query(CaseCb.filter(F.action == "menu"))
async def on_home(
    query: CallbackQuery,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
) -> None:
    await query.answer()
    message = target(query)
    if message is not None:
        await show_home(message, user, session, vault, l10n, is_admin)


@router.callback_query(CaseCb.filter(F.action == "open"))
async def on_open(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
    state: FSMContext,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
    await query.answer()
    await state.clear()
    await show_case(message, access, user, session, vault, places, l10n, clock.now())


@router.callback_query(CaseCb.filter(F.action == "person"))
async def on_person(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
    try:
        person = await service.person_in_case(session, access.case.id, callback_data.arg)
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    await show_person(message, access, person, user, session, vault, places, l10n, clock.now())


@router.callback_query(CaseCb.filter(F.action == "next"))
async def on_next_steps(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    kb: KnowledgeBase,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
    await query.answer()
    now = clock.now()
    await service.audit_view(session, access, user.id, "next", now)
    items = []
    for person in await service.persons(session, access.case.id):
        data = service.open_person(vault, person)
        items.append((data, person.status))
        plan = plan_for(data, person.status, places, now.date())
        await message.answer(plan_text(data, plan, l10n, now))
    topics = [kb.topics[t] for t in topics_for(items, now.date()) if t in kb.topics]
    await message.answer(
        l10n("cases-next-reading"), reply_markup=reading_keyboard(l10n, topics, access.case.id)
    )


@router.callback_query(CaseCb.filter(F.action == "tl"))
async def on_timeline(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
    await query.answer()
    case = access.case
    await service.audit_view(session, access, user.id, "timeline", clock.now())
    events = await service.timeline(session, case.id, staff=access.is_staff)
    lines = [
        await event_line(session, vault, places, case, e, l10n, user.timezone, limit=TIMELINE_TEXT)
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
