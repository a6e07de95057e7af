"""What every cases handler shares: the conversation states and the access guard.

Callback data can be forged and a button can outlive a membership, so every callback
handler asks :func:`guard` afresh before it shows or changes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import service
from bot.i18n import L10n
from bot.models import User


class CaseFlow(StatesGroup):
    person = State()  # the person form (new person, one field, or a transfer's new place)
    update = State()  # typing an update for the family or a private volunteer note
    join = State()  # typing who you are to the family, after opening an invitation


@dataclass(frozen=True, slots=True)
class Rule:
    """A role a button needs beyond seeing the case, and the alert when it is missing."""

    allows: Callable[[service.CaseAccess], bool]
    refusal: str


MANAGER = Rule(lambda a: a.can_manage, "not_owner")
MEMBER = Rule(lambda a: a.member is not None, "not_member")
STAFF = Rule(lambda a: a.is_staff, "not_volunteer")
RELEASER = Rule(lambda a: a.can_release, "not_volunteer")
ADMIN = Rule(lambda a: a.admin, "not_admin")
OWNER = Rule(lambda a: a.is_owner, "not_owner")
REMOVER = Rule(lambda a: a.can_remove_members, "not_owner")


def target(query: CallbackQuery) -> Message | None:
    # Buttons on messages too old for Telegram to return arrive without a usable message.
    return query.message if isinstance(query.message, Message) else None


async def refuse(query: CallbackQuery, l10n: L10n, code: str = "no_access") -> None:
    await query.answer(l10n(f"cases-error-{code}"), show_alert=True)


async def guard(
    query: CallbackQuery,
    session: AsyncSession,
    case_id: int,
    user: User,
    is_admin: bool,
    l10n: L10n,
    rule: Rule | None = None,
) -> tuple[service.CaseAccess, Message] | None:
    """The presser's access to the case and the message to answer under, or None once refused.

    Someone without access learns nothing about the case, not even which role was missing.
    """
    access = await service.get_access(session, case_id, user.id, is_admin)
    message = target(query)
    if access is None or message is None:
        await refuse(query, l10n)
        return None
    if rule is not None and not rule.allows(access):
        await refuse(query, l10n, rule.refusal)
        return None
    return access, message
