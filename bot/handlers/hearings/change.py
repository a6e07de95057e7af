"""Changing a hearing: a new date, one field, or cancelling it. The changed field goes
through the same step of the form (``form``) as when the hearing was added."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.hearings import form, ui
from bot.handlers.hearings.base import HearingForm, end_flow, pressed_hearing, set_flow
from bot.handlers.hearings.ui import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import service
from bot.hearings.models import HearingStatus
from bot.i18n import L10n
from bot.models import User
from bot.places import Places

router = RouterTemplate("hearings-change")


@router.callback_query(HrCb.filter(F.action == "edit"))
async def on_edit(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    await query.answer()
    await message.answer(
        l10n("hearings-edit-what"), reply_markup=ui.edit_keyboard(l10n, hearing.id)
    )


@router.callback_query(
    HrCb.filter(F.action.in_({"chdate", "chplace", "chkind", "chmode", "chnotes"}))
)
async def on_change(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
    clock: Clock,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    if hearing.status == HearingStatus.CANCELLED:
        await query.answer(l10n("hearings-error-not-scheduled"), show_alert=True)
        return
    await query.answer()
    action = callback_data.action
    await end_flow(state)
    if action == "chdate":
        await form.ask_new_date(message, state, l10n, hearing, clock.now())
    elif action == "chplace":
        await form.ask_place(
            message,
            session,
            l10n,
            vault,
            places,
            state,
            hearing.person_id,
            flow="edit-place",
            hearing=hearing.id,
            case=hearing.case_id,
            person=hearing.person_id,
        )
    elif action == "chkind":
        markup = ui.kind_keyboard(l10n, hearing.id)
        await message.answer(l10n("hearings-ask-kind"), reply_markup=markup)
    elif action == "chmode":
        markup = ui.mode_keyboard(l10n, hearing.id)
        await message.answer(l10n("hearings-ask-mode"), reply_markup=markup)
    else:
        await set_flow(state, HearingForm.notes, flow="edit-notes", hearing=hearing.id)
        await message.answer(l10n("hearings-ask-notes"), reply_markup=ui.notes_keyboard(l10n))


@router.callback_query(HrCb.filter(F.action.in_({"cancel", "cancelok"})))
async def on_cancel(
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
    """ "Cancel" asks first; "cancelok" is the confirmation."""
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    if hearing.status == HearingStatus.CANCELLED:
        await query.answer(l10n("hearings-error-already-cancelled"), show_alert=True)
        return
    await query.answer()
    if callback_data.action == "cancel":
        markup = ui.cancel_keyboard(l10n, hearing.id)
        await message.answer(l10n("hearings-cancel-confirm"), reply_markup=markup)
        return
    now = clock.now()
    await service.cancel_hearing(session, hearing, actor_id=user.id, now=now)
    head = l10n("hearings-cancelled")
    await ui.send_hearing(message, session, hearing, user, l10n, vault, places, now, head=head)
