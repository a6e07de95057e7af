"""Adding a hearing or a deadline: which case, which person; then the hearing form
(``form``) or the deadline kinds (``outcome``)."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.handlers.hearings import form, ui
from bot.handlers.hearings.base import (
    case_allowed,
    end_flow,
    msg,
    needs_consent,
    pick_case,
    refuse,
)
from bot.handlers.hearings.ui import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import queries, texts
from bot.i18n import L10n
from bot.models import User
from bot.places import Places

router = RouterTemplate("hearings-add")


@router.callback_query(HrCb.filter(F.action.in_({"add", "dlnew"})))
async def on_add(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
) -> None:
    """Pick the case, then the person; then the hearing form or the deadline kinds."""
    message = msg(query)
    if message is None:
        await query.answer()
        return
    if needs_consent(user):
        await query.answer(l10n("hearings-need-consent"), show_alert=True)
        return
    action = callback_data.action
    case_id = await pick_case(query, message, callback_data.id, action, session, user, l10n, vault)
    if case_id is None or not await case_allowed(query, case_id, session, user, is_admin, l10n):
        return
    persons = await queries.persons_of(session, case_id)
    person_id = int(callback_data.ref) if callback_data.ref.isdigit() else 0
    if person_id and person_id not in {p.id for p in persons}:
        await refuse(query, l10n)
        return
    await query.answer()
    if not persons:
        await message.answer(l10n("hearings-no-persons"))
        return
    if not person_id:
        if len(persons) > 1:
            markup = ui.column(
                ui.btn(
                    texts.person_name(vault, p, l10n.locale)[: ui.LABEL],
                    action,
                    case_id,
                    str(p.id),
                )
                for p in persons[: ui.MAX_CHOICES]
            )
            await message.answer(l10n("hearings-choose-person"), reply_markup=markup)
            return
        person_id = persons[0].id
    if action == "dlnew":
        markup = ui.deadline_kind_keyboard(l10n, case_id, person_id)
        await message.answer(l10n("deadline-ask-kind"), reply_markup=markup)
        return
    await end_flow(state)
    await form.ask_place(
        message,
        session,
        l10n,
        vault,
        places,
        state,
        person_id,
        flow="add",
        case=case_id,
        person=person_id,
    )
