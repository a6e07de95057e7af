"""What every cases handler shares: the conversation states, their typed data, and access.

Callback data can be forged and a button can outlive a membership, so a button handler
names the access it needs as a filter, ``HasCase(MANAGER)``: the filter loads the case the
button names, checks the presser's role afresh, and injects ``access`` (and ``message``, the
message the button sits on), or refuses with a ``CaseError`` that the kit renders. Someone
without access learns nothing about the case, not even which role was missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery
from pydantic import BaseModel

from bot.cases import service
from bot.handlers.cases.ui import CaseCb, PersonCb
from bot.handlers.kit import target
from bot.turn import Turn


class CaseFlow(StatesGroup):
    person = State()  # the person form (new person, one field, or a transfer's new place)
    update = State()  # typing an update for the family or a private volunteer note
    join = State()  # typing who you are to the family, after opening an invitation


class UpdateState(BaseModel):
    """``CaseFlow.update``: which case the next message goes to, and whether it is a note."""

    case_id: int
    private: bool = False


class JoinState(BaseModel):
    """``CaseFlow.join``: the proof of the invitation being answered (never a bare id)."""

    proof: str


class PersonFormState(BaseModel):
    """``CaseFlow.person``: where the person form stands; the draft itself is encrypted."""

    case_id: int | None = None
    mode: str = "new"  # "new" | "field" | "status"
    step: str
    person_id: int | None = None
    status: str | None = None
    review: bool = False
    enc: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A role a button needs beyond seeing the case, and the refusal when it is missing."""

    allows: Callable[[service.CaseAccess], bool]
    refusal: str


MANAGER = Rule(lambda a: a.can_manage, "not_owner")
MEMBER = Rule(lambda a: a.member is not None, "not_member")
STAFF = Rule(lambda a: a.is_staff, "not_volunteer")
RELEASER = Rule(lambda a: a.can_release, "not_volunteer")
ADMIN = Rule(lambda a: a.admin, "not_admin")
OWNER = Rule(lambda a: a.is_owner, "not_owner")
REMOVER = Rule(lambda a: a.can_remove_members, "not_owner")


async def require(
    turn: Turn, case_id: int, rule: Rule | None = None, *, end_flow: bool = False
) -> service.CaseAccess:
    """The user's access to the case, checked afresh, or a ``CaseError`` refusal (which ends
    the conversation in progress when ``end_flow``: without access it cannot go on)."""
    access = await service.get_access(turn.session, case_id, turn.user.id, turn.is_admin)
    if access is None:
        raise service.CaseError("no_access", end_flow=end_flow)
    if rule is not None and not rule.allows(access):
        raise service.CaseError(rule.refusal, end_flow=end_flow)
    return access


class HasCase(Filter):
    """For ``CaseCb``/``PersonCb`` buttons: injects ``access`` and ``message`` or refuses."""

    def __init__(self, rule: Rule | None = None) -> None:
        self.rule = rule

    async def __call__(
        self, query: CallbackQuery, callback_data: CaseCb | PersonCb, turn: Turn
    ) -> dict[str, Any]:
        message = target(query)
        access = await require(turn, callback_data.case_id, self.rule)
        return {"access": access, "message": message}
