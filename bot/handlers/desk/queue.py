"""The queue of waiting tickets (volunteers and admins) and the tickets a volunteer holds:
/queue, /mine and the same two buttons on the volunteer's panel."""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.desk import lists
from bot.desk import volunteers as vols
from bot.desk.errors import DeskError
from bot.desk.tickets import Outcome
from bot.handlers.desk import ui
from bot.handlers.desk.shared import desk_router
from bot.handlers.desk.ui import DeskCb
from bot.turn import Turn

router = desk_router("desk_queue")
QUEUE_PAGE = 10


async def show_queue(bot: Bot, turn: Turn) -> None:
    """The waiting tickets, oldest first: for volunteers and admins."""
    reader = turn.user.id
    if not await vols.may_see_queue(turn.session, reader, is_admin=turn.is_admin):
        raise DeskError(Outcome.NOT_VOLUNTEER.value)
    waiting, total = await lists.queue(turn.session, QUEUE_PAGE)
    text, markup = ui.queue_listing(turn.l10n, turn.vault, waiting, total, turn.now())
    await bot.send_message(reader, text, reply_markup=markup)


async def show_mine(bot: Bot, turn: Turn) -> None:
    """The tickets this volunteer holds."""
    reader = turn.user.id
    if await vols.approved(turn.session, reader) is None:
        raise DeskError(Outcome.NOT_VOLUNTEER.value)
    held = await lists.held_by(turn.session, reader)
    text, markup = ui.held_listing(turn.l10n, held, turn.now())
    await bot.send_message(reader, text, reply_markup=markup)


@router.message(Command("queue"))
async def cmd_queue(message: Message, bot: Bot, turn: Turn) -> None:
    await show_queue(bot, turn)


@router.message(Command("mine"))
async def cmd_mine(message: Message, bot: Bot, turn: Turn) -> None:
    await show_mine(bot, turn)


@router.callback_query(DeskCb.filter(F.action == "queue"))
async def on_queue_button(query: CallbackQuery, bot: Bot, turn: Turn) -> None:
    await show_queue(bot, turn)
    await query.answer()


@router.callback_query(DeskCb.filter(F.action == "mine"))
async def on_mine_button(query: CallbackQuery, bot: Bot, turn: Turn) -> None:
    await show_mine(bot, turn)
    await query.answer()
