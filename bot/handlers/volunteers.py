"""Becoming a volunteer, the admins' decisions, and a volunteer's own panel."""

from __future__ import annotations

import html

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.desk import tickets as desk
from bot.desk import volunteers as vols
from bot.desk.policy import AREAS, LANGUAGES, DeskPolicy
from bot.desk.volunteers import Decision
from bot.handlers import desk_ui as ui
from bot.handlers.desk_ui import SignupCb, VolCb
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.keyboards import menu_keyboard
from bot.models import User, Volunteer, VolunteerStatus

router = RouterTemplate("volunteers")
router.message.filter(F.chat.type == ChatType.PRIVATE)
router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)

NOT_COMMAND = ~F.text.startswith("/")


class VolunteerForm(StatesGroup):
    name = State()
    languages = State()
    areas = State()
    show_name = State()


def offer_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=l10n("vol-btn-signup"), callback_data=VolCb(action="signup").pack()
                ),
                InlineKeyboardButton(
                    text=l10n("vol-btn-later"), callback_data=VolCb(action="later").pack()
                ),
            ]
        ]
    )


async def offer_signup(message: Message, l10n: L10n) -> None:
    """After onboarding as "I am a volunteer": invite them to the form."""
    await message.answer(l10n("vol-offer"), reply_markup=offer_keyboard(l10n))


async def panel_text(session: AsyncSession, l10n: L10n, volunteer: Volunteer) -> str:
    _, waiting = await desk.queue(session, 1)
    held = await desk.held_by(session, volunteer.user_id)
    return l10n(
        "vol-panel",
        name=html.escape(volunteer.display_name),
        away="yes" if volunteer.away else "no",
        shown="yes" if volunteer.show_name else "no",
        waiting=waiting,
        held=len(held),
    )


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
        await message.answer(
            await panel_text(session, l10n, row), reply_markup=ui.kb_panel(l10n, row)
        )
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
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    if callback_data.action == "later":
        await message.answer(l10n("vol-later"), reply_markup=menu_keyboard(l10n))
        return
    await open_volunteering(message, user, state, l10n, session)


