"""The person's side of the desk: asking a volunteer (question, then area), their list of
questions, and what they do with one: cancel, mark solved, rate, reopen.

The conversation itself is in ``conversation.py``; the volunteers' tools in ``tools.py``.
"""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.desk import lists
from bot.desk import tickets as desk
from bot.desk.models import CloseReason
from bot.desk.policy import CATEGORIES, DeskPolicy
from bot.desk.tickets import Closer, Outcome
from bot.handlers.callbacks import MenuCb
from bot.handlers.desk import ui
from bot.handlers.desk.shared import (
    NOT_COMMAND,
    DeskUser,
    desk_router,
    enter_chat,
    leave_chat,
    message_of,
    refuse,
    say_no,
)
from bot.handlers.desk.ui import DeskCb
from bot.i18n import L10n
from bot.keyboards import menu_keyboard
from bot.models import User

router = desk_router("desk_asking")

QUESTION_PROBLEMS = {"short": "desk-question-too-short", "long": "desk-question-too-long"}
# The person's own ways to close a question: the reason recorded, what they are told, and
# whether to offer a rating (a withdrawn question has nothing to rate).
OWN_CLOSE: dict[str, tuple[CloseReason, str, bool]] = {
    "cancel": (CloseReason.CANCELLED, "desk-user-cancelled", False),
    "solved": (CloseReason.SOLVED, "desk-user-solved", True),
}


async def list_own(
    message: Message, l10n: L10n, session: AsyncSession, user: User, vault: Vault, *, full: bool
) -> None:
    text, markup = ui.own_tickets(l10n, vault, await desk.active_of(session, user.id), full=full)
    await message.answer(text, reply_markup=markup)


async def start_ticket(
    message: Message,
    *,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    policy: DeskPolicy,
    prefill: str | None,
) -> None:
    """Begin a new question for a volunteer, pre-filled with what the person already typed."""
    if user.consent_at is None:
        await message.answer(l10n("desk-need-consent"))
        return
    if await desk.at_limit(session, user.id, policy):
        await list_own(message, l10n, session, user, vault, full=True)
        return
    prefill = desk.draft(prefill or "")
    if prefill:
        await state.set_state(DeskUser.category)
        await state.update_data(desk_q=prefill)
        await message.answer(
            l10n("desk-confirm-question", question=ui.excerpt(prefill)),
            reply_markup=ui.kb_categories(l10n),
        )
        return
    await state.set_state(DeskUser.question)
    await message.answer(l10n("desk-ask-question"), reply_markup=ui.kb_ask_question(l10n))


@router.callback_query(MenuCb.filter(F.item == "volunteer"))
@router.callback_query(DeskCb.filter(F.action == "new"))
async def on_ask(
    query: CallbackQuery,
    callback_data: MenuCb | DeskCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    desk_policy: DeskPolicy,
) -> None:
    await query.answer()
    message = message_of(query)
    if message is None:
        return
    # From the menu, someone with questions under way sees them first; "new" means new.
    from_menu = isinstance(callback_data, MenuCb)
    if from_menu and user.consent_at is not None and await desk.active_of(session, user.id):
        await state.clear()
        await list_own(message, l10n, session, user, vault, full=False)
        return
    await start_ticket(
        message,
        user=user,
        state=state,
        l10n=l10n,
        session=session,
        vault=vault,
        policy=desk_policy,
        prefill=None,
    )


