"""Reference browsing and free-text questions answered from the knowledge base."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from aiogram import Bot, F
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin import counters
from bot.admin.counters import Event
from bot.clock import Clock
from bot.deeplinks import topic_link
from bot.desk.policy import DeskPolicy
from bot.handlers.callbacks import KbCb, MenuCb
from bot.handlers.desk import start_ticket
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.keyboards import back_to_menu, menu_keyboard
from bot.knowledge import gaps
from bot.knowledge.base import KnowledgeBase, Topic
from bot.knowledge.render import answer_card, has_details, topic_title
from bot.knowledge.search import SearchIndex
from bot.knowledge.smalltalk import classify
from bot.knowledge.triage import is_emoji_plea
from bot.models import User
from bot.turn import Turn

router = RouterTemplate("knowledge")
router.message.filter(F.chat.type == ChatType.PRIVATE)

MAX_QUESTION_CHARS = 700
MAX_BUTTON_TITLE = 60
_WORDS = re.compile(r"[^\W\d_]", re.UNICODE)


def _short(title: str) -> str:
    return title if len(title) <= MAX_BUTTON_TITLE else title[: MAX_BUTTON_TITLE - 1] + "…"


def topic_button(topic: Topic, l10n: L10n, *, related: bool = False) -> InlineKeyboardButton:
    title = _short(topic_title(topic, l10n.locale))
    text = l10n("kb-related", title=title) if related else title
    return InlineKeyboardButton(text=text, callback_data=KbCb(action="topic", ref=topic.id).pack())


def volunteer_button(l10n: L10n, topic_id: str = "") -> InlineKeyboardButton:
    """Ask a volunteer; under an article it names the article, so the question typed last is
    offered only when the article answered it (see ``on_ask_volunteer``)."""
    return InlineKeyboardButton(
        text=l10n("kb-ask-volunteer"), callback_data=KbCb(action="ask", ref=topic_id).pack()
    )


def also_button(topic: Topic, l10n: L10n) -> InlineKeyboardButton:
    title = _short(topic_title(topic, l10n.locale))
    return InlineKeyboardButton(
        text=l10n("qa-also", title=title),
        callback_data=KbCb(action="topic", ref=topic.id).pack(),
    )


def topic_keyboard(
    topic: Topic, kb: KnowledgeBase, l10n: L10n, *, feedback: bool, also: Topic | None = None
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if feedback:
        rows.append(
            [
                InlineKeyboardButton(
                    text=l10n("qa-helped"),
                    callback_data=KbCb(action="helped", ref=topic.id).pack(),
                ),
                InlineKeyboardButton(
                    text=l10n("qa-not-it"), callback_data=KbCb(action="notit", ref=topic.id).pack()
                ),
            ]
        )
    rows.append([volunteer_button(l10n, topic.id)])
    if also is not None:  # a question with two needs: the second one first
        rows.append([also_button(also, l10n)])
    rows.append(answer_buttons(topic, l10n))
    for rel in topic.related[:3]:
        related = kb.get(rel)
        if also is not None and rel == also.id:
            continue
        if related is not None:
            rows.append([topic_button(related, l10n, related=True)])
    rows.append(
        [
            InlineKeyboardButton(
                text=l10n("kb-back-category"),
                callback_data=KbCb(action="cat", ref=topic.category).pack(),
            ),
            back_to_menu(l10n),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def answer_buttons(topic: Topic, l10n: L10n) -> list[InlineKeyboardButton]:
    """«Подробнее» (when the topic has details) and «Поделиться» under an answer."""
    row = []
    if has_details(topic, l10n.locale):
        row.append(
            InlineKeyboardButton(
                text=l10n("kb-more"), callback_data=KbCb(action="more", ref=topic.id).pack()
            )
        )
    row.append(
        InlineKeyboardButton(
            text=l10n("kb-share"), callback_data=KbCb(action="share", ref=topic.id).pack()
        )
    )
    return row


def without_more(
    markup: InlineKeyboardMarkup | None, topic_id: str
) -> list[list[InlineKeyboardButton]]:
    more = KbCb(action="more", ref=topic_id).pack()
    rows = [
        [b for b in row if b.callback_data != more]
        for row in (markup.inline_keyboard if markup else [])
    ]
    return [row for row in rows if row]


def categories_keyboard(kb: KnowledgeBase, l10n: L10n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in kb.categories:
        builder.button(
            text=l10n(f"kb-cat-{category}"), callback_data=KbCb(action="cat", ref=category)
        )
    builder.adjust(2)
    builder.row(back_to_menu(l10n))
    return builder.as_markup()


def suggestions_keyboard(topics: list[Topic], l10n: L10n) -> InlineKeyboardMarkup:
    rows = [[topic_button(t, l10n)] for t in topics]
    rows.append([volunteer_button(l10n)])
    rows.append([back_to_menu(l10n)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def send_topic(
    message: Message,
    topic: Topic,
    kb: KnowledgeBase,
    l10n: L10n,
    *,
    feedback: bool = False,
    also: Topic | None = None,
) -> None:
    await message.answer(
        answer_card(topic, l10n),
        reply_markup=topic_keyboard(topic, kb, l10n, feedback=feedback, also=also),
    )


# ---- browsing ---------------------------------------------------------------------------


@router.callback_query(MenuCb.filter(F.item == "kb"))
@router.callback_query(KbCb.filter(F.action == "cats"))
async def on_categories(query: CallbackQuery, kb: KnowledgeBase, l10n: L10n) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            l10n("kb-categories-title"), reply_markup=categories_keyboard(kb, l10n)
        )


@router.callback_query(KbCb.filter(F.action == "cat"))
async def on_category(
    query: CallbackQuery, callback_data: KbCb, kb: KnowledgeBase, l10n: L10n
) -> None:
    topics = kb.in_category(callback_data.ref)
    if not topics or not isinstance(query.message, Message):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    rows = [[topic_button(t, l10n)] for t in topics]
    rows.append(
        [
            InlineKeyboardButton(
                text=l10n("kb-back-categories"), callback_data=KbCb(action="cats").pack()
            ),
            back_to_menu(l10n),
        ]
    )
    await query.message.answer(
        l10n("kb-category-title", category=l10n(f"kb-cat-{callback_data.ref}"), count=len(topics)),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )


async def _pressed_topic(
    query: CallbackQuery, ref: str, kb: KnowledgeBase, l10n: L10n
) -> tuple[Topic, Message] | None:
    """The topic a button names and the message the button sits on, the press answered;
    a topic no longer there, or a message out of reach, is refused with an alert."""
    topic = kb.get(ref)
    if topic is None or not isinstance(query.message, Message):
        await query.answer(l10n("kb-topic-missing"), show_alert=True)
        return None
    await query.answer()
    return topic, query.message


@router.callback_query(KbCb.filter(F.action == "topic"))
async def on_topic(
    query: CallbackQuery, callback_data: KbCb, kb: KnowledgeBase, l10n: L10n
) -> None:
    pressed = await _pressed_topic(query, callback_data.ref, kb, l10n)
    if pressed is not None:
        topic, message = pressed
        await send_topic(message, topic, kb, l10n)


@router.callback_query(KbCb.filter(F.action == "more"))
async def on_more(
    query: CallbackQuery, callback_data: KbCb, kb: KnowledgeBase, l10n: L10n, bot: Bot
) -> None:
    """«Подробнее»: the answer grows in place into the full card (body and details)."""
    topic = kb.get(callback_data.ref)
    if topic is None:
        await query.answer(l10n("kb-topic-missing"), show_alert=True)
        return
    await query.answer()
    full = answer_card(topic, l10n, full=True)
    message = query.message if isinstance(query.message, Message) else None
    rows = without_more(message.reply_markup if message else None, topic.id)
    if not rows:
        rows = without_more(topic_keyboard(topic, kb, l10n, feedback=False), topic.id)
    markup = InlineKeyboardMarkup(inline_keyboard=rows)
    if message is not None:
        try:
            await message.edit_text(full, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in str(exc):  # pressed twice: it is already the full card
                return
    # The message can no longer be edited (or is out of reach): send the full card anew.
    await bot.send_message(query.from_user.id, full, reply_markup=markup)


@router.callback_query(KbCb.filter(F.action == "share"))
async def on_share(
    query: CallbackQuery, callback_data: KbCb, kb: KnowledgeBase, l10n: L10n, bot: Bot
) -> None:
    """«Поделиться»: the link that opens this answer (``/start topic_<id>``)."""
    pressed = await _pressed_topic(query, callback_data.ref, kb, l10n)
    if pressed is None:
        return
    topic, message = pressed
    me = await bot.me()
    link = topic_link(me.username or "", topic.id)
    title = topic_title(topic, l10n.locale)
    share = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(title, safe='')}"
    await message.answer(
        l10n("kb-share-link", title=html.escape(title), link=link),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text=l10n("kb-share-send"), url=share)]]
        ),
    )


# ---- feedback on answers ----------------------------------------------------------------


@router.callback_query(KbCb.filter(F.action == "helped"))
async def on_helped(query: CallbackQuery, l10n: L10n) -> None:
    await query.answer(l10n("qa-thanks-feedback"))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


@router.callback_query(KbCb.filter(F.action == "notit"))
async def on_not_it(
    query: CallbackQuery, callback_data: KbCb, kb: KnowledgeBase, state: FSMContext, turn: Turn
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    l10n, session, user = turn.l10n, turn.session, turn.user
    data = await state.get_data()
    last = data.get("qa") or {}
    hits = [h for h in last.get("hits", []) if h != callback_data.ref]
    question = str(last.get("q", ""))
    if question and user.consent_at is not None:
        await gaps.record(
            session, user.id, question, l10n.locale, "not_it", callback_data.ref, turn.now()
        )
    await counters.bump(session, Event.NOT_IT, turn.now())
    shown = set(last.get("shown", [])) | {callback_data.ref}
    following = [kb.topics[h] for h in hits if h in kb.topics and h not in shown][:3]
    await state.update_data(qa={**last, "shown": sorted(shown | {t.id for t in following})})
    if following:
        await query.message.answer(
            l10n("qa-next-hits"), reply_markup=suggestions_keyboard(following, l10n)
        )
    else:
        await query.message.answer(l10n("qa-no-more"), reply_markup=suggestions_keyboard([], l10n))


@router.callback_query(KbCb.filter(F.action == "ask"))
async def on_ask_volunteer(
    query: CallbackQuery,
    callback_data: KbCb,
    state: FSMContext,
    turn: Turn,
    desk_policy: DeskPolicy,
) -> None:
    """Hand the question the person last typed to the volunteer desk, pre-filled, unless
    the button sits under an article that was not an answer to it (browsed later)."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    qa = (await state.get_data()).get("qa") or {}
    question = str(qa.get("q", ""))
    answered_by = set(qa.get("hits", [])) | set(qa.get("shown", []))
    if callback_data.ref and callback_data.ref not in answered_by:
        question = ""
    await start_ticket(query.message, state, turn, desk_policy, question or None)


