"""Becoming a volunteer, the admins' decisions, and a volunteer's own panel."""

from __future__ import annotations

import html

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel

from bot.desk import lists
from bot.desk import volunteers as vols
from bot.desk.errors import DeskError
from bot.desk.policy import DeskPolicy
from bot.desk.tickets import Outcome
from bot.desk.volunteers import Decision
from bot.handlers.desk import volunteer_ui as ui
from bot.handlers.desk.shared import NOT_COMMAND, admin_only
from bot.handlers.desk.ui import View
from bot.handlers.desk.volunteer_ui import SignupCb, VolCb
from bot.handlers.kit import load_state, save_state, target
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.keyboards import menu_keyboard
from bot.models import Volunteer, VolunteerStatus
from bot.turn import Turn

router = RouterTemplate("volunteers")
router.message.filter(F.chat.type == ChatType.PRIVATE)
router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)


class VolunteerForm(StatesGroup):
    name = State()
    languages = State()
    areas = State()
    show_name = State()


class SignupState(BaseModel):
    """The sign-up form so far (``VolunteerForm``)."""

    name: str | None = None
    lang: list[str] = []
    area: list[str] = []

    def chosen(self, kind: str) -> list[str]:
        return self.lang if kind == "lang" else self.area


# The form step each kind of button belongs to; "done" carries the step it finishes.
STEP_OF = {
    "lang": VolunteerForm.languages.state,
    "area": VolunteerForm.areas.state,
    "show": VolunteerForm.show_name.state,
}
FINISHES = {"lang": VolunteerForm.languages.state, "area": VolunteerForm.areas.state}


async def offer_signup(message: Message, l10n: L10n) -> None:
    """After onboarding as "I am a volunteer": invite them to the form."""
    await message.answer(l10n("vol-offer"), reply_markup=ui.kb_signup_offer(l10n))


async def panel(turn: Turn, volunteer: Volunteer) -> View:
    held = await lists.held_by(turn.session, volunteer.user_id)
    waiting = await lists.queue_size(turn.session)
    return ui.panel(turn.l10n, volunteer, waiting=waiting, held=len(held))


async def open_volunteering(message: Message, state: FSMContext, turn: Turn) -> None:
    """/volunteer: the form, the pending notice, or the panel, depending on where they are."""
    l10n = turn.l10n
    if turn.user.consent_at is None:
        await message.answer(l10n("vol-need-consent"))
        return
    row = await vols.get(turn.session, turn.user.id)
    status = row.status if row is not None else None
    if row is None or status == VolunteerStatus.REJECTED:
        await state.set_state(VolunteerForm.name)
        await save_state(state, SignupState(lang=[l10n.locale]))
        await message.answer(l10n("vol-ask-name"))
    elif status == VolunteerStatus.APPROVED:
        text, markup = await panel(turn, row)
        await message.answer(text, reply_markup=markup)
    else:
        await message.answer(l10n(f"vol-state-{status}"))


@router.message(Command("volunteer"))
async def cmd_volunteer(message: Message, state: FSMContext, turn: Turn) -> None:
    await open_volunteering(message, state, turn)


