"""Adding a hearing or a deadline: which case, which person; then the hearing form
(``form``) or the deadline kinds (``outcome``)."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.handlers.hearings import form, ui
from bot.handlers.hearings.base import end_flow, needs_consent, pick_case, require_case
from bot.handlers.hearings.ui import HrCb
from bot.handlers.kit import target
from bot.handlers.template import RouterTemplate
from bot.hearings import queries, service, texts
from bot.turn import Turn

router = RouterTemplate("hearings-add")


@router.callback_query(HrCb.filter(F.action.in_({"add", "dlnew"})))
async def on_add(query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext) -> None:
    """Pick the case, then the person; then the hearing form or the deadline kinds."""
    message = target(query)
    l10n = turn.l10n
    if needs_consent(turn):
        await query.answer(l10n("hearings-need-consent"), show_alert=True)
        return
    action = callback_data.action
    case_id = await pick_case(query, message, callback_data.id, action, turn)
    if case_id is None:
        return
    await require_case(turn, case_id)
    persons = await queries.persons_of(turn.session, case_id)
    person_id = int(callback_data.ref) if callback_data.ref.isdigit() else 0
    if person_id and person_id not in {p.id for p in persons}:
        raise service.NoAccess()
    await query.answer()
    if not persons:
        await message.answer(l10n("hearings-no-persons"), reply_markup=ui.to_list(l10n))
        return
    if not person_id:
        if len(persons) > 1:
            keyboard = ui.column(
                ui.btn(
                    texts.person_name(turn.vault, p, l10n.locale)[: ui.LABEL],
                    action,
                    case_id,
                    str(p.id),
                )
                for p in persons[: ui.MAX_CHOICES]
            )
            await message.answer(
                l10n("hearings-choose-person"), reply_markup=ui.with_back(l10n, keyboard)
            )
            return
        person_id = persons[0].id
    if action == "dlnew":
        keyboard = ui.deadline_kind_keyboard(l10n, case_id, person_id)
        await message.answer(l10n("deadline-ask-kind"), reply_markup=keyboard)
        return
    await end_flow(state)
    await form.ask_place(
        message, turn, state, person_id, flow="add", case=case_id, person=person_id
    )
