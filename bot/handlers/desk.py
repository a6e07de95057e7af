"""The volunteer desk in Telegram, the person's side: asking, adding details and files, the
conversation both ways, cancelling, solving, rating, reopening.

Thin on purpose: every decision (who may do what, who wins a race) is made in ``bot/desk``;
this module parses, calls it, and says the outcome in words. The volunteers' and
coordinators' tools are in ``desk_tools.py``.
"""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.desk import conversation as conv
from bot.desk import tickets as desk
from bot.desk import volunteers as vols
from bot.desk.models import CloseReason, Ticket, TicketStatus
from bot.desk.policy import CATEGORIES, DeskPolicy
from bot.desk.tickets import Closer, Outcome
from bot.handlers import desk_ui as ui
from bot.handlers.callbacks import MenuCb
from bot.handlers.desk_ui import DeskCb
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.keyboards import back_to_menu, menu_keyboard
from bot.models import User

router = RouterTemplate("desk")
router.message.filter(F.chat.type == ChatType.PRIVATE)
# Buttons work in the private chat; in the volunteers' group chat only "take" exists.
router.callback_query.filter(
    (F.message.chat.type == ChatType.PRIVATE) | F.data.startswith("dk:take:")
)

MAX_QUESTION = 4000
MIN_QUESTION = 5
MEDIA = F.photo | F.document | F.voice | F.video | F.audio | F.video_note
# Commands typed in the middle of a conversation go on to their own handlers.
NOT_COMMAND = ~F.text.startswith("/")

# How each refusal or stale state is said to the person who pressed.
REFUSALS: dict[Outcome, str] = {
    Outcome.MISSING: "desk-missing",
    Outcome.NOT_VOLUNTEER: "desk-denied-not-volunteer",
    Outcome.NOT_YOURS: "desk-denied-not-yours",
    Outcome.OWN: "desk-own",
    Outcome.TAKEN: "desk-taken",
    Outcome.OPEN: "desk-still-open",
    Outcome.CLOSED: "desk-closed",
    Outcome.NOT_CLOSED: "desk-not-closed",
    Outcome.LIMIT: "desk-limit-reopen",
    Outcome.NO_ANSWER: "desk-propose-no-answer",
    Outcome.ALREADY_YOURS: "desk-already-yours",
}


class DeskUser(StatesGroup):
    question = State()
    category = State()
    chat = State()  # everything typed goes to the ticket in data["desk_ticket"]


class DeskVol(StatesGroup):
    chat = State()  # everything typed goes to the person of data["desk_ticket"]
    note = State()


def private_state(state: FSMContext, bot: Bot, user_id: int) -> FSMContext:
    """The FSM of someone's private chat with the bot (a press may come from a group, and
    an answer may switch the other side into the conversation)."""
    return FSMContext(
        storage=state.storage, key=StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id)
    )


async def enter_chat(fsm: FSMContext, group: State, ticket_id: int, *, only_if_idle: bool) -> None:
    if only_if_idle and await fsm.get_state() is not None:
        return
    await fsm.set_state(group)
    await fsm.update_data(desk_ticket=ticket_id)


def media_kind(message: Message) -> str:
    for kind in ("photo", "document", "voice", "video", "audio", "video_note"):
        if getattr(message, kind, None):
            return kind
    return "text"


async def refuse(query: CallbackQuery, l10n: L10n, outcome: Outcome) -> None:
    await query.answer(l10n(REFUSALS.get(outcome, "callback-stale")), show_alert=True)


