"""The queue of waiting tickets (volunteers and admins) and the tickets a volunteer holds:
/queue, /mine and the same two buttons on the volunteer's panel."""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.desk import lists
from bot.desk import volunteers as vols
from bot.desk.tickets import Outcome
from bot.handlers.desk import ui
from bot.handlers.desk.shared import Event, desk_router, refuse
from bot.handlers.desk.ui import DeskCb
from bot.i18n import L10n
from bot.models import User

router = desk_router("desk_queue")
QUEUE_PAGE = 10


async def show_list(
    event: Event,
    which: str,
    *,
    bot: Bot,
    reader_id: int,
    is_admin: bool,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    """The queue ("queue": volunteers and admins) or one's own tickets ("mine": volunteers)."""
    if which == "queue":
        allowed = await vols.may_see_queue(session, reader_id, is_admin=is_admin)
    else:
        allowed = await vols.approved(session, reader_id) is not None
    if not allowed:
        await refuse(event, l10n, Outcome.NOT_VOLUNTEER)
        return
    if isinstance(event, CallbackQuery):
        await event.answer()
    if which == "queue":
        waiting, total = await lists.queue(session, QUEUE_PAGE)
        text, markup = ui.queue_listing(l10n, vault, waiting, total, clock.now())
    else:
        held = await lists.held_by(session, reader_id)
        text, markup = ui.held_listing(l10n, held, clock.now())
    await bot.send_message(reader_id, text, reply_markup=markup)


@router.message(Command("queue", "mine"))
async def cmd_list(
    message: Message,
    command: CommandObject,
    bot: Bot,
    user: User,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    is_admin: bool,
) -> None:
    await show_list(
        message,
        command.command,
        bot=bot,
        reader_id=user.id,
        is_admin=is_admin,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
    )


@router.callback_query(DeskCb.filter(F.action.in_({"queue", "mine"})))
async def on_list_button(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    is_admin: bool,
) -> None:
    await show_list(
        query,
        callback_data.action,
        bot=bot,
        reader_id=query.from_user.id,
        is_admin=is_admin,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
    )
