"""Becoming a volunteer, the admins' decisions, and a volunteer's own panel."""

from __future__ import annotations

import html
from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.desk import lists
from bot.desk import volunteers as vols
from bot.desk.policy import DeskPolicy
from bot.desk.tickets import Outcome
from bot.desk.volunteers import Decision
from bot.handlers.desk import volunteer_ui as ui
from bot.handlers.desk.shared import NOT_COMMAND, admins_only, message_of, refuse, say_no
from bot.handlers.desk.ui import View
from bot.handlers.desk.volunteer_ui import SignupCb, VolCb
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.keyboards import menu_keyboard
from bot.models import User, Volunteer, VolunteerStatus

router = RouterTemplate("volunteers")
router.message.filter(F.chat.type == ChatType.PRIVATE)
router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)


class VolunteerForm(StatesGroup):
    name = State()
    languages = State()
    areas = State()
    show_name = State()


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


async def panel(session: AsyncSession, l10n: L10n, volunteer: Volunteer) -> View:
    held = await lists.held_by(session, volunteer.user_id)
    return ui.panel(l10n, volunteer, waiting=await lists.queue_size(session), held=len(held))


async def open_volunteering(
    message: Message, user: User, state: FSMContext, l10n: L10n, session: AsyncSession
) -> None:
    """/volunteer: the form, the pending notice, or the panel, depending on where they are."""
    if user.consent_at is None:
        await message.answer(l10n("vol-need-consent"))
        return
    row = await vols.get(session, user.id)
    status = row.status if row is not None else None
    if row is None or status == VolunteerStatus.REJECTED:
        await state.set_state(VolunteerForm.name)
        await state.update_data(vf={"lang": [l10n.locale], "area": []})
        await message.answer(l10n("vol-ask-name"))
    elif status == VolunteerStatus.APPROVED:
        text, markup = await panel(session, l10n, row)
        await message.answer(text, reply_markup=markup)
    else:
        await message.answer(l10n(f"vol-state-{status}"))


@router.message(Command("volunteer"))
async def cmd_volunteer(
    message: Message, user: User, state: FSMContext, l10n: L10n, session: AsyncSession
) -> None:
    await open_volunteering(message, user, state, l10n, session)


@router.callback_query(VolCb.filter(F.action.in_({"signup", "later"})))
async def on_offer(
    query: CallbackQuery,
    callback_data: VolCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
) -> None:
    await query.answer()
    message = message_of(query)
    if message is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    if callback_data.action == "later":
        await message.answer(l10n("vol-later"), reply_markup=menu_keyboard(l10n))
        return
    await open_volunteering(message, user, state, l10n, session)


# ---- the form -----------------------------------------------------------------------------


@router.message(VolunteerForm.name, NOT_COMMAND, F.text)
async def on_name(message: Message, state: FSMContext, l10n: L10n) -> None:
    name = vols.clean_name(message.text or "")
    if name is None:
        await message.answer(l10n("vol-name-invalid", limit=vols.MAX_NAME))
        return
    form = (await state.get_data()).get("vf") or {}
    await state.update_data(vf={**form, "name": name})
    await state.set_state(VolunteerForm.languages)
    await message.answer(
        l10n("vol-ask-languages"),
        reply_markup=ui.kb_signup_choice(l10n, "lang", list(form.get("lang", []))),
    )


@router.message(VolunteerForm.name, NOT_COMMAND)
async def on_name_other(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("vol-ask-name"))


@router.message(VolunteerForm.languages, NOT_COMMAND)
@router.message(VolunteerForm.areas, NOT_COMMAND)
@router.message(VolunteerForm.show_name, NOT_COMMAND)
async def on_form_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("onboarding-use-buttons"))


@router.callback_query(SignupCb.filter())
async def on_form_button(
    query: CallbackQuery,
    callback_data: SignupCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    desk_policy: DeskPolicy,
) -> None:
    step = await state.get_state()
    form = dict((await state.get_data()).get("vf") or {})
    message = message_of(query)
    kind, value = callback_data.kind, callback_data.value
    if kind == "done":
        fits = step is not None and FINISHES.get(value) == step
    else:
        fits = vols.valid_choice(kind, value) and STEP_OF.get(kind) == step
    if not fits or message is None or "name" not in form:
        await say_no(query, l10n, "callback-stale")
        return
    if kind in {"lang", "area"}:
        form[kind] = vols.toggled(form.get(kind, []), value)
        await state.update_data(vf=form)
        await query.answer()
        await message.edit_reply_markup(reply_markup=ui.kb_signup_choice(l10n, kind, form[kind]))
        return
    if kind == "done":
        await _next_step(query, message, value, form, state, l10n)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    row = await vols.sign_up(
        session,
        desk_policy,
        user_id=user.id,
        name=str(form["name"]),
        languages=list(form.get("lang", [])),
        areas=list(form.get("area", [])),
        show_name=value == "1",
        now=clock.now(),
    )
    await state.clear()
    if row is None:
        await message.answer(l10n("vol-already"))
        return
    await message.answer(l10n("vol-request-sent"), reply_markup=menu_keyboard(l10n))


