"""Looking: /hearings (the overview), one hearing's card, the case's .ics calendar."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.callbacks import MenuCb
from bot.handlers.hearings import ui
from bot.handlers.hearings.base import (
    case_allowed,
    end_flow,
    msg,
    needs_consent,
    pick_case,
    pressed_hearing,
)
from bot.handlers.hearings.ui import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import export, service
from bot.i18n import L10n
from bot.models import User
from bot.places import Places

# Before the form's routers: /hearings typed in the middle of a form leaves it.
router = RouterTemplate("hearings-views")


async def show_overview(
    target: Message,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
) -> None:
    if needs_consent(user):
        await target.answer(l10n("hearings-need-consent"))
        return
    text, markup = await ui.overview(session, user, l10n, vault, places, clock.now())
    await target.answer(text, reply_markup=markup)


@router.message(Command("hearings"))
async def cmd_hearings(
    message: Message,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
    state: FSMContext,
) -> None:
    await end_flow(state)
    await show_overview(message, session, user, l10n, vault, places, clock)


@router.callback_query(MenuCb.filter(F.item == "hearings"))
@router.callback_query(HrCb.filter(F.action == "list"))
async def on_list(
    query: CallbackQuery,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
    state: FSMContext,
) -> None:
    await query.answer()
    message = msg(query)
    if message is not None:
        await end_flow(state)
        await show_overview(message, session, user, l10n, vault, places, clock)


@router.callback_query(HrCb.filter(F.action == "open"))
async def on_open(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    await query.answer()
    now = clock.now()
    await service.audit_read(session, user.id, hearing.case_id, "hearing", hearing.id, now)
    await ui.send_hearing(message, session, hearing, user, l10n, vault, places, now)


@router.callback_query(HrCb.filter(F.action == "ics"))
async def on_ics(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
) -> None:
    message = msg(query)
    if message is None:
        await query.answer()
        return
    case_id = await pick_case(query, message, callback_data.id, "ics", session, user, l10n, vault)
    if case_id is None or not await case_allowed(query, case_id, session, user, is_admin, l10n):
        return
    await query.answer()
    now = clock.now()
    await service.audit_read(session, user.id, case_id, "case-calendar", case_id, now)
    content = await export.case_calendar(session, case_id, l10n, vault, places, now)
    await message.answer_document(
        BufferedInputFile(content, filename=f"case-{case_id}-hearings.ics"),
        caption=l10n("hearings-ics-caption"),
    )
