"""What every hearings handler module shares: the form's states, the flow's typed data, and
the filters a press goes through before anything is shown or changed.

Callback data can be forged and a button can outlive a membership, so a button about one
hearing or deadline names it as a filter, ``HasHearing()`` / ``HasDeadline()``: the filter
loads it, checks afresh that the presser may see it, and injects ``hearing`` (or
``deadline``) and ``message`` (the message the button sits on), or raises
:class:`bot.hearings.service.NoAccess`, which the kit's error handler renders. A missing
row and one the person may not see are refused alike.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel, ValidationError

from bot.handlers.hearings import ui
from bot.handlers.hearings.ui import HrCb
from bot.handlers.kit import Stale, target
from bot.hearings import access, queries, service
from bot.hearings.models import Deadline, Hearing
from bot.turn import Turn


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


class HearingFlow(BaseModel):
    """One model under "hr" in the FSM data. ``flow`` says what the steps are for: "add",
    "edit-place", "edit-notes", "postpone", "decision", "dl-eoir33", "dl-one_year"."""

    flow: str
    case: int = 0
    person: int | None = None
    hearing: int = 0
    choices: list[str] = []
    zones: list[str] = []
    place_id: str | None = None
    place_text: str | None = None
    tz: str | None = None
    local: str | None = None
    day: str | None = None  # a date typed without a time, waiting for the time
    kind: str | None = None
    mode: str | None = None
    decision: str | None = None
    merits: str | None = None


async def load_flow(state: FSMContext) -> HearingFlow | None:
    """The flow in progress, or None when there is none (or it is malformed: two updates
    raced, storage was cleared, the bot was updated mid-conversation)."""
    value = (await state.get_data()).get("hr")
    if not isinstance(value, dict):
        return None
    try:
        return HearingFlow.model_validate(value)
    except ValidationError:
        return None


async def need_flow(state: FSMContext) -> HearingFlow:
    """The flow in progress, or a "stale" refusal: the button belongs to a form that ended."""
    current = await load_flow(state)
    if current is None:
        raise Stale()
    return current


async def set_flow(state: FSMContext, st: State | None, **values: Any) -> None:
    """Merge ``values`` into the flow (a new one when they name ``flow``) and go to ``st``."""
    data = await state.get_data()
    current = data.get("hr")
    merged = dict(current) if isinstance(current, dict) else {}
    merged.update(values)
    await state.update_data(hr=merged)
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


# ---- checks on every press ---------------------------------------------------------------


class HasHearing(Filter):
    """For ``HrCb`` buttons whose ``id`` is a hearing: injects ``hearing`` and ``message``."""

    name = "hearing"

    async def load(self, turn: Turn, row_id: int) -> Hearing | Deadline | None:
        return await access.hearing_for(turn.session, row_id, turn.user.id, turn.is_admin)

    async def __call__(
        self, query: CallbackQuery, callback_data: HrCb, turn: Turn
    ) -> dict[str, Any]:
        message = target(query)
        found = await self.load(turn, callback_data.id)
        if found is None:
            raise service.NoAccess()
        return {self.name: found, "message": message}


class HasDeadline(HasHearing):
    """For ``HrCb`` buttons whose ``id`` is a deadline: injects ``deadline`` and ``message``."""

    name = "deadline"

    async def load(self, turn: Turn, row_id: int) -> Hearing | Deadline | None:
        return await access.deadline_for(turn.session, row_id, turn.user.id, turn.is_admin)


async def require_case(turn: Turn, case_id: int, *, end_flow: bool = False) -> None:
    """Whether this person may act on the case, checked afresh, or a refusal."""
    if not await access.can_access(turn.session, case_id, turn.user.id, turn.is_admin):
        raise service.NoAccess(end_flow=end_flow)


async def require_hearing(turn: Turn, hearing_id: int, *, end_flow: bool = False) -> Hearing:
    """The hearing a form step is about, checked afresh, or a refusal."""
    found = await access.hearing_for(turn.session, hearing_id, turn.user.id, turn.is_admin)
    if found is None:
        raise service.NoAccess(end_flow=end_flow)
    return found


async def require_person(turn: Turn, case_id: int, person_id: int) -> None:
    """The person a button names belongs to the case it names, not another one."""
    await require_case(turn, case_id)
    if person_id not in {p.id for p in await queries.persons_of(turn.session, case_id)}:
        raise service.NoAccess()


async def pick_case(
    query: CallbackQuery, message: Message, case_id: int, action: str, turn: Turn
) -> int | None:
    """The case a press is about: the one it names, else the person's only case; None once
    they were asked which (the same ``action`` comes back with the case) or told they have
    none. Access is still to be checked."""
    if case_id:
        return case_id
    cases = await access.user_case_ids(turn.session, turn.user.id)
    if len(cases) == 1:
        return cases[0]
    await query.answer()
    if not cases:
        await message.answer(turn.l10n("hearings-list-no-cases"))
        return None
    keyboard = await ui.cases_keyboard(turn, cases[: ui.MAX_CHOICES], action)
    await message.answer(turn.l10n("hearings-choose-case"), reply_markup=keyboard)
    return None


def needs_consent(turn: Turn) -> bool:
    return turn.user.consent_at is None


# ---- saving a change ---------------------------------------------------------------------


async def apply_change(
    message: Message,
    turn: Turn,
    hearing: Hearing,
    *,
    state: FSMContext | None = None,
    **changes: Any,
) -> None:
    """Save a change and show the card. A change the service refuses raises its
    ``HearingError`` (rendered by the kit) and the form (``state``, ended only on success)
    stays where it was, so the person can retry."""
    await service.change_hearing(
        turn.session, turn.vault, hearing, actor_id=turn.user.id, now=turn.now(), **changes
    )
    if state is not None:
        await end_flow(state)
    await ui.send_hearing(message, turn, hearing, head=turn.l10n("hearings-saved-change"))
