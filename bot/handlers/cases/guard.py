"""Nothing typed into the person form is lost without a word.

This router comes first of all (right after the kit's error handler): while someone is in
the middle of the person form and has typed something, a button of another screen (an
older menu, a case card, any feature) does not silently end the form. The bot keeps the
draft and asks: save it (when it is complete), go back to it, or throw it away; the button
they pressed works once they have chosen.
"""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.cases.form import CONFIRM, open_draft
from bot.handlers.cases.base import CaseFlow, PersonFormState
from bot.handlers.cases.form_ui import draft_summary
from bot.handlers.cases.ui import WizCb, fmt
from bot.handlers.kit import button, load_state, markup, target
from bot.handlers.template import RouterTemplate
from bot.turn import Turn

router = RouterTemplate("cases-guard")
router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)

FORM_PREFIX = WizCb.__prefix__ + ":"


class LeavesTypedForm(Filter):
    """A button of another screen pressed while the person form holds typed answers:
    injects the form's ``flow``."""

    async def __call__(
        self, query: CallbackQuery, state: FSMContext, turn: Turn
    ) -> bool | dict[str, Any]:
        if (query.data or "").startswith(FORM_PREFIX):
            return False
        if await state.get_state() != CaseFlow.person.state:
            return False
        flow = await load_state(state, PersonFormState)
        if flow is None or flow.enc is None:
            return False
        draft = open_draft(turn.vault, flow.enc)
        if not draft.person.latin_name:
            return False  # nothing typed yet: nothing to lose
        return {"flow": flow}


@router.callback_query(LeavesTypedForm())
async def on_leaving_the_form(query: CallbackQuery, flow: PersonFormState, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    l10n = turn.l10n
    draft = open_draft(turn.vault, flow.enc or "")
    rows = []
    if flow.step == CONFIRM:
        rows.append([button(l10n("cases-btn-save"), WizCb(action="save", step=CONFIRM))])
    rows.append([button(l10n("cases-btn-form-resume"), WizCb(action="resume", step=flow.step))])
    rows.append([button(l10n("cases-btn-form-discard"), WizCb(action="cancel", step=flow.step))])
    summary = draft_summary(draft.person, l10n, turn.places)
    await message.answer(
        fmt(l10n, "cases-form-interrupted", summary=summary), reply_markup=markup(rows)
    )