def message_of(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


# ---- a Telegram reply to a ticket message, in any state ----------------------------------


class TicketReply(Filter):
    """The message replies to a bot message that belongs to a ticket."""

    async def __call__(self, message: Message, session: AsyncSession) -> bool | dict[str, Ticket]:
        original = message.reply_to_message
        if message.text and message.text.startswith("/"):
            return False
        if original is None or original.from_user is None or not original.from_user.is_bot:
            return False
        ticket = await conv.by_link(session, message.chat.id, original.message_id)
        return {"linked_ticket": ticket} if ticket is not None else False


@router.message(TicketReply(), F.text | MEDIA)
async def on_ticket_reply(
    message: Message,
    linked_ticket: Ticket,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    if linked_ticket.user_id == user.id:
        await enter_chat(state, DeskUser.chat, linked_ticket.id, only_if_idle=True)
        await user_says(
            message,
            linked_ticket.id,
            bot=bot,
            user=user,
            state=state,
            l10n=l10n,
            session=session,
            vault=vault,
            clock=clock,
        )
    else:
        await volunteer_says(
            message,
            linked_ticket.id,
            bot=bot,
            user=user,
            state=state,
            l10n=l10n,
            session=session,
            vault=vault,
            clock=clock,
        )


# ---- the person asking --------------------------------------------------------------------


async def expectation(session: AsyncSession, l10n: L10n, clock: Clock, notified: int) -> str:
    hours = await desk.expected_wait_hours(session, clock.now())
    text = l10n("desk-expect-hours", hours=hours) if hours else l10n("desk-expect-unknown")
    if notified == 0:
        text += "\n" + l10n("desk-expect-nobody")
    return text


async def list_own(
    message: Message, l10n: L10n, session: AsyncSession, user: User, vault: Vault, *, full: bool
) -> None:
    active = await desk.active_of(session, user.id)
    rows: list[list[InlineKeyboardButton]] = []
    lines = []
    for ticket in active:
        lines.append(
            l10n(
                "desk-own-line",
                ticket=ticket.id,
                status=ui.status_label(l10n, ticket),
                question=ui.excerpt(desk.question(vault, ticket), 80),
            )
        )
        rows.append(
            [
                InlineKeyboardButton(
                    text=l10n("desk-btn-write-n", ticket=ticket.id),
                    callback_data=DeskCb(action="reply", tid=ticket.id).pack(),
                ),
                InlineKeyboardButton(
                    text=l10n("desk-btn-cancel-n", ticket=ticket.id),
                    callback_data=DeskCb(action="cancel", tid=ticket.id).pack(),
                ),
            ]
        )
    if not full:
        rows.append(
            [
                InlineKeyboardButton(
                    text=l10n("desk-btn-new"), callback_data=DeskCb(action="new").pack()
                )
            ]
        )
    rows.append([back_to_menu(l10n)])
    header = l10n("desk-limit", count=len(active)) if full else l10n("desk-own-title")
    await message.answer(
        header + "\n\n" + "\n".join(lines),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )


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
    if await desk.open_count(session, user.id) >= policy.max_open:
        await list_own(message, l10n, session, user, vault, full=True)
        return
    prefill = (prefill or "").strip()[:MAX_QUESTION]
    if prefill:
        await state.set_state(DeskUser.category)
        await state.update_data(desk_q=prefill)
        await message.answer(
            l10n("desk-confirm-question", question=ui.excerpt(prefill)),
            reply_markup=ui.kb_categories(l10n),
        )
        return
    await state.set_state(DeskUser.question)
    await message.answer(
        l10n("desk-ask-question"),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=l10n("desk-btn-cancel-draft"),
                        callback_data=DeskCb(action="drop").pack(),
                    )
                ]
            ]
        ),
    )


