"""Which commands each kind of person has, for /help and for Telegram's command menu.

Telegram shows the menu of ``setMyCommands``; with chat scopes each person can get their
own: everyone the commands of a relative, approved volunteers theirs on top, coordinators
and admins the operators' tools (``/stats /gaps /broadcast /audit``, and ``/coordinators``
for admins). Each list exists in every language (``cmd-<name>`` in the locales).
Telegram-free apart from the look-ups of who someone is.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Iterable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin import staff
from bot.admin.models import StaffRole
from bot.i18n import L10n, Translator
from bot.models import User, Volunteer, VolunteerStatus

log = logging.getLogger(__name__)


class Audience(enum.StrEnum):
    EVERYONE = "everyone"
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


EVERYONE: tuple[str, ...] = (
    "start",
    "menu",
    "hearings",
    "cases",
    "mexico",
    "help",
    "language",
    "cancel",
    "forget",
)
VOLUNTEER: tuple[str, ...] = ("queue", "ticket", "answer", "away", "audit")
COORDINATOR: tuple[str, ...] = ("stats", "gaps", "broadcast", "audit")
ADMIN: tuple[str, ...] = (
    "stats",
    "gaps",
    "broadcast",
    "audit",
    "coordinators",
    "volunteers",
    "tickets",
    "proposals",
)
EXTRA: dict[Audience, tuple[str, ...]] = {
    Audience.EVERYONE: (),
    Audience.VOLUNTEER: VOLUNTEER,
    Audience.COORDINATOR: COORDINATOR,
    Audience.ADMIN: ADMIN,
}


def commands_for(audience: Audience) -> tuple[str, ...]:
    """The menu of one audience: everyone's commands, then theirs (no repeats)."""
    return tuple(dict.fromkeys((*EVERYONE, *EXTRA[audience])))


async def audience_of(session: AsyncSession, user_id: int, is_admin: bool) -> Audience:
    """The widest audience a person belongs to (an admin who volunteers is an admin)."""
    role = await staff.operator_role(session, user_id, is_admin)
    if role == staff.Operator.ADMIN:
        return Audience.ADMIN
    if role == staff.Operator.COORDINATOR:
        return Audience.COORDINATOR
    volunteer = await session.get(Volunteer, user_id)
    if volunteer is not None and volunteer.status == VolunteerStatus.APPROVED:
        return Audience.VOLUNTEER  # away or not: /away brings them back
    return Audience.EVERYONE


def menu(l10n: L10n, audience: Audience) -> list[BotCommand]:
    return [BotCommand(command=c, description=l10n(f"cmd-{c}")) for c in commands_for(audience)]


def help_text(l10n: L10n, audience: Audience) -> str:
    """/help: what everyone can do, then the commands of this person's role."""
    extra = [c for c in commands_for(audience) if c not in EVERYONE]
    if not extra:
        return l10n("help-text")
    lines = [f"• /{c} — {l10n(f'cmd-{c}')}" for c in extra]
    return "\n".join([l10n("help-text"), l10n(f"help-role-{audience}"), *lines])


async def set_person_menu(
    bot: Bot, session: AsyncSession, user_id: int, is_admin: bool, l10n: L10n
) -> None:
    """This person's own command menu (a chat scope), in their language; everyone else's
    comes from the default menus, so a person back to "everyone" loses the chat scope."""
    audience = await audience_of(session, user_id, is_admin)
    scope = BotCommandScopeChat(chat_id=user_id)
    try:
        if audience == Audience.EVERYONE:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(menu(l10n, audience), scope=scope)
    except TelegramAPIError as exc:  # a menu is a convenience: never fail the update for it
        log.warning("could not set a command menu: %s", type(exc).__name__)


async def staff_ids(session: AsyncSession, admin_ids: Iterable[int]) -> set[int]:
    """Everyone whose menu is wider than everyone's: admins, coordinators, volunteers."""
    volunteers = await session.scalars(
        select(Volunteer.user_id).where(Volunteer.status == VolunteerStatus.APPROVED)
    )
    coordinators = await session.scalars(select(StaffRole.user_id))
    return {*admin_ids, *volunteers, *coordinators}


async def _quietly(call: Awaitable[object]) -> None:
    """One start-up call: a menu or a description is a convenience, so a failure (Telegram
    busy, a network error) is logged and start-up goes on; the next start tries again."""
    try:
        await call
    except TelegramAPIError as exc:
        log.warning("could not set a command menu or description: %s", type(exc).__name__)


async def publish(
    bot: Bot,
    session: AsyncSession,
    translator: Translator,
    admin_ids: frozenset[int],
    default_locale: str,
) -> None:
    """At start-up: everyone's menu in each language (and without one, in the default), the
    bot's description and short description in each language, and each staff member's own
    menu in their language. Never fails start-up."""
    scope = BotCommandScopeAllPrivateChats()
    for locale in translator.locales:
        l10n = translator.get(locale)
        everyone = menu(l10n, Audience.EVERYONE)
        await _quietly(bot.set_my_commands(everyone, scope=scope, language_code=locale))
        await _quietly(bot.set_my_description(l10n("bot-description"), language_code=locale))
        short = l10n("bot-short-description")
        await _quietly(bot.set_my_short_description(short, language_code=locale))
    default = translator.get(default_locale)
    await _quietly(bot.set_my_commands(menu(default, Audience.EVERYONE), scope=scope))
    await _quietly(bot.set_my_description(default("bot-description")))
    await _quietly(bot.set_my_short_description(default("bot-short-description")))
    for user_id in sorted(await staff_ids(session, admin_ids)):
        user = await session.get(User, user_id)
        l10n = translator.get(user.locale if user else default_locale)
        await set_person_menu(bot, session, user_id, user_id in admin_ids, l10n)
