"""The person's side of the desk: asking a volunteer (question, then area), their list of
questions, and what they do with one: cancel, mark solved, rate, reopen.

The conversation itself is in ``conversation.py``; the volunteers' tools in ``tools.py``.
"""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.desk import lists
from bot.desk import tickets as desk
from bot.desk.errors import DeskError, ensure
from bot.desk.models import CloseReason
from bot.desk.policy import CATEGORIES, DeskPolicy
from bot.desk.tickets import Closer
from bot.handlers.callbacks import MenuCb
from bot.handlers.desk import ui
from bot.handlers.desk.shared import (
    NOT_COMMAND,
    DeskUser,
    DraftState,
    desk_router,
    enter_chat,
    leave_chat,
)
from bot.handlers.desk.ui import DeskCb
from bot.handlers.kit import load_state, target
from bot.keyboards import menu_keyboard
from bot.turn import Turn

router = desk_router("desk_asking")

QUESTION_PROBLEMS = {"short": "desk-question-too-short", "long": "desk-question-too-long"}


async def list_own(message: Message, turn: Turn, *, full: bool) -> None:
    own = await desk.active_of(turn.session, turn.user.id)
    text, markup = ui.own_tickets(turn.l10n, turn.vault, own, full=full)
    await message.answer(text, reply_markup=markup)


async def start_ticket(
    message: Message, state: FSMContext, turn: Turn, policy: DeskPolicy, prefill: str | None
) -> None:
    """Begin a new question for a volunteer, pre-filled with what the person already typed."""
    l10n = turn.l10n
    if turn.user.consent_at is None:
        await message.answer(l10n("desk-need-consent"))
        return
    if await desk.at_limit(turn.session, turn.user.id, policy):
        await list_own(message, turn, full=True)
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
async def on_ask_from_menu(
    query: CallbackQuery, state: FSMContext, turn: Turn, desk_policy: DeskPolicy
) -> None:
    """From the menu, someone with questions under way sees them first."""
    message = target(query)
    await query.answer()
    consented = turn.user.consent_at is not None
    if consented and await desk.active_of(turn.session, turn.user.id):
        await state.clear()
        await list_own(message, turn, full=False)
        return
    await start_ticket(message, state, turn, desk_policy, None)


@router.callback_query(DeskCb.filter(F.action == "new"))
async def on_ask_new(
    query: CallbackQuery, state: FSMContext, turn: Turn, desk_policy: DeskPolicy
) -> None:
    message = target(query)
    await query.answer()
    await start_ticket(message, state, turn, desk_policy, None)


