"""/broadcast: an admin or coordinator writes an announcement, picks who gets it, sees the
count and a preview exactly as recipients will, confirms, and watches progress on a card
that updates in place, with pause, resume and cancel. Delivery is bot/admin/broadcasts.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from pydantic import BaseModel

from bot.admin import broadcasts as bc
from bot.admin.broadcasts import BroadcastError, Segment, SegmentKind
from bot.admin.models import Broadcast, BroadcastStatus
from bot.config import Settings
from bot.delivery import DeliveryHooks, Outgoing, RenderContext
from bot.handlers.kit import button, load_state, markup, save_state, target
from bot.handlers.operators import IsOperator
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.mexico.models import CITIES
from bot.models import OutboxMessage
from bot.outbox import enqueue
from bot.turn import Turn

router = RouterTemplate("broadcast")
router.message.filter(F.chat.type == ChatType.PRIVATE)
router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)

PROGRESS_EVERY = dt.timedelta(seconds=10)
# The segments offered, in order: (kind, value).
SEGMENTS: tuple[tuple[SegmentKind, str | None], ...] = (
    (SegmentKind.ALL, None),
    (SegmentKind.ROLE, "relative"),
    (SegmentKind.OPEN_CASE, None),
    (SegmentKind.VOLUNTEERS, None),
    (SegmentKind.MEXICO, None),
    (SegmentKind.LANGUAGE, "ru"),
    (SegmentKind.LANGUAGE, "en"),
)


class BroadcastForm(StatesGroup):
    text = State()
    text_en = State()
    segment = State()
    confirm = State()


class Draft(BaseModel):
    """The announcement being composed (an operator's text, not anyone's personal data)."""

    texts: dict[str, str] = {}
    media_kind: str | None = None
    media_file_id: str | None = None
    segment: int | None = None
    city: str | None = None  # the Mexico segment narrowed to one city


class BcCb(CallbackData, prefix="bc"):
    action: str
    arg: int = 0


def segment_label(l10n: L10n, index: int, city: str | None = None) -> str:
    kind, value = SEGMENTS[index]
    if city is not None:
        return l10n("mexico-bc-segment-city", city=l10n(f"mexico-city-{city}"))
    return l10n(f"bc-seg-{kind}" + (f"-{value}" if value else ""))


def draft_segment(draft: Draft) -> Segment:
    assert draft.segment is not None
    kind, value = SEGMENTS[draft.segment]
    return Segment(kind, draft.city if kind == SegmentKind.MEXICO and draft.city else value)


def _cancel_row(l10n: L10n) -> list[Any]:
    return [button(l10n("bc-btn-cancel"), BcCb(action="abort"))]


@router.message(Command("broadcast"), IsOperator())
async def on_broadcast(message: Message, state: FSMContext, turn: Turn) -> None:
    await state.set_state(BroadcastForm.text)
    await save_state(state, Draft())
    await message.answer(turn.l10n("bc-ask-text"), reply_markup=markup([_cancel_row(turn.l10n)]))


def _content(message: Message) -> tuple[str, str | None, str | None]:
    """The text as Telegram HTML, and a photo or document if one was sent."""
    if message.photo:
        return message.html_text if message.caption else "", "photo", message.photo[-1].file_id
    if message.document:
        return message.html_text if message.caption else "", "document", message.document.file_id
    return message.html_text if message.text else "", None, None


@router.message(BroadcastForm.text)
async def on_text(message: Message, state: FSMContext, turn: Turn) -> None:
    text, media_kind, file_id = _content(message)
    if not text:
        await message.answer(turn.l10n("bc-need-text"))
        return
    draft = Draft(texts={"ru": text}, media_kind=media_kind, media_file_id=file_id)
    bc.check_texts(draft.texts, media=media_kind is not None)
    await save_state(state, draft)
    await state.set_state(BroadcastForm.text_en)
    await message.answer(
        turn.l10n("bc-ask-text-en"),
        reply_markup=markup(
            [[button(turn.l10n("bc-btn-skip"), BcCb(action="skip"))], _cancel_row(turn.l10n)]
        ),
    )


async def _ask_segment(message: Message, state: FSMContext, l10n: L10n) -> None:
    await state.set_state(BroadcastForm.segment)
    rows = [
        [button(segment_label(l10n, i), BcCb(action="seg", arg=i))] for i in range(len(SEGMENTS))
    ]
    rows.insert(
        SEGMENTS.index((SegmentKind.MEXICO, None)) + 1,
        [button(l10n("mexico-bc-by-city"), BcCb(action="cities"))],
    )
    await message.answer(l10n("bc-ask-segment"), reply_markup=markup([*rows, _cancel_row(l10n)]))


@router.message(BroadcastForm.text_en)
async def on_text_en(message: Message, state: FSMContext, turn: Turn) -> None:
    draft = await load_state(state, Draft)
    if draft is None:
        raise BroadcastError("stale", end_flow=True)
    text = message.html_text if (message.text or message.caption) else ""
    if not text:
        await message.answer(turn.l10n("bc-need-text"))
        return
    draft.texts["en"] = text
    bc.check_texts(draft.texts, media=draft.media_kind is not None)
    await save_state(state, draft)
    await _ask_segment(message, state, turn.l10n)


@router.callback_query(BcCb.filter(F.action == "skip"), BroadcastForm.text_en, IsOperator())
async def on_skip_en(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    await query.answer()
    await _ask_segment(target(query), state, turn.l10n)


def _preview(draft: Draft, locale: str) -> Outgoing:
    text = draft.texts.get(locale) or next(iter(draft.texts.values()))
    if draft.media_kind and draft.media_file_id:
        return Outgoing(text=text, media=(draft.media_kind, draft.media_file_id))
    return Outgoing(text=text)


async def _send(
    message: Message, out: Outgoing, keyboard: InlineKeyboardMarkup | None = None
) -> Message:
    if out.media is not None:
        kind, file_id = out.media
        if kind == "photo":
            return await message.answer_photo(
                file_id, caption=out.text or None, reply_markup=keyboard
            )
        return await message.answer_document(
            file_id, caption=out.text or None, reply_markup=keyboard
        )
    return await message.answer(out.text, reply_markup=keyboard)


async def _draft_choosing(state: FSMContext, choice: int, choices: Sequence[object]) -> Draft:
    """The draft, once the pressed button's ``choice`` is known to index ``choices`` (a
    button from an older list, or a flow that ended, is stale)."""
    draft = await load_state(state, Draft)
    if draft is None or not 0 <= choice < len(choices):
        raise BroadcastError("stale", end_flow=True)
    return draft


@router.callback_query(BcCb.filter(F.action == "seg"), BroadcastForm.segment, IsOperator())
async def on_segment(
    query: CallbackQuery, callback_data: BcCb, state: FSMContext, turn: Turn
) -> None:
    draft = await _draft_choosing(state, callback_data.arg, SEGMENTS)
    draft.segment, draft.city = callback_data.arg, None
    await _show_preview(query, state, turn, draft)


@router.callback_query(BcCb.filter(F.action == "cities"), BroadcastForm.segment, IsOperator())
async def on_cities(query: CallbackQuery, turn: Turn) -> None:
    """The Mexico segment by city: each city with how many would get it."""
    message = target(query)
    rows = []
    for index, city in enumerate(CITIES):
        n = await bc.count(turn.session, Segment(SegmentKind.MEXICO, city))
        label = turn.l10n("mexico-bc-city-button", city=turn.l10n(f"mexico-city-{city}"), n=n)
        rows.append([button(label, BcCb(action="city", arg=index))])
    await query.answer()
    await message.answer(
        turn.l10n("mexico-bc-ask-city"), reply_markup=markup([*rows, _cancel_row(turn.l10n)])
    )


@router.callback_query(BcCb.filter(F.action == "city"), BroadcastForm.segment, IsOperator())
async def on_city(
    query: CallbackQuery, callback_data: BcCb, state: FSMContext, turn: Turn
) -> None:
    draft = await _draft_choosing(state, callback_data.arg, CITIES)
    draft.segment = SEGMENTS.index((SegmentKind.MEXICO, None))
    draft.city = CITIES[callback_data.arg]
    await _show_preview(query, state, turn, draft)


async def _show_preview(query: CallbackQuery, state: FSMContext, turn: Turn, draft: Draft) -> None:
    message = target(query)
    assert draft.segment is not None
    await save_state(state, draft)
    await state.set_state(BroadcastForm.confirm)
    recipients = await bc.count(turn.session, draft_segment(draft))
    await query.answer()
    await message.answer(
        turn.l10n(
            "bc-preview-intro",
            segment=segment_label(turn.l10n, draft.segment, draft.city),
            n=recipients,
            languages=", ".join(draft.texts),
        )
    )
    for locale in draft.texts:
        await message.answer(turn.l10n("bc-preview-lang", lang=locale))
        await _send(message, _preview(draft, locale))
    await message.answer(
        turn.l10n("bc-confirm", n=recipients),
        reply_markup=markup(
            [
                [button(turn.l10n("bc-btn-send", n=recipients), BcCb(action="go"))],
                _cancel_row(turn.l10n),
            ]
        ),
    )


@router.callback_query(BcCb.filter(F.action == "go"), BroadcastForm.confirm, IsOperator())
async def on_confirm(
    query: CallbackQuery, state: FSMContext, turn: Turn, settings: Settings
) -> None:
    message = target(query)
    draft = await load_state(state, Draft)
    if draft is None or draft.segment is None:
        raise BroadcastError("stale", end_flow=True)
    media = (
        (draft.media_kind, draft.media_file_id)
        if draft.media_kind and draft.media_file_id
        else None
    )
    broadcast = await bc.start(
        turn.session,
        created_by=turn.user.id,
        segment=draft_segment(draft),
        texts=draft.texts,
        media=media,
        now=turn.now(),
    )
    await state.clear()
    await query.answer()
    progress = await bc.progress(turn.session, broadcast)
    text, keyboard = progress_card(broadcast, progress, turn.l10n, settings.outbox_global_rate)
    card = await message.answer(text, reply_markup=keyboard)
    broadcast.progress_chat_id = card.chat.id
    broadcast.progress_message_id = card.message_id


@router.callback_query(BcCb.filter(F.action == "abort"), IsOperator())
async def on_abort(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    await state.clear()
    await query.answer()
    await message.answer(turn.l10n("bc-aborted"))


def progress_card(
    broadcast: Broadcast, progress: bc.Progress, l10n: L10n, rate: float
) -> tuple[str, InlineKeyboardMarkup | None]:
    status = broadcast.status
    text = l10n(
        "bc-progress",
        id=broadcast.id,
        status=l10n(f"bc-status-{status}"),
        total=progress.total,
        delivered=progress.delivered,
        blocked=progress.blocked,
        failed=progress.failed,
        waiting=progress.waiting,
        eta=progress.eta_seconds(rate) if status == BroadcastStatus.SENDING else 0,
    )
    rows = []
    if status == BroadcastStatus.SENDING:
        rows.append([button(l10n("bc-btn-pause"), BcCb(action="pause", arg=broadcast.id))])
    elif status == BroadcastStatus.PAUSED:
        rows.append([button(l10n("bc-btn-resume"), BcCb(action="resume", arg=broadcast.id))])
    if status in (BroadcastStatus.SENDING, BroadcastStatus.PAUSED):
        rows.append([button(l10n("bc-btn-stop"), BcCb(action="stop", arg=broadcast.id))])
    return text, markup(rows) if rows else None


@router.callback_query(BcCb.filter(F.action.in_({"pause", "resume", "stop"})), IsOperator())
async def on_control(
    query: CallbackQuery, callback_data: BcCb, turn: Turn, settings: Settings
) -> None:
    message = target(query)
    broadcast = await bc.get(turn.session, callback_data.arg)
    if callback_data.action == "pause":
        await bc.pause(turn.session, broadcast)
    elif callback_data.action == "resume":
        await bc.resume(turn.session, broadcast, turn.now())
    else:
        await bc.cancel(turn.session, broadcast, turn.now())
    await query.answer(turn.l10n(f"bc-done-{callback_data.action}"))
    progress = await bc.progress(turn.session, broadcast)
    text, keyboard = progress_card(broadcast, progress, turn.l10n, settings.outbox_global_rate)
    await message.edit_text(text, reply_markup=keyboard)


# ---- delivery ------------------------------------------------------------------------------


async def render_broadcast(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
    key = ("broadcast", row.payload.get("b"))
    broadcast = ctx.cache.get(key)
    if broadcast is None:
        broadcast = ctx.cache[key] = await ctx.session.get(Broadcast, int(row.payload["b"]))
    if broadcast is None or broadcast.status == BroadcastStatus.CANCELLED:
        return None
    text = bc.text_for(broadcast, ctx.l10n.locale)
    if broadcast.media_kind and broadcast.media_file_id:
        return Outgoing(text=text, media=(broadcast.media_kind, broadcast.media_file_id))
    return Outgoing(text=text)


def make_render_progress(rate: float) -> Any:
    async def render_progress(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        broadcast = await ctx.session.get(Broadcast, int(row.payload["b"]))
        if broadcast is None or broadcast.progress_message_id is None:
            return None
        progress = await bc.progress(ctx.session, broadcast)
        text, keyboard = progress_card(broadcast, progress, ctx.l10n, rate)
        return Outgoing(
            text=text,
            buttons=keyboard.inline_keyboard if keyboard else None,
            edit_message_id=broadcast.progress_message_id,
        )

    return render_progress


def install(hooks: DeliveryHooks, rate: float) -> None:
    hooks.renderers[bc.KIND] = render_broadcast
    # A second copy of an announcement is worse than a very rare missing one: see
    # DeliveryHooks.at_most_once.
    hooks.at_most_once.add(bc.KIND)
    hooks.renderers[PROGRESS_KIND] = make_render_progress(rate)


PROGRESS_KIND = "bc_progress"


async def tick(session: Any, now: dt.datetime) -> None:
    """The periodic job: refresh each running broadcast's card, finish those with nothing
    left, and tell their authors (each edit and each report through the outbox, once)."""
    for broadcast in await bc.active(session):
        if broadcast.progress_chat_id is None:
            continue
        finished = await bc.finish_if_done(session, broadcast, now)
        bucket = (
            "final" if finished else str(int(now.timestamp() // PROGRESS_EVERY.total_seconds()))
        )
        if broadcast.status == BroadcastStatus.PAUSED and not finished:
            continue
        await enqueue(
            session,
            chat_id=broadcast.progress_chat_id,
            kind=PROGRESS_KIND,
            payload={"b": broadcast.id},
            due_at=now,
            dedup_key=f"bcp:{broadcast.id}:{bucket}",
            now=now,
        )
        if finished:
            progress = await bc.progress(session, broadcast)
            await enqueue(
                session,
                chat_id=broadcast.progress_chat_id,
                kind="bc_report",
                payload={
                    "l10n": "bc-report",
                    "args": {
                        "id": broadcast.id,
                        "delivered": progress.delivered,
                        "blocked": progress.blocked,
                        "failed": progress.failed,
                    },
                },
                due_at=now,
                dedup_key=f"bcr:{broadcast.id}",
                now=now,
            )


# ---- every user's own setting --------------------------------------------------------------


def announcements_view(l10n: L10n, enabled: bool) -> tuple[str, InlineKeyboardMarkup]:
    toggle = "ann:off" if enabled else "ann:on"
    label = "settings-ann-turn-off" if enabled else "settings-ann-turn-on"
    return (
        l10n("settings-ann-on" if enabled else "settings-ann-off"),
        markup([[button(l10n(label), toggle)]]),
    )


@router.callback_query(F.data.in_({"ann:show", "ann:on", "ann:off"}))
async def on_announcements(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    if query.data != "ann:show":
        turn.user.announcements = query.data == "ann:on"
    await query.answer()
    text, keyboard = announcements_view(turn.l10n, turn.user.announcements)
    if query.data == "ann:show":
        await message.answer(text, reply_markup=keyboard)
    else:
        await message.edit_text(text, reply_markup=keyboard)
