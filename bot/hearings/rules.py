"""Deadline rules, written from the project's fact sheet (shared/knowledge/facts.md).

Each rule returns a :class:`DeadlineSpec` that keeps what it was computed from, so the bot can
always show how a date came about, the rule, its source, and that it is not legal advice.
The rule and the source are locale keys (``locales/*/hearings.ftl``): people read them in
their own language.

* BIA appeal (facts §6.1, §15): 30 calendar days, *received* by the BIA. The 2026 interim
  rule (published 2026-02-06) would have cut most appeals to 10 days from 2026-03-09, but a
  federal court (D.D.C.) blocked the 10-day deadline and default summary dismissal on
  2026-03-08, before they took effect; the case goes on. Decisions from 2026-03-09 show the
  blocked rule with its date as information, never as the deadline. ``APPEAL_RULE`` stays
  only as an operators' switch should a court reinstate the rule: ``30`` (default) or
  ``10`` (10 days except asylum decided on the merits). No BIA appeal exists from a judge's
  review of a negative credible fear finding (facts §3.5).
* EOIR-33/IC within 5 days of a change of address (facts §2, 8 CFR 1003.15(d)(2)).
* I-589 within one year of the last arrival (facts §5, INA §208(a)(2)(B)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.hearings.models import DeadlineKind, HearingKind

# Sources are locale keys: a line with links, in the reader's language.
SOURCE_BIA = "deadline-source-bia"
SOURCE_BIA_BLOCKED = "deadline-source-bia-blocked"
SOURCE_BIA_RULE = "deadline-source-bia-rule"
SOURCE_EOIR33 = "deadline-source-eoir33"
SOURCE_ONE_YEAR = "deadline-source-one-year"

# The first day the 2026 interim rule applied to, and the day its 10-day deadline was blocked.
BIA_RULE_EFFECTIVE = dt.date(2026, 3, 9)
BIA_RULE_BLOCKED = dt.date(2026, 3, 8)
BIA_DAYS = 30
BIA_DAYS_IF_REINSTATED = 10
# The BIA is in Falls Church, Virginia: an appeal must be *received* there (no mailbox rule).
BIA_TZ = "America/New_York"
AppealRule = Literal["30", "10"]


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    kind: DeadlineKind
    due_date: dt.date
    tz: str
    rule_key: str
    source: str
    inputs: dict[str, Any] = field(default_factory=dict)
    alt_due_date: dt.date | None = None
    remind: bool = True

    @property
    def due_at(self) -> dt.datetime:
        """The last minute of the last day where it must be received."""
        return end_of_day(self.due_date, self.tz)


def end_of_day(day: dt.date, tz: str) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(23, 59), tzinfo=ZoneInfo(tz))
    return local.astimezone(dt.UTC)


def bia_appeal(
    decision_date: dt.date,
    *,
    asylum_merits: bool,
    appeal_rule: AppealRule,
    hearing_kind: str | None = None,
    appellant: Literal["respondent", "dhs"] = "respondent",
) -> DeadlineSpec | None:
    """The BIA appeal deadline for a judge's decision; None when no BIA appeal exists."""
    if hearing_kind == HearingKind.CFR:
        return None
    inputs: dict[str, Any] = {
        "start": decision_date.isoformat(),
        "asylum_merits": asylum_merits,
        "appeal_rule": appeal_rule,
        "appellant": appellant,
    }
    kind = DeadlineKind.BIA_APPEAL if appellant == "respondent" else DeadlineKind.DHS_APPEAL
    remind = appellant == "respondent"
    prefix = "deadline-rule-dhs" if appellant == "dhs" else "deadline-rule-bia"

    def spec(days: int, key: str, source: str) -> DeadlineSpec:
        return DeadlineSpec(
            kind=kind,
            due_date=decision_date + dt.timedelta(days=days),
            tz=BIA_TZ,
            rule_key=f"{prefix}-{key}",
            source=source,
            inputs={**inputs, "days": days},
            remind=remind,
        )

    if decision_date < BIA_RULE_EFFECTIVE:
        return spec(BIA_DAYS, "thirty", SOURCE_BIA)
    if appeal_rule == "10":  # an operator's switch: a court reinstated the 10-day rule
        if asylum_merits:
            return spec(BIA_DAYS, "merits", SOURCE_BIA_RULE)
        return spec(BIA_DAYS_IF_REINSTATED, "ten", SOURCE_BIA_RULE)
    return spec(BIA_DAYS, "thirty-blocked", SOURCE_BIA_BLOCKED)


# What a person reports after a hearing, and the deadlines they may add by hand.
DECISIONS = ("granted", "denied", "other")
MERITS = ("yes", "no", "unsure")
NEW_DEADLINE_KINDS = ("bia", "eoir33", "one_year")


def decision_deadline(
    decision_date: dt.date,
    *,
    decision: str,
    merits: str,
    appeal_rule: AppealRule,
    hearing_kind: str | None = None,
) -> DeadlineSpec | None:
    """The appeal window a reported decision opens: when asylum was granted it is DHS that
    may appeal; otherwise the person. An "unsure" answer on the merits counts as not."""
    return bia_appeal(
        decision_date,
        asylum_merits=merits == "yes",
        appeal_rule=appeal_rule,
        hearing_kind=hearing_kind,
        appellant="dhs" if decision == "granted" else "respondent",
    )


def typed_deadline(kind: str, day: dt.date, tz: str) -> DeadlineSpec:
    """A deadline counted from a date the person typed: ``eoir33`` (a move) or the one-year
    asylum filing deadline (arrival)."""
    return eoir33(day, tz) if kind == "eoir33" else one_year(day, tz)


def eoir33(moved_on: dt.date, tz: str) -> DeadlineSpec:
    return DeadlineSpec(
        kind=DeadlineKind.EOIR33,
        due_date=moved_on + dt.timedelta(days=5),
        tz=tz,
        rule_key="deadline-rule-eoir33",
        source=SOURCE_EOIR33,
        inputs={"start": moved_on.isoformat(), "days": 5},
    )


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def one_year(arrived_on: dt.date, tz: str) -> DeadlineSpec:
    """Counted conservatively: the day before the first anniversary of the last arrival."""
    anniversary = add_years(arrived_on, 1)
    return DeadlineSpec(
        kind=DeadlineKind.ONE_YEAR,
        due_date=anniversary - dt.timedelta(days=1),
        tz=tz,
        rule_key="deadline-rule-one-year",
        source=SOURCE_ONE_YEAR,
        inputs={"start": arrived_on.isoformat(), "anniversary": anniversary.isoformat()},
    )


# Deadline reminders: this many days before the last day, at 9:00 where it must be received.
DEADLINE_REMINDER_DAYS: tuple[int, ...] = (7, 3, 1, 0)


def deadline_reminder_times(due_date: dt.date, tz: str) -> list[tuple[int, dt.datetime]]:
    zone = ZoneInfo(tz)
    out = []
    for days in DEADLINE_REMINDER_DAYS:
        local = dt.datetime.combine(due_date - dt.timedelta(days=days), dt.time(9, 0))
        out.append((days, local.replace(tzinfo=zone).astimezone(dt.UTC)))
    return out
