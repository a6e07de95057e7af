"""What every hearings handler module shares: the form's states, the flow's data, and the
checks a press goes through before anything is shown or changed."""

from __future__ import annotations

from typing import Any, TypeVar

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.hearings import ui
from bot.hearings import access, service
from bot.hearings.models import Deadline, Hearing
from bot.i18n import L10n
from bot.models import User
from bot.places import Places

T = TypeVar("T")


class HearingForm(StatesGroup):
    place = State()
    place_text = State()
    place_tz = State()
    when = State()
    notes = State()
    past_date = State()


class TzForm(StatesGroup):
    city = State()


# ---- the flow's data ---------------------------------------------------------------------
# One dict under "hr" in the FSM data. Its "flow" says what the steps are for: "add",
# "edit-place", "edit-notes", "postpone", "decision", "dl-eoir33", "dl-one_year".


async def flow(state: FSMContext) -> dict[str, Any]:
    data = await state.get_data()
    value = data.get("hr")
    return dict(value) if isinstance(value, dict) else {}


async def set_flow(state: FSMContext, st: State | None, **values: Any) -> None:
    current = await flow(state)
    current.update(values)
    await state.update_data(hr=current)
    await state.set_state(st)


async def end_flow(state: FSMContext) -> None:
    await state.update_data(hr=None)
    await state.set_state(None)


def typed(message: Message) -> str | None:
    """The text typed in a form step, or None for a command: commands are not answers."""
    text = (message.text or "").strip()
    return None if text.startswith("/") else text


def index(ref: str) -> int:
    """A position sent in callback data; -1 (out of every range) when it is not one."""
    return int(ref) if ref.isdigit() else -1


def needs_consent(user: User) -> bool:
    return user.consent_at is None


# ---- checks on every press ---------------------------------------------------------------


def msg(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def refuse(query: CallbackQuery, l10n: L10n) -> None:
    await query.answer(l10n("hearings-no-access"), show_alert=True)


async def stale(query: CallbackQuery, l10n: L10n) -> None:
    await query.answer(l10n("callback-stale"), show_alert=True)


async def _checked(query: CallbackQuery, l10n: L10n, found: T | None) -> tuple[T, Message] | None:
    # A missing row, one the person may not see and a message too old to answer are refused
    # alike, so forged callback data learns nothing.
    message = msg(query)
    if found is None or message is None:
        await refuse(query, l10n)
        return None
    return found, message


async def pressed_hearing(
    query: CallbackQuery,
    hearing_id: int,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> tuple[Hearing, Message] | None:
    """The hearing a button is about and the message it is under, or None once refused."""
    found = await access.hearing_for(session, hearing_id, user.id, is_admin)
    return await _checked(query, l10n, found)


async def pressed_deadline(
    query: CallbackQuery,
    deadline_id: int,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> tuple[Deadline, Message] | None:
    found = await access.deadline_for(session, deadline_id, user.id, is_admin)
    return await _checked(query, l10n, found)


async def case_allowed(
    query: CallbackQuery,
    case_id: int,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> bool:
    """Whether this person may act on the case; False once refused."""
    if await access.can_access(session, case_id, user.id, is_admin):
        return True
    await refuse(query, l10n)
    return False


async def pick_case(
    query: CallbackQuery,
    message: Message,
    case_id: int,
    action: str,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
) -> int | None:
    """The case a press is about: the one it names, else the person's only case; None once
    they were asked which (the same ``action`` comes back with the case) or told they have
    none. Access is still to be checked."""
    if case_id:
        return case_id
    cases = await access.user_case_ids(session, user.id)
    if len(cases) == 1:
        return cases[0]
    await query.answer()
    if not cases:
        await message.answer(l10n("hearings-list-no-cases"))
        return None
    markup = await ui.cases_keyboard(session, vault, l10n, cases[: ui.MAX_CHOICES], action)
    await message.answer(l10n("hearings-choose-case"), reply_markup=markup)
    return None


# ---- saving a change ---------------------------------------------------------------------


async def apply_change(
    message: Message,
    session: AsyncSession,
    hearing: Hearing,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
    *,
    state: FSMContext | None = None,
    **changes: Any,
) -> None:
    """Save a change and show the card. A change the service refuses is explained and the
    form (``state``, ended only on success) stays where it was, so the person can retry."""
    try:
        await service.change_hearing(
            session, vault, hearing, actor_id=user.id, now=clock.now(), **changes
        )
    except service.HearingError as exc:
        await message.answer(l10n(f"hearings-error-{exc.code}"))
        return
    if state is not None:
        await end_flow(state)
    await ui.send_hearing(
        message,
        session,
        hearing,
        user,
        l10n,
        vault,
        places,
        clock.now(),
        head=l10n("hearings-saved-change"),
    )