# ---- free text --------------------------------------------------------------------------


@router.message(StateFilter(None), F.text)  # a question typed outside any conversation
async def answer_question(
    message: Message,
    *,
    kb: KnowledgeBase,
    search_index: SearchIndex,
    l10n: L10n,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    clock: Clock,
) -> None:
    """Answer, ask what happened (triage), decline off-topic, or offer the nearest topics."""
    from bot.handlers.triage import start_triage  # triage reuses this module's keyboards

    text = (message.text or "").strip()
    if text.startswith("/"):
        await message.answer(l10n("help-text"))
        return
    if not _WORDS.search(text):
        if is_emoji_plea(text):
            await start_triage(message, text, state, l10n)
        else:
            await message.answer(l10n("input-emoji-only"))
        return
    if len(text) > MAX_QUESTION_CHARS:
        # Keep it: the volunteer desk takes the whole story from here.
        await state.update_data(qa={"q": text, "hits": [], "shown": []})
        await message.answer(
            l10n("input-too-long", length=len(text)),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[volunteer_button(l10n)]]),
        )
        return
    kind = classify(text)
    if kind is not None:
        await message.answer(l10n(f"smalltalk-{kind}"), reply_markup=menu_keyboard(l10n))
        return
    result = search_index.search(text, limit=5)
    await counters.bump(session, Event.QUESTION_ASKED, clock.now())
    if result.route == "triage":
        await start_triage(message, text, state, l10n)
        return
    hits = [h.topic_id for h in result.hits if h.topic_id in kb.topics]
    answered = result.confident and bool(hits)
    # What was shown, so "not it" offers the next hits rather than these again.
    shown = hits[:1] if answered else hits[:2]
    also = kb.topics.get(result.also or "") if answered else None
    if also is not None:
        shown.append(also.id)
    await state.update_data(qa={"q": text, "hits": hits, "shown": shown})
    if answered:
        await counters.bump(session, Event.QUESTION_ANSWERED, clock.now())
        await send_topic(message, kb.topics[hits[0]], kb, l10n, feedback=True, also=also)
        return
    await counters.bump(session, Event.QUESTION_DECLINED, clock.now())
    if user.consent_at is not None:
        await gaps.record(session, user.id, text, l10n.locale, "no_answer", None, clock.now())
    if result.route == "offtopic":
        await state.update_data(qa={"q": text, "hits": [], "shown": []})
        await message.answer(l10n("qa-off-topic"), reply_markup=suggestions_keyboard([], l10n))
        return
    maybe = [kb.topics[h] for h in shown]
    await message.answer(
        l10n("qa-not-sure", count=len(maybe)), reply_markup=suggestions_keyboard(maybe, l10n)
    )


@router.message(StateFilter(None), F.sticker | F.animation)
async def on_sticker(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("input-emoji-only"))


@router.message(
    StateFilter(None), F.photo | F.voice | F.video | F.video_note | F.document | F.audio
)
async def on_media(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("input-media"))


@router.message(StateFilter(None))
async def on_other(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("input-not-text"))