@router.message(VolunteerForm.name, NOT_COMMAND, F.text)
async def on_name(message: Message, state: FSMContext, l10n: L10n) -> None:
    name = vols.clean_name(message.text or "")
    if name is None:
        await message.answer(l10n("vol-name-invalid", limit=vols.MAX_NAME))
        return
    data = (await state.get_data()).get("vf") or {}
    await state.update_data(vf={**data, "name": name})
    await state.set_state(VolunteerForm.languages)
    await message.answer(
        l10n("vol-ask-languages"),
        reply_markup=ui.kb_signup_choice(l10n, "lang", list(data.get("lang", []))),
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
    data = dict((await state.get_data()).get("vf") or {})
    message = query.message if isinstance(query.message, Message) else None
    kind, value = callback_data.kind, callback_data.value
    expected = {
        "lang": VolunteerForm.languages.state,
        "area": VolunteerForm.areas.state,
        "show": VolunteerForm.show_name.state,
    }
    step_of_done = {"lang": VolunteerForm.languages.state, "area": VolunteerForm.areas.state}
    valid = (
        (kind == "lang" and value in LANGUAGES and step == expected["lang"])
        or (kind == "area" and value in AREAS and step == expected["area"])
        or (kind == "show" and value in {"0", "1"} and step == expected["show"])
        or (kind == "done" and step_of_done.get(value) == step)
    )
    if not valid or message is None or "name" not in data:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if kind in {"lang", "area"}:
        chosen = list(data.get(kind, []))
        chosen = [c for c in chosen if c != value] if value in chosen else [*chosen, value]
        data[kind] = chosen
        await state.update_data(vf=data)
        await query.answer()
        await message.edit_reply_markup(reply_markup=ui.kb_signup_choice(l10n, kind, chosen))
        return
    if kind == "done":
        if not data.get(value):
            await query.answer(l10n(f"vol-choose-one-{value}"), show_alert=True)
            return
        await query.answer()
        await message.edit_reply_markup(reply_markup=None)
        if value == "lang":
            await state.set_state(VolunteerForm.areas)
            await message.answer(
                l10n("vol-ask-areas"),
                reply_markup=ui.kb_signup_choice(l10n, "area", list(data.get("area", []))),
            )
        else:
            await state.set_state(VolunteerForm.show_name)
            await message.answer(
                l10n("vol-ask-show-name", name=html.escape(str(data["name"]))),
                reply_markup=InlineKeyboardMarkup(
                    inline_keyboard=[
                        [
                            InlineKeyboardButton(
                                text=l10n("vol-btn-show-yes"),
                                callback_data=SignupCb(kind="show", value="1").pack(),
                            ),
                            InlineKeyboardButton(
                                text=l10n("vol-btn-show-no"),
                                callback_data=SignupCb(kind="show", value="0").pack(),
                            ),
                        ]
                    ]
                ),
            )
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    row = await vols.sign_up(
        session,
        desk_policy,
        user_id=user.id,
        name=str(data["name"]),
        languages=list(data.get("lang", [])),
        areas=list(data.get("area", [])),
        show_name=value == "1",
        now=clock.now(),
    )
    await state.clear()
    if row is None:
        await message.answer(l10n("vol-already"))
        return
    await message.answer(l10n("vol-request-sent"), reply_markup=menu_keyboard(l10n))


# ---- admins -----------------------------------------------------------------------------


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
    if not is_admin:
        await query.answer(l10n("desk-denied-admin"), show_alert=True)
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
        current = await vols.get(session, callback_data.uid)
        status = l10n(f"vol-status-{current.status}") if current else "—"
        await query.answer(l10n("vol-decision-stale", status=status), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(
            l10n(
                "vol-decided",
                name=html.escape(row.display_name),
                status=l10n(f"vol-status-{row.status}"),
            )
        )


@router.message(Command("volunteers"))
async def cmd_volunteers(
    message: Message, l10n: L10n, session: AsyncSession, is_admin: bool
) -> None:
    if not is_admin:
        await message.answer(l10n("desk-denied-admin"))
        return
    rows = await vols.listing(session)
    if not rows:
        await message.answer(l10n("vol-list-empty"))
        return
    lines = [l10n("vol-list-title", count=len(rows))]
    buttons = []
    for row in rows[:40]:
        lines.append(ui.volunteer_line(l10n, row))
        buttons.append(
            [
                InlineKeyboardButton(
                    text=row.display_name[:40],
                    callback_data=VolCb(action="card", uid=row.user_id).pack(),
                )
            ]
        )
    await message.answer(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons)
    )


@router.callback_query(VolCb.filter(F.action == "card"))
async def on_volunteer_card(
    query: CallbackQuery,
    callback_data: VolCb,
    l10n: L10n,
    session: AsyncSession,
    is_admin: bool,
) -> None:
    if not is_admin:
        await query.answer(l10n("desk-denied-admin"), show_alert=True)
        return
    row = await vols.get(session, callback_data.uid)
    if row is None or not isinstance(query.message, Message):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    held = await desk.held_by(session, row.user_id)
    await query.message.answer(
        ui.volunteer_line(l10n, row) + "\n" + l10n("vol-card-held", count=len(held)),
        reply_markup=ui.kb_volunteer_card(l10n, row),
    )


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
        await query.answer(l10n("desk-denied-not-yours"), show_alert=True)
        return
    action = callback_data.action
    if action in {"away", "back"}:
        row = await vols.set_away(session, user.id, action == "away")
    else:
        row = await vols.set_show_name(session, user.id, action == "showname")
    if row is None:
        await query.answer(l10n("desk-denied-not-volunteer"), show_alert=True)
        return
    await query.answer(l10n(f"vol-switched-{action}"))
    if isinstance(query.message, Message):
        await query.message.edit_text(
            await panel_text(session, l10n, row), reply_markup=ui.kb_panel(l10n, row)
        )


@router.message(Command("away"))
async def cmd_away(message: Message, user: User, l10n: L10n, session: AsyncSession) -> None:
    row = await vols.approved(session, user.id)
    if row is None:
        await message.answer(l10n("desk-denied-not-volunteer"))
        return
    row.away = not row.away
    await message.answer(l10n("vol-switched-away" if row.away else "vol-switched-back"))
