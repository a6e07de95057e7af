"""The handler kit shared by every feature: refusals, buttons and the message to answer under.

* Refusing: domain code raises :class:`bot.errors.DomainError` (``CaseError`` and friends
  are subclasses); :func:`on_domain_error`, registered on this module's router with
  ``ExceptionTypeFilter``, renders ``<domain>-error-<code>`` in the person's language: an
  alert under a pressed button, a reply to a typed message. Handlers never catch it.
* Buttons: :func:`button` and :func:`markup` build every inline keyboard.
* Conversation state: one pydantic model per flow, read with :func:`load_state` and
  written with :func:`save_state` instead of ``data.get("…")`` with ``int(... or 0)``.
* :func:`target`: the message a pressed button sits on, or a "stale" refusal when Telegram
  no longer returns it.
* :func:`show`: a menu step replaces the menu it was chosen from (the message is edited in
  place) instead of piling up new messages.
* :class:`TypingWhileWorking`: "typing…" in the chat while the bot works on a question.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    ErrorEvent,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from aiogram.utils.chat_action import ChatActionSender
from pydantic import BaseModel, ValidationError

from bot.errors import DomainError
from bot.handlers.template import RouterTemplate
from bot.turn import Handler, Turn

router = RouterTemplate("kit")
log = logging.getLogger("bot.refusals")

Rows = Sequence[Sequence[InlineKeyboardButton]]
M = TypeVar("M", bound=BaseModel)


class Stale(DomainError):
    """A button whose message Telegram no longer returns, or that no longer means anything."""

    def __init__(self) -> None:
        super().__init__("stale")

    @property
    def key(self) -> str:
        return "callback-stale"


def button(text: str, data: CallbackData | str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=data if isinstance(data, str) else data.pack()
    )


def markup(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


def target(query: CallbackQuery) -> Message:
    """The message the pressed button sits on (buttons on messages too old for Telegram to
    return arrive without a usable one: those are refused as stale)."""
    if not isinstance(query.message, Message):
        raise Stale()
    return query.message


async def show(
    message: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """A menu step: edit the menu message the button sits on into the next screen; a
    message that cannot be edited (a file, too old, the same text) gets a new one instead."""
    try:
        await message.edit_text(text, reply_markup=reply_markup)
    except TelegramBadRequest:
        await message.answer(text, reply_markup=reply_markup)


@contextlib.contextmanager
def final_step() -> Iterator[None]:
    """A refusal raised inside ends the conversation in progress: the step cannot be taken
    again (an invitation already used, a case that cannot take more people)."""
    try:
        yield
    except DomainError as error:
        error.end_flow = True
        raise


@router.errors(ExceptionTypeFilter(DomainError))
async def on_domain_error(event: ErrorEvent, turn: Turn, state: FSMContext | None = None) -> bool:
    error = event.exception
    assert isinstance(error, DomainError)  # the filter guarantees it
    log.info("refused: %s", error.key)
    if error.end_flow and state is not None:
        await state.clear()
    text = turn.l10n(error.key)
    update = event.update
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)
    return True


async def load_state(state: FSMContext, model: type[M]) -> M | None:
    """The flow's typed conversation state, or None when it is missing or malformed (two
    updates raced, storage was cleared, or the bot was updated mid-conversation)."""
    try:
        return model.model_validate(await state.get_data())
    except ValidationError:
        return None


async def save_state(state: FSMContext, value: BaseModel) -> None:
    await state.set_data(value.model_dump(mode="json"))


class TypingWhileWorking(BaseMiddleware):
    """A question typed outside any form (free text in a private chat, no command, no state)
    may take the search a moment: the person sees "typing…" until the answer comes
    (Telegram shows it for 5 seconds; it is repeated while the handler runs)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot | None = data.get("bot")
        if (
            bot is None
            or not isinstance(event, Message)
            or event.chat.type != ChatType.PRIVATE
            or not event.text
            or event.text.startswith("/")
            or data.get("raw_state") is not None
        ):
            return await handler(event, data)
        async with ChatActionSender.typing(bot=bot, chat_id=event.chat.id):
            return await handler(event, data)