@router.callback_query(VolCb.filter(F.action == "signup"))
async def on_signup(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await open_volunteering(message, state, turn)


@router.callback_query(VolCb.filter(F.action == "later"))
async def on_later(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(turn.l10n("vol-later"), reply_markup=menu_keyboard(turn.l10n))


# ---- the form -----------------------------------------------------------------------------


@router.message(VolunteerForm.name, NOT_COMMAND, F.text)
async def on_name(message: Message, state: FSMContext, turn: Turn) -> None:
    name = vols.clean_name(message.text or "")
    if name is None:
        await message.answer(turn.l10n("vol-name-invalid", limit=vols.MAX_NAME))
        return
    form = await load_state(state, SignupState) or SignupState()
    form.name = name
    await save_state(state, form)
    await state.set_state(VolunteerForm.languages)
    await message.answer(
        turn.l10n("vol-ask-languages"),
        reply_markup=ui.kb_signup_choice(turn.l10n, "lang", form.lang),
    )


@router.message(VolunteerForm.name, NOT_COMMAND)
async def on_name_other(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("vol-ask-name"))


@router.message(VolunteerForm.languages, NOT_COMMAND)
@router.message(VolunteerForm.areas, NOT_COMMAND)
@router.message(VolunteerForm.show_name, NOT_COMMAND)
async def on_form_text(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("onboarding-use-buttons"))


async def _form_at(state: FSMContext, query: CallbackQuery, step: str | None) -> SignupState:
    """The form, when the pressed button belongs to the step it stands at; else "stale"."""
    form = await load_state(state, SignupState)
    if step is None or await state.get_state() != step or form is None or form.name is None:
        raise DeskError("stale")
    target(query)  # the form's buttons edit their message
    return form


@router.callback_query(SignupCb.filter(F.kind.in_({"lang", "area"})))
async def on_form_choice(
    query: CallbackQuery, callback_data: SignupCb, state: FSMContext, turn: Turn
) -> None:
    kind, value = callback_data.kind, callback_data.value
    form = await _form_at(state, query, STEP_OF[kind])
    if not vols.valid_choice(kind, value):
        raise DeskError("stale")
    chosen = vols.toggled(form.chosen(kind), value)
    form = form.model_copy(update={kind: chosen})
    await save_state(state, form)
    await query.answer()
    keyboard = ui.kb_signup_choice(turn.l10n, kind, chosen)
    await target(query).edit_reply_markup(reply_markup=keyboard)


@router.callback_query(SignupCb.filter(F.kind == "done"))
async def on_form_next(
    query: CallbackQuery, callback_data: SignupCb, state: FSMContext, turn: Turn
) -> None:
    finished = callback_data.value
    form = await _form_at(state, query, FINISHES.get(finished))
    l10n = turn.l10n
    if not form.chosen(finished):
        await query.answer(l10n(f"vol-choose-one-{finished}"), show_alert=True)
        return
    message = target(query)
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    if finished == "lang":
        await state.set_state(VolunteerForm.areas)
        keyboard = ui.kb_signup_choice(l10n, "area", form.area)
        await message.answer(l10n("vol-ask-areas"), reply_markup=keyboard)
        return
    await state.set_state(VolunteerForm.show_name)
    await message.answer(
        l10n("vol-ask-show-name", name=html.escape(form.name or "")),
        reply_markup=ui.kb_show_name(l10n),
    )


@router.callback_query(SignupCb.filter(F.kind == "show"))
async def on_form_show_name(
    query: CallbackQuery,
    callback_data: SignupCb,
    state: FSMContext,
    turn: Turn,
    desk_policy: DeskPolicy,
) -> None:
    form = await _form_at(state, query, STEP_OF["show"])
    if not vols.valid_choice("show", callback_data.value):
        raise DeskError("stale")
    message = target(query)
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    row = await vols.sign_up(
        turn.session,
        desk_policy,
        vols.SignUp(
            user_id=turn.user.id,
            name=form.name or "",
            languages=form.lang,
            areas=form.area,
            show_name=callback_data.value == "1",
        ),
        turn.now(),
    )
    await state.clear()
    l10n = turn.l10n
    if row is None:
        await message.answer(l10n("vol-already"))
        return
    await message.answer(l10n("vol-request-sent"), reply_markup=menu_keyboard(l10n))


@router.callback_query(SignupCb.filter())
async def on_form_other(query: CallbackQuery) -> None:
    raise DeskError("stale")


# ---- admins -------------------------------------------------------------------------------


@router.callback_query(VolCb.filter(F.action.in_(set(Decision))), admin_only())
async def on_decision(
    query: CallbackQuery, callback_data: VolCb, turn: Turn, desk_policy: DeskPolicy
) -> None:
    message = target(query)
    l10n = turn.l10n
    decision = Decision(callback_data.action)
    row = await vols.decide(
        turn.session,
        target_id=callback_data.uid,
        decision=decision,
        admin_id=turn.user.id,
        now=turn.now(),
        policy=desk_policy,
    )
    if row is None:
        # Another admin decided first (or the button is forged): say where they stand now.
        current = await vols.get(turn.session, callback_data.uid)
        status = ui.volunteer_status(l10n, current.status) if current else "—"
        await query.answer(l10n("vol-decision-stale", status=status), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    held = await lists.held_by(turn.session, row.user_id)
    text, markup = ui.volunteer_card(l10n, row, len(held))
    await message.answer(ui.decided(l10n, row, decision) + "\n\n" + text, reply_markup=markup)


@router.message(Command("volunteers"), admin_only())
async def cmd_volunteers(message: Message, turn: Turn) -> None:
    text, markup = ui.volunteer_listing(turn.l10n, await vols.listing(turn.session))
    await message.answer(text, reply_markup=markup)


@router.callback_query(VolCb.filter(F.action == "list"), admin_only())
async def on_volunteer_list(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    text, markup = ui.volunteer_listing(turn.l10n, await vols.listing(turn.session))
    await message.answer(text, reply_markup=markup)


@router.callback_query(VolCb.filter(F.action == "card"), admin_only())
async def on_volunteer_card(query: CallbackQuery, callback_data: VolCb, turn: Turn) -> None:
    message = target(query)
    row = await vols.get(turn.session, callback_data.uid)
    if row is None:
        raise DeskError("stale")
    await query.answer()
    held = await lists.held_by(turn.session, row.user_id)
    text, markup = ui.volunteer_card(turn.l10n, row, len(held))
    await message.answer(text, reply_markup=markup)


# ---- the volunteer's own switches ---------------------------------------------------------


async def _switch(query: CallbackQuery, callback_data: VolCb, turn: Turn) -> Volunteer:
    """The presser's own volunteer row, switched as the button says, or a refusal."""
    if callback_data.uid != turn.user.id:
        raise DeskError(Outcome.NOT_YOURS.value)
    action, session, uid = callback_data.action, turn.session, turn.user.id
    if action in {"away", "back"}:
        row = await vols.set_away(session, uid, action == "away")
    else:
        row = await vols.set_show_name(session, uid, action == "showname")
    if row is None:
        raise DeskError(Outcome.NOT_VOLUNTEER.value)
    return row


@router.callback_query(VolCb.filter(F.action.in_({"away", "back", "showname", "hidename"})))
async def on_own_switch(query: CallbackQuery, callback_data: VolCb, turn: Turn) -> None:
    row = await _switch(query, callback_data, turn)
    await query.answer(turn.l10n(f"vol-switched-{callback_data.action}"))
    if isinstance(query.message, Message):  # an old panel stays as it is
        text, markup = await panel(turn, row)
        await query.message.edit_text(text, reply_markup=markup)


@router.message(Command("away"))
async def cmd_away(message: Message, turn: Turn) -> None:
    row = await vols.toggle_away(turn.session, turn.user.id)
    if row is None:
        raise DeskError(Outcome.NOT_VOLUNTEER.value)
    await message.answer(turn.l10n("vol-switched-away" if row.away else "vol-switched-back"))
