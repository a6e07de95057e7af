"""Triage: "помогите", "мужа забрали", "😭" get "Что случилось?" with the common needs.

The search decides when (``SearchResult.route == "triage"``, see ``bot.knowledge.triage``);
this module asks, and each need leads to its topics or to a volunteer. The state lives in the
FSM storage (the database), so a restart in the middle of triage loses nothing: the buttons
carry the need, and the person's first message is kept for the volunteer.
"""

from __future__ import annotations

from aiogram import F
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.desk.policy import DeskPolicy
from bot.handlers.desk import start_ticket
from bot.handlers.knowledge import (
    answer_question,
    on_media,
    on_other,
    on_sticker,
    send_topic,
    suggestions_keyboard,
)
from bot.handlers.template import private_router
from bot.i18n import L10n
from bot.keyboards import back_to_menu
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.knowledge.triage import NEEDS, NEEDS_BY_KEY
from bot.turn import Turn

router = private_router("triage")


class Triage(StatesGroup):
    choosing = State()


class TriageCb(CallbackData, prefix="triage"):
    need: str


def triage_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=l10n(f"triage-need-{need.key}"),
                callback_data=TriageCb(need=need.key).pack(),
            )
        ]
        for need in NEEDS
    ]
    rows.append([back_to_menu(l10n)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def start_triage(message: Message, text: str, state: FSMContext, l10n: L10n) -> None:
    """Ask what happened; the first message is kept for a volunteer ("qa" as after a search)."""
    await state.set_state(Triage.choosing)
    await state.update_data(qa={"q": text, "hits": [], "shown": []})
    await message.answer(l10n("triage-what-happened"), reply_markup=triage_keyboard(l10n))


@router.callback_query(TriageCb.filter())
async def on_need(
    query: CallbackQuery,
    callback_data: TriageCb,
    kb: KnowledgeBase,
    state: FSMContext,
    turn: Turn,
    desk_policy: DeskPolicy,
) -> None:
    l10n = turn.l10n
    need = NEEDS_BY_KEY.get(callback_data.need)
    if need is None or not isinstance(query.message, Message):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    if await state.get_state() == Triage.choosing.state:
        await state.set_state(None)
    if not need.topics:
        question = str(((await state.get_data()).get("qa") or {}).get("q", ""))
        await start_ticket(query.message, state, turn, desk_policy, question or None)
        return
    topics = [kb.topics[t] for t in need.topics if t in kb.topics]
    if len(topics) == 1:
        await send_topic(query.message, topics[0], kb, l10n)
        return
    await query.message.answer(
        l10n("triage-choose"), reply_markup=suggestions_keyboard(topics, l10n)
    )


@router.message(Triage.choosing, F.text)
async def on_words_instead(
    message: Message, kb: KnowledgeBase, search_index: SearchIndex, state: FSMContext, turn: Turn
) -> None:
    """The person described what happened instead of pressing a button: search that."""
    await state.set_state(None)
    await answer_question(
        message,
        kb=kb,
        search_index=search_index,
        l10n=turn.l10n,
        state=state,
        session=turn.session,
        user=turn.user,
        clock=turn.clock,
    )


@router.message(Triage.choosing)
async def on_not_text_in_triage(message: Message, l10n: L10n, state: FSMContext) -> None:
    """A sticker, a photo or a voice message: leave triage, answer as anywhere else."""
    await state.set_state(None)
    if message.sticker or message.animation:
        await on_sticker(message, l10n)
    elif (
        any((message.photo, message.voice, message.video, message.video_note, message.document))
        or message.audio
    ):
        await on_media(message, l10n)
    else:
        await on_other(message, l10n)
