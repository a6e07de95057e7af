"""Looking: /hearings (the overview), one hearing's card, the case's .ics calendar."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.handlers.callbacks import MenuCb
from bot.handlers.hearings import ui
from bot.handlers.hearings.base import (
    HasHearing,
    end_flow,
    needs_consent,
    pick_case,
    require_case,
)
from bot.handlers.hearings.ui import HrCb
from bot.handlers.kit import show, target
from bot.handlers.template import RouterTemplate
from bot.hearings import export, service
from bot.hearings.models import Hearing
from bot.turn import Turn

# Before the form's routers: /hearings typed in the middle of a form leaves it.
router = RouterTemplate("hearings-views")


async def show_overview(message: Message, turn: Turn, *, in_place: bool = False) -> None:
    """/hearings; ``in_place`` replaces the menu it was chosen from."""
    if needs_consent(turn):
        await message.answer(turn.l10n("hearings-need-consent"))
        return
    text, keyboard = await ui.overview(turn)
    if in_place:
        await show(message, text, keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


@router.message(Command("hearings"))
async def cmd_hearings(message: Message, turn: Turn, state: FSMContext) -> None:
    await end_flow(state)
    await show_overview(message, turn)


@router.callback_query(MenuCb.filter(F.item == "hearings"))
async def on_menu(query: CallbackQuery, turn: Turn, state: FSMContext) -> None:
    """From the main menu: the menu becomes the overview (a menu step, edited in place)."""
    message = target(query)
    await query.answer()
    await end_flow(state)
    await show_overview(message, turn, in_place=True)


@router.callback_query(HrCb.filter(F.action == "list"))
async def on_list(query: CallbackQuery, turn: Turn, state: FSMContext) -> None:
    """From a card, a form step or a reminder: a new message, so nothing above is lost."""
    message = target(query)
    await query.answer()
    await end_flow(state)
    await show_overview(message, turn)


@router.callback_query(HrCb.filter(F.action == "open"), HasHearing())
async def on_open(query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn) -> None:
    await query.answer()
    await service.audit_read(
        turn.session, turn.user.id, hearing.case_id, "hearing", hearing.id, turn.now()
    )
    await ui.send_hearing(message, turn, hearing)


@router.callback_query(HrCb.filter(F.action == "ics"))
async def on_ics(query: CallbackQuery, callback_data: HrCb, turn: Turn) -> None:
    message = target(query)
    case_id = await pick_case(query, message, callback_data.id, "ics", turn)
    if case_id is None:
        return
    await require_case(turn, case_id)
    await query.answer()
    now = turn.now()
    await service.audit_read(turn.session, turn.user.id, case_id, "case-calendar", case_id, now)
    content = await export.case_calendar(
        turn.session, case_id, turn.l10n, turn.vault, turn.places, now
    )
    await message.answer_document(
        BufferedInputFile(content, filename=f"case-{case_id}-hearings.ics"),
        caption=turn.l10n("hearings-ics-caption"),
    )