@router.callback_query(DeskCb.filter(F.action == "drop"))
async def on_drop(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await query.answer()
    if await state.get_state() in {DeskUser.question.state, DeskUser.category.state}:
        await state.clear()
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(l10n("desk-draft-dropped"), reply_markup=menu_keyboard(l10n))


@router.message(DeskUser.question, NOT_COMMAND, F.text)
async def on_question_text(message: Message, state: FSMContext, l10n: L10n) -> None:
    text = (message.text or "").strip()
    problem = desk.question_problem(text)
    if problem is not None:
        await message.answer(l10n(QUESTION_PROBLEMS[problem], limit=desk.MAX_QUESTION))
        return
    await state.set_state(DeskUser.category)
    await state.update_data(desk_q=text)
    await message.answer(l10n("desk-choose-category"), reply_markup=ui.kb_categories(l10n))


@router.message(DeskUser.question, NOT_COMMAND)
async def on_question_other(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("desk-question-in-words"))


@router.message(DeskUser.category, NOT_COMMAND, F.text)
async def on_category_text(message: Message, state: FSMContext, l10n: L10n) -> None:
    """More words before the area is chosen: they belong to the question."""
    draft = str((await state.get_data()).get("desk_q", ""))
    await state.update_data(desk_q=desk.draft(draft, (message.text or "").strip()))
    await message.answer(l10n("desk-draft-added"), reply_markup=ui.kb_categories(l10n))


@router.message(DeskUser.category, NOT_COMMAND)
async def on_category_other(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("desk-files-after"), reply_markup=ui.kb_categories(l10n))


@router.callback_query(DeskCb.filter(F.action == "cat"))
async def on_category(
    query: CallbackQuery,
    callback_data: DeskCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    desk_policy: DeskPolicy,
) -> None:
    data = await state.get_data()
    draft = str(data.get("desk_q", "")).strip()
    in_step = await state.get_state() == DeskUser.category.state
    if callback_data.arg not in CATEGORIES or not in_step or not draft:
        await say_no(query, l10n, "callback-stale")
        return
    if user.consent_at is None:
        await say_no(query, l10n, "desk-need-consent")
        return
    try:
        created = await desk.create(
            session,
            vault,
            desk_policy,
            user_id=user.id,
            question_text=draft,
            category=callback_data.arg,
            language=l10n.locale,
            now=clock.now(),
        )
    except desk.TooManyTickets:
        created = None
    await query.answer()
    message = message_of(query)
    if created is None:
        # Another question was opened meanwhile (a second device, a double press).
        await state.clear()
        if message is not None:
            await list_own(message, l10n, session, user, vault, full=True)
        return
    ticket = created.ticket
    await state.set_state(DeskUser.chat)
    await state.set_data(
        {k: v for k, v in data.items() if k != "desk_q"} | {"desk_ticket": ticket.id}
    )
    if message is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    hours = await lists.expected_wait_hours(session, clock.now())
    await message.answer(
        l10n(
            "desk-created",
            ticket=ticket.id,
            expectation=ui.expectation(l10n, hours, created.notified),
        ),
        reply_markup=ui.kb_user_ticket(l10n, ticket.id),
    )


@router.callback_query(DeskCb.filter(F.action.in_(set(OWN_CLOSE))))
async def on_close_own(
    query: CallbackQuery,
    callback_data: DeskCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
) -> None:
    reason, told, rate = OWN_CLOSE[callback_data.action]
    tid = callback_data.tid
    outcome = await desk.close(
        session, tid, user.id, by=Closer.USER, reason=reason, now=clock.now()
    )
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer()
    await leave_chat(state, tid)
    message = message_of(query)
    if message is not None:
        await message.answer(
            l10n(told, ticket=tid), reply_markup=ui.kb_user_closed(l10n, tid, rate=rate)
        )


@router.callback_query(DeskCb.filter(F.action == "rate"))
async def on_rate(
    query: CallbackQuery,
    callback_data: DeskCb,
    user: User,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
) -> None:
    stars = desk.parse_stars(callback_data.arg)
    if stars is None:
        await say_no(query, l10n, "callback-stale")
        return
    outcome = await desk.rate(session, callback_data.tid, user.id, stars, clock.now())
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer(l10n("desk-user-rated"))
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(
            reply_markup=ui.kb_user_closed(l10n, callback_data.tid, rate=False)
        )


@router.callback_query(DeskCb.filter(F.action == "reopen"))
async def on_reopen(
    query: CallbackQuery,
    callback_data: DeskCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    desk_policy: DeskPolicy,
) -> None:
    tid = callback_data.tid
    outcome = await desk.reopen(session, tid, user.id, clock.now(), desk_policy)
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer()
    await enter_chat(state, DeskUser.chat, tid, only_if_idle=False)
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(
            l10n("desk-user-reopened", ticket=tid), reply_markup=ui.kb_user_ticket(l10n, tid)
        )