@router.callback_query(MenuCb.filter(F.item == "volunteer"))
async def on_menu_volunteer(
    query: CallbackQuery,
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
    if user.consent_at is not None and await desk.active_of(session, user.id):
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


@router.callback_query(DeskCb.filter(F.action == "new"))
async def on_new(
    query: CallbackQuery,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    desk_policy: DeskPolicy,
) -> None:
    await query.answer()
    message = message_of(query)
    if message is not None:
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
    if len(text) < MIN_QUESTION or not any(ch.isalpha() for ch in text):
        await message.answer(l10n("desk-question-too-short"))
        return
    if len(text) > MAX_QUESTION:
        await message.answer(l10n("desk-question-too-long", limit=MAX_QUESTION))
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
    text = (message.text or "").strip()
    draft = str((await state.get_data()).get("desk_q", ""))
    joined = f"{draft}\n{text}".strip()[:MAX_QUESTION]
    await state.update_data(desk_q=joined)
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
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if user.consent_at is None:
        await query.answer(l10n("desk-need-consent"), show_alert=True)
        return
    message = message_of(query)
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
        await query.answer()
        await state.clear()
        if message is not None:
            await list_own(message, l10n, session, user, vault, full=True)
        return
    await query.answer()
    ticket = created.ticket
    await state.set_state(DeskUser.chat)
    await state.set_data(
        {k: v for k, v in data.items() if k != "desk_q"} | {"desk_ticket": ticket.id}
    )
    if message is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(
        l10n(
            "desk-created",
            ticket=ticket.id,
            expectation=await expectation(session, l10n, clock, created.notified),
        ),
        reply_markup=ui.kb_user_ticket(l10n, ticket.id),
    )


async def user_says(
    message: Message,
    ticket_id: int,
    *,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    kind = media_kind(message)
    text = message.text if kind == "text" else message.caption
    outcome, _ = await conv.add_message(
        session,
        vault,
        ticket_id,
        user.id,
        as_volunteer=False,
        kind=kind,
        text=text,
        src=(message.chat.id, message.message_id) if kind != "text" else None,
        now=clock.now(),
    )
    if outcome == Outcome.CLOSED:
        await state.clear()
        await message.answer(
            l10n("desk-user-ticket-closed", ticket=ticket_id),
            reply_markup=ui.kb_user_closed(l10n, ticket_id, rate=False),
        )
        return
    if outcome != Outcome.OK:
        await state.clear()
        await message.answer(l10n("desk-user-ticket-gone"), reply_markup=menu_keyboard(l10n))
        return
    ticket = await desk.get(session, ticket_id)
    assert ticket is not None
    if ticket.status == TicketStatus.CLAIMED and ticket.volunteer_id is not None:
        other = private_state(state, bot, ticket.volunteer_id)
        await enter_chat(other, DeskVol.chat, ticket_id, only_if_idle=True)
        reply = l10n("desk-user-sent", ticket=ticket_id)
    else:
        reply = l10n("desk-user-added", ticket=ticket_id)
    if kind != "text":
        reply += "\n" + l10n("desk-passport-warning")
    await message.answer(reply)


@router.message(DeskUser.chat, NOT_COMMAND, F.text | MEDIA)
async def on_user_chat(
    message: Message,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    ticket_id = int((await state.get_data()).get("desk_ticket", 0))
    await user_says(
        message,
        ticket_id,
        bot=bot,
        user=user,
        state=state,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
    )


@router.message(DeskUser.chat, NOT_COMMAND)
async def on_user_chat_other(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("desk-chat-unsupported"))


@router.callback_query(DeskCb.filter(F.action == "cancel"))
async def on_cancel(
    query: CallbackQuery,
    callback_data: DeskCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
) -> None:
    outcome = await desk.close(
        session,
        callback_data.tid,
        user.id,
        by=Closer.USER,
        reason=CloseReason.CANCELLED,
        now=clock.now(),
    )
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer()
    if (await state.get_data()).get("desk_ticket") == callback_data.tid:
        await state.clear()
    message = message_of(query)
    if message is not None:
        await message.answer(
            l10n("desk-user-cancelled", ticket=callback_data.tid),
            reply_markup=ui.kb_user_closed(l10n, callback_data.tid, rate=False),
        )


@router.callback_query(DeskCb.filter(F.action == "solved"))
async def on_solved(
    query: CallbackQuery,
    callback_data: DeskCb,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
) -> None:
    outcome = await desk.close(
        session,
        callback_data.tid,
        user.id,
        by=Closer.USER,
        reason=CloseReason.SOLVED,
        now=clock.now(),
    )
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer()
    if (await state.get_data()).get("desk_ticket") == callback_data.tid:
        await state.clear()
    message = message_of(query)
    if message is not None:
        await message.answer(
            l10n("desk-user-solved", ticket=callback_data.tid),
            reply_markup=ui.kb_user_closed(l10n, callback_data.tid),
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
    if not callback_data.arg.isdigit() or not 1 <= int(callback_data.arg) <= 5:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    outcome = await desk.rate(
        session, callback_data.tid, user.id, int(callback_data.arg), clock.now()
    )
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
    outcome = await desk.reopen(session, callback_data.tid, user.id, clock.now(), desk_policy)
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer()
    await enter_chat(state, DeskUser.chat, callback_data.tid, only_if_idle=False)
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(
            l10n("desk-user-reopened", ticket=callback_data.tid),
            reply_markup=ui.kb_user_ticket(l10n, callback_data.tid),
        )


# ---- the conversation, from the volunteer's side ----------------------------------------


@router.callback_query(DeskCb.filter(F.action == "reply"))
async def on_reply_button(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
) -> None:
    ticket = await desk.get(session, callback_data.tid)
    if ticket is None:
        await refuse(query, l10n, Outcome.MISSING)
        return
    if ticket.user_id == user.id:
        if ticket.status == TicketStatus.CLOSED:
            await refuse(query, l10n, Outcome.CLOSED)
            return
        await query.answer()
        await enter_chat(state, DeskUser.chat, ticket.id, only_if_idle=False)
        if isinstance(query.message, Message):
            await query.message.answer(l10n("desk-user-write-now", ticket=ticket.id))
        return
    if await vols.approved(session, user.id) is None:
        await refuse(query, l10n, Outcome.NOT_VOLUNTEER)
        return
    if ticket.volunteer_id != user.id or ticket.status != TicketStatus.CLAIMED:
        await refuse(query, l10n, Outcome.NOT_YOURS)
        return
    await query.answer()
    await enter_chat(
        private_state(state, bot, user.id), DeskVol.chat, ticket.id, only_if_idle=False
    )
    await bot.send_message(user.id, l10n("desk-vol-write-now", ticket=ticket.id))


async def volunteer_says(
    message: Message,
    ticket_id: int,
    *,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    kind = media_kind(message)
    text = message.text if kind == "text" else message.caption
    outcome, _ = await conv.add_message(
        session,
        vault,
        ticket_id,
        user.id,
        as_volunteer=True,
        kind=kind,
        text=text,
        src=(message.chat.id, message.message_id) if kind != "text" else None,
        now=clock.now(),
    )
    if outcome == Outcome.OPEN:
        await message.answer(
            l10n("desk-take-first", ticket=ticket_id), reply_markup=ui.kb_take(l10n, ticket_id)
        )
        return
    if outcome != Outcome.OK:
        if await state.get_state() == DeskVol.chat.state:
            await state.clear()
        await message.answer(l10n(REFUSALS.get(outcome, "callback-stale")))
        return
    ticket = await desk.get(session, ticket_id)
    assert ticket is not None
    assert ticket.user_id is not None
    other = private_state(state, bot, ticket.user_id)
    await enter_chat(other, DeskUser.chat, ticket_id, only_if_idle=True)
    await message.answer(l10n("desk-vol-sent", ticket=ticket_id))


@router.message(DeskVol.chat, NOT_COMMAND, F.text | MEDIA)
async def on_volunteer_chat(
    message: Message,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    ticket_id = int((await state.get_data()).get("desk_ticket", 0))
    await volunteer_says(
        message,
        ticket_id,
        bot=bot,
        user=user,
        state=state,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
    )


@router.message(DeskVol.chat, NOT_COMMAND)
async def on_volunteer_chat_other(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("desk-chat-unsupported"))
