"""Deadline rules, written from the project's fact sheet (shared/knowledge/facts.md).

Each rule returns a :class:`DeadlineSpec` that keeps what it was computed from, so the bot can
always show how a date came about, the rule, its source, and that it is not legal advice.
Where the law is in dispute the rule returns the earlier date to act on and the later one
that applies only if a court stops the new rule.

* BIA appeal (facts §6.1): decisions before 2026-03-09: 30 calendar days; from 2026-03-09
  (interim final rule, published 2026-02-06): 10 calendar days for most decisions, 30 for
  asylum decided on the merits. The rule is under court challenge: the admin setting
  ``APPEAL_RULE`` says which to show (``both`` until the litigation is settled). No BIA
  appeal exists from a judge's review of a negative credible fear finding (facts §3.5).
* EOIR-33/IC within 5 days of a change of address (facts §2, 8 CFR 1003.15(d)(2)).
* I-589 within one year of the last arrival (facts §5, INA §208(a)(2)(B)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.hearings.models import DeadlineKind, HearingKind

BIA_RULE_EFFECTIVE = dt.date(2026, 3, 9)
# The BIA is in Falls Church, Virginia: an appeal must be *received* there (no mailbox rule).
BIA_TZ = "America/New_York"
AppealRule = Literal["both", "10", "30"]

SOURCE_BIA_OLD = (
    "https://www.justice.gov/eoir/reference-materials/bia/chapter-4/5 ; "
    "https://www.justice.gov/eoir/appeal-immigration-judges-decision"
)
SOURCE_BIA_RULE = (
    "Interim final rule “Appellate Procedures for the Board of Immigration Appeals” "
    "(published 2026-02-06, effective 2026-03-09): "
    "https://www.wildeslaw.com/news-events/in-the-news/"
    "doj-issues-interim-final-rule-radically-restructuring-the-bia ; "
    "https://chrishammondlaw.com/blog/the-immigration-appeal-process-is-changing"
)
SOURCE_BIA_LAWSUIT = (
    "https://amicacenter.org/press-releases/legal-services-organizations-sue-to-block-sweeping-"
    "immigration-appeals-rule-that-eliminates-meaningful-judicial-review"
)
SOURCE_EOIR33 = (
    "8 CFR 1003.15(d)(2): https://www.ecfr.gov/current/title-8/section-1003.15 ; "
    "online filing (EOIR Respondent Access): "
    "http://https.omb.report/icr/202401-0970-003/doc/138535701"
)
SOURCE_ONE_YEAR = (
    "INA §208(a)(2)(B), 8 USC 1158(a)(2)(B): https://www.law.cornell.edu/uscode/text/8/1158"
)
SOURCE_NO_CFR_APPEAL = (
    "8 CFR 1003.42; https://www.justice.gov/eoir/appeal-immigration-judges-decision"
)


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
        "rule_effective": BIA_RULE_EFFECTIVE.isoformat(),
        "appellant": appellant,
    }
    kind = DeadlineKind.BIA_APPEAL if appellant == "respondent" else DeadlineKind.DHS_APPEAL
    remind = appellant == "respondent"
    prefix = "deadline-rule-dhs" if appellant == "dhs" else "deadline-rule-bia"

    def spec(days: int, key: str, source: str, alt_days: int | None = None) -> DeadlineSpec:
        alt = decision_date + dt.timedelta(days=alt_days) if alt_days else None
        return DeadlineSpec(
            kind=kind,
            due_date=decision_date + dt.timedelta(days=days),
            tz=BIA_TZ,
            rule_key=f"{prefix}-{key}",
            source=source,
            inputs={**inputs, "days": days, "alt_days": alt_days},
            alt_due_date=alt,
            remind=remind,
        )

    if decision_date < BIA_RULE_EFFECTIVE:
        return spec(30, "before-rule", SOURCE_BIA_OLD)
    if asylum_merits:
        return spec(30, "merits", SOURCE_BIA_RULE)
    if appeal_rule == "10":
        return spec(10, "ten", SOURCE_BIA_RULE)
    if appeal_rule == "30":
        return spec(30, "rule-stopped", f"{SOURCE_BIA_OLD} ; {SOURCE_BIA_LAWSUIT}")
    return spec(10, "disputed", f"{SOURCE_BIA_RULE} ; {SOURCE_BIA_LAWSUIT}", alt_days=30)


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
