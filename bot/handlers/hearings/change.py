"""Changing a hearing: a new date, one field, or cancelling it. The changed field goes
through the same step of the form (``form``) as when the hearing was added. One handler
per button (the kind and the mode share one)."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.hearings import form, ui
from bot.handlers.hearings.base import HasHearing, HearingForm, end_flow, set_flow
from bot.handlers.hearings.ui import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import service
from bot.hearings.models import Hearing, HearingStatus
from bot.i18n import L10n
from bot.turn import Turn

router = RouterTemplate("hearings-change")


def scheduled(hearing: Hearing) -> None:
    """A cancelled hearing is not changed: the button under its old card is refused."""
    if hearing.status == HearingStatus.CANCELLED:
        raise service.HearingError("not-scheduled")


@router.callback_query(HrCb.filter(F.action == "edit"), HasHearing())
async def on_edit(query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn) -> None:
    await query.answer()
    keyboard = ui.edit_keyboard(turn.l10n, hearing.id)
    await message.answer(turn.l10n("hearings-edit-what"), reply_markup=keyboard)


async def begin_change(query: CallbackQuery, hearing: Hearing, state: FSMContext) -> None:
    """Every change starts the same: a scheduled hearing, the press answered, any form in
    progress dropped."""
    scheduled(hearing)
    await query.answer()
    await end_flow(state)


@router.callback_query(HrCb.filter(F.action == "chdate"), HasHearing())
async def on_change_date(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn, state: FSMContext
) -> None:
    await begin_change(query, hearing, state)
    await form.ask_new_date(message, turn, state, hearing)


@router.callback_query(HrCb.filter(F.action == "chplace"), HasHearing())
async def on_change_place(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn, state: FSMContext
) -> None:
    await begin_change(query, hearing, state)
    await form.ask_place(
        message,
        turn,
        state,
        hearing.person_id,
        flow="edit-place",
        hearing=hearing.id,
        case=hearing.case_id,
        person=hearing.person_id,
    )


# The fields changed by choosing a button again: the button's action -> (keyboard, question).
CHOICES: dict[str, tuple[Callable[[L10n, int], InlineKeyboardMarkup], str]] = {
    "chkind": (ui.kind_keyboard, "hearings-ask-kind"),
    "chmode": (ui.mode_keyboard, "hearings-ask-mode"),
}


@router.callback_query(HrCb.filter(F.action.in_(set(CHOICES))), HasHearing())
async def on_change_choice(
    query: CallbackQuery,
    hearing: Hearing,
    message: Message,
    turn: Turn,
    state: FSMContext,
    callback_data: HrCb,
) -> None:
    """The kind or the mode of the hearing, asked again with its buttons."""
    keyboard_for, question = CHOICES[callback_data.action]
    await begin_change(query, hearing, state)
    keyboard = keyboard_for(turn.l10n, hearing.id)
    await message.answer(turn.l10n(question), reply_markup=keyboard)


@router.callback_query(HrCb.filter(F.action == "chnotes"), HasHearing())
async def on_change_notes(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn, state: FSMContext
) -> None:
    await begin_change(query, hearing, state)
    await set_flow(state, HearingForm.notes, flow="edit-notes", hearing=hearing.id)
    keyboard = ui.notes_keyboard(turn.l10n)
    await message.answer(turn.l10n("hearings-ask-notes"), reply_markup=keyboard)


def not_cancelled(hearing: Hearing) -> None:
    if hearing.status == HearingStatus.CANCELLED:
        raise service.HearingError("already-cancelled")


@router.callback_query(HrCb.filter(F.action == "cancel"), HasHearing())
async def on_cancel(query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn) -> None:
    """ "Cancel" asks first."""
    not_cancelled(hearing)
    await query.answer()
    keyboard = ui.cancel_keyboard(turn.l10n, hearing.id)
    await message.answer(turn.l10n("hearings-cancel-confirm"), reply_markup=keyboard)


@router.callback_query(HrCb.filter(F.action == "cancelok"), HasHearing())
async def on_cancel_confirmed(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn
) -> None:
    not_cancelled(hearing)
    await service.cancel_hearing(turn.session, hearing, actor_id=turn.user.id, now=turn.now())
    await query.answer()
    await ui.send_hearing(message, turn, hearing, head=turn.l10n("hearings-cancelled"))