async def _next_step(
    query: CallbackQuery,
    message: Message,
    finished: str,
    form: dict[str, Any],
    state: FSMContext,
    l10n: L10n,
) -> None:
    if not form.get(finished):
        await say_no(query, l10n, f"vol-choose-one-{finished}")
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    if finished == "lang":
        await state.set_state(VolunteerForm.areas)
        await message.answer(
            l10n("vol-ask-areas"),
            reply_markup=ui.kb_signup_choice(l10n, "area", list(form.get("area", []))),
        )
    else:
        await state.set_state(VolunteerForm.show_name)
        await message.answer(
            l10n("vol-ask-show-name", name=html.escape(str(form["name"]))),
            reply_markup=ui.kb_show_name(l10n),
        )


# ---- admins -------------------------------------------------------------------------------


@router.callback_query(
    VolCb.filter(F.action.in_({"approve", "reject", "pause", "resume", "revoke"}))
)
async def on_decision(
    query: CallbackQuery,
    callback_data: VolCb,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    is_admin: bool,
    desk_policy: DeskPolicy,
) -> None:
    if not await admins_only(query, l10n, is_admin):
        return
    row = await vols.decide(
        session,
        target_id=callback_data.uid,
        decision=Decision(callback_data.action),
        admin_id=query.from_user.id,
        now=clock.now(),
        policy=desk_policy,
    )
    if row is None:
        # Another admin decided first (or the button is forged): say where they stand now.
        current = await vols.get(session, callback_data.uid)
        status = ui.volunteer_status(l10n, current.status) if current else "—"
        await query.answer(l10n("vol-decision-stale", status=status), show_alert=True)
        return
    await query.answer()
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(ui.decided(l10n, row))


@router.message(Command("volunteers"))
async def cmd_volunteers(
    message: Message, l10n: L10n, session: AsyncSession, is_admin: bool
) -> None:
    if not await admins_only(message, l10n, is_admin):
        return
    text, markup = ui.volunteer_listing(l10n, await vols.listing(session))
    await message.answer(text, reply_markup=markup)


@router.callback_query(VolCb.filter(F.action == "card"))
async def on_volunteer_card(
    query: CallbackQuery,
    callback_data: VolCb,
    l10n: L10n,
    session: AsyncSession,
    is_admin: bool,
) -> None:
    if not await admins_only(query, l10n, is_admin):
        return
    row = await vols.get(session, callback_data.uid)
    message = message_of(query)
    if row is None or message is None:
        await say_no(query, l10n, "callback-stale")
        return
    await query.answer()
    held = await lists.held_by(session, row.user_id)
    text, markup = ui.volunteer_card(l10n, row, len(held))
    await message.answer(text, reply_markup=markup)


# ---- the volunteer's own switches ---------------------------------------------------------


@router.callback_query(VolCb.filter(F.action.in_({"away", "back", "showname", "hidename"})))
async def on_own_switch(
    query: CallbackQuery,
    callback_data: VolCb,
    user: User,
    l10n: L10n,
    session: AsyncSession,
) -> None:
    if callback_data.uid != user.id:
        await refuse(query, l10n, Outcome.NOT_YOURS)
        return
    action = callback_data.action
    if action in {"away", "back"}:
        row = await vols.set_away(session, user.id, action == "away")
    else:
        row = await vols.set_show_name(session, user.id, action == "showname")
    if row is None:
        await refuse(query, l10n, Outcome.NOT_VOLUNTEER)
        return
    await query.answer(l10n(f"vol-switched-{action}"))
    message = message_of(query)
    if message is not None:
        text, markup = await panel(session, l10n, row)
        await message.edit_text(text, reply_markup=markup)


@router.message(Command("away"))
async def cmd_away(message: Message, user: User, l10n: L10n, session: AsyncSession) -> None:
    row = await vols.toggle_away(session, user.id)
    if row is None:
        await refuse(message, l10n, Outcome.NOT_VOLUNTEER)
        return
    await message.answer(l10n("vol-switched-away" if row.away else "vol-switched-back"))