@router.callback_query(DeskCb.filter(F.action == "drop"))
async def on_drop(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    if await state.get_state() in {DeskUser.question.state, DeskUser.category.state}:
        await state.clear()
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(turn.l10n("desk-draft-dropped"), reply_markup=menu_keyboard(turn.l10n))


@router.message(DeskUser.question, NOT_COMMAND, F.text)
async def on_question_text(message: Message, state: FSMContext, turn: Turn) -> None:
    text = (message.text or "").strip()
    problem = desk.question_problem(text)
    if problem is not None:
        await message.answer(turn.l10n(QUESTION_PROBLEMS[problem], limit=desk.MAX_QUESTION))
        return
    await state.set_state(DeskUser.category)
    await state.update_data(desk_q=text)
    await message.answer(
        turn.l10n("desk-choose-category"), reply_markup=ui.kb_categories(turn.l10n)
    )


@router.message(DeskUser.question, NOT_COMMAND)
async def on_question_other(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("desk-question-in-words"))


@router.message(DeskUser.category, NOT_COMMAND, F.text)
async def on_category_text(message: Message, state: FSMContext, turn: Turn) -> None:
    """More words before the area is chosen: they belong to the question."""
    draft = await load_state(state, DraftState)
    so_far = draft.desk_q if draft is not None else ""
    await state.update_data(desk_q=desk.draft(so_far, (message.text or "").strip()))
    await message.answer(turn.l10n("desk-draft-added"), reply_markup=ui.kb_categories(turn.l10n))


@router.message(DeskUser.category, NOT_COMMAND)
async def on_category_other(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("desk-files-after"), reply_markup=ui.kb_categories(turn.l10n))


@router.callback_query(DeskCb.filter(F.action == "cat"), DeskUser.category)
async def on_category(
    query: CallbackQuery,
    callback_data: DeskCb,
    state: FSMContext,
    turn: Turn,
    desk_policy: DeskPolicy,
) -> None:
    saved = await load_state(state, DraftState)
    draft = saved.desk_q.strip() if saved is not None else ""
    if callback_data.arg not in CATEGORIES or not draft:
        raise DeskError("stale")
    if turn.user.consent_at is None:
        raise DeskError("need_consent")
    message = target(query)
    l10n = turn.l10n
    try:
        new = desk.NewQuestion(turn.user.id, draft, callback_data.arg, l10n.locale)
        created = await desk.create(turn.session, turn.vault, desk_policy, new, turn.now())
    except desk.TooManyTickets:
        # Another question was opened meanwhile (a second device, a double press).
        await query.answer()
        await state.clear()
        await list_own(message, turn, full=True)
        return
    await query.answer()
    ticket = created.ticket
    await state.set_state(DeskUser.chat)
    data = await state.get_data()
    await state.set_data(
        {k: v for k, v in data.items() if k != "desk_q"} | {"desk_ticket": ticket.id}
    )
    await message.edit_reply_markup(reply_markup=None)
    hours = await lists.expected_wait_hours(turn.session, turn.now())
    await message.answer(
        l10n(
            "desk-created",
            ticket=ticket.id,
            expectation=ui.expectation(l10n, hours, created.notified),
        ),
        reply_markup=ui.kb_user_ticket(l10n, ticket.id),
    )


@router.callback_query(DeskCb.filter(F.action == "cat"))
async def on_category_stale(query: CallbackQuery) -> None:
    """An area pressed outside the question form (an old message, a finished question)."""
    raise DeskError("stale")


async def _close_own(
    query: CallbackQuery, reason: CloseReason, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    tid = DeskCb.unpack(query.data or "").tid
    """The person closes their own question (withdrawn, or solved)."""
    ensure(
        await desk.close(
            turn.session, tid, turn.user.id, by=Closer.USER, reason=reason, now=turn.now()
        ),
        asker=True,
    )
    await query.answer()
    await leave_chat(state, tid)
    solved = reason == CloseReason.SOLVED
    told = "desk-user-solved" if solved else "desk-user-cancelled"
    # A withdrawn question has nothing to rate.
    keyboard = ui.kb_user_closed(turn.l10n, tid, rate=solved)
    await bot.send_message(turn.user.id, turn.l10n(told, ticket=tid), reply_markup=keyboard)


@router.callback_query(DeskCb.filter(F.action == "cancel"))
async def on_cancel_own(query: CallbackQuery, bot: Bot, state: FSMContext, turn: Turn) -> None:
    await _close_own(query, CloseReason.CANCELLED, bot, state, turn)


@router.callback_query(DeskCb.filter(F.action == "solved"))
async def on_solved_own(query: CallbackQuery, bot: Bot, state: FSMContext, turn: Turn) -> None:
    await _close_own(query, CloseReason.SOLVED, bot, state, turn)


@router.callback_query(DeskCb.filter(F.action == "rate"))
async def on_rate(query: CallbackQuery, callback_data: DeskCb, turn: Turn) -> None:
    stars = desk.parse_stars(callback_data.arg)
    if stars is None:
        raise DeskError("stale")
    rated = await desk.rate(turn.session, callback_data.tid, turn.user.id, stars, turn.now())
    ensure(rated, asker=True)
    await query.answer(turn.l10n("desk-user-rated"))
    if isinstance(query.message, Message):  # an old message stays as it is
        keyboard = ui.kb_user_closed(turn.l10n, callback_data.tid, rate=False)
        await query.message.edit_reply_markup(reply_markup=keyboard)


@router.callback_query(DeskCb.filter(F.action == "reopen"))
async def on_reopen(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    state: FSMContext,
    turn: Turn,
    desk_policy: DeskPolicy,
) -> None:
    tid = callback_data.tid
    ensure(await desk.reopen(turn.session, tid, turn.user.id, turn.now(), desk_policy), asker=True)
    await query.answer()
    await enter_chat(state, DeskUser.chat, tid, only_if_idle=False)
    if isinstance(query.message, Message):  # an old message stays as it is
        await query.message.edit_reply_markup(reply_markup=None)
    keyboard = ui.kb_user_ticket(turn.l10n, tid)
    await bot.send_message(
        turn.user.id, turn.l10n("desk-user-reopened", ticket=tid), reply_markup=keyboard
    )
