"""The desk's refusals in the one domain-error convention (``bot/errors.py``).

Functions of ``bot/desk`` that two people can race for return an :class:`Outcome` (tests and
callers compare them); a handler turns a refusal into a :class:`DeskError` with
:func:`ensure`, and the kit's error handler says it in the person's language.
"""

from __future__ import annotations

from bot.desk.tickets import Outcome
from bot.errors import DomainError

# How each refusal is said to the person who pressed or typed.
KEYS: dict[str, str] = {
    Outcome.MISSING: "desk-missing",
    Outcome.NOT_VOLUNTEER: "desk-denied-not-volunteer",
    Outcome.NOT_YOURS: "desk-denied-not-yours",
    Outcome.OWN: "desk-own",
    Outcome.TAKEN: "desk-taken",
    Outcome.OPEN: "desk-still-open",
    Outcome.CLOSED: "desk-closed",
    Outcome.NOT_CLOSED: "desk-not-closed",
    Outcome.LIMIT: "desk-limit-reopen",
    Outcome.NO_ANSWER: "desk-propose-no-answer",
    Outcome.ALREADY_YOURS: "desk-already-yours",
    "not_admin": "desk-denied-admin",
    # Someone else's ticket, said to whoever is refused: the person who asked a question is
    # not told about volunteers, and a coordinator may read every ticket.
    "not_asker": "desk-not-your-question",
    "not_yours_admin": "desk-denied-admin-held",
    "need_consent": "desk-need-consent",
}


class DeskError(DomainError):
    domain = "desk"

    @property
    def key(self) -> str:
        return KEYS.get(self.code, "callback-stale")


def refusal(
    outcome: Outcome, *, asker: bool = False, admin: bool = False, end_flow: bool = False
) -> DeskError:
    """The refusal for ``outcome``, worded for who is refused: ``asker`` for the person's own
    actions on a question, ``admin`` for a coordinator."""
    code = outcome.value
    if outcome == Outcome.NOT_YOURS and asker:
        code = "not_asker"
    elif outcome == Outcome.NOT_YOURS and admin:
        code = "not_yours_admin"
    return DeskError(code, end_flow=end_flow)


def ensure(
    outcome: Outcome, *, asker: bool = False, admin: bool = False, end_flow: bool = False
) -> None:
    """Nothing when the step went through; otherwise the refusal, said by the kit."""
    if outcome != Outcome.OK:
        raise refusal(outcome, asker=asker, admin=admin, end_flow=end_flow)
