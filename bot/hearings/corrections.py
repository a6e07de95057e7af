"""Correcting appeal deadlines stored under the blocked 10-day BIA rule. Telegram-free.

Until 2026-12-03 the bot computed most BIA appeal deadlines (and DHS's window) for decisions
from 2026-03-09 as 10 days, with 30 "if a court stops the rule". A court had blocked that
rule on 2026-03-08 (facts.md §15), so those dates were wrong. :func:`correct_appeal_deadlines`
recomputes every stored appeal deadline from what it was computed from (``inputs``) and,
where the date moves, tells everyone in the case the corrected date once.

It runs at start-up and is idempotent: a corrected row already has the right date, so a
second run changes nothing; the row, its new reminders and the notices are written in one
transaction (a crash loses all or nothing), and each notice has a dedup key
``dfix:<deadline>:<new date>:<user>``, so it is never queued twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.hearings import access, reminders, rules, service
from bot.hearings.models import Deadline, DeadlineKind, DeadlineStatus

log = logging.getLogger(__name__)

KIND_DEADLINE_CORRECTED = "deadline_corrected"
APPEAL_KINDS = (DeadlineKind.BIA_APPEAL, DeadlineKind.DHS_APPEAL)


def recomputed(deadline: Deadline, appeal_rule: rules.AppealRule) -> rules.DeadlineSpec | None:
    """The deadline as the current rule computes it from the same inputs; None when the
    row does not say what it was computed from."""
    inputs = deadline.inputs or {}
    try:
        start = dt.date.fromisoformat(str(inputs["start"]))
    except (KeyError, ValueError):
        return None
    return rules.bia_appeal(
        start,
        asylum_merits=bool(inputs.get("asylum_merits")),
        appeal_rule=appeal_rule,
        appellant="dhs" if deadline.kind == DeadlineKind.DHS_APPEAL else "respondent",
    )


async def correct_appeal_deadlines(
    session: AsyncSession, now: dt.datetime, appeal_rule: rules.AppealRule = "30"
) -> int:
    """Lengthen stored appeal deadlines that the current rule gives more days; return how
    many rows moved. Under the operators' 10-day switch nothing is shortened here."""
    if appeal_rule != "30":
        return 0
    # Locked (PostgreSQL): a second process starting at the same time waits, then finds the
    # rows already corrected.
    rows = await session.scalars(
        select(Deadline)
        .where(Deadline.kind.in_(APPEAL_KINDS))
        .order_by(Deadline.id)
        .with_for_update()
    )
    moved = 0
    for deadline in list(rows):
        spec = recomputed(deadline, appeal_rule)
        if spec is None or spec.due_date <= deadline.due_date:
            continue
        old_date = deadline.due_date
        deadline.due_date = spec.due_date
        deadline.due_at = spec.due_at
        deadline.alt_due_date = None
        deadline.rule_key = spec.rule_key
        deadline.source = spec.source
        deadline.inputs = {**spec.inputs, "corrected_from": old_date.isoformat()}
        deadline.revision += 1
        await session.flush()
        # Reminders of the old revision are moot; the new ones count back from the new date.
        await reminders.cancel_deadline_messages(session, deadline.id)
        if deadline.status == DeadlineStatus.ACTIVE:
            await reminders.schedule_deadline(session, deadline, now)
            for user_id in await access.recipients(session, deadline.case_id):
                await outbox.enqueue(
                    session,
                    chat_id=user_id,
                    kind=KIND_DEADLINE_CORRECTED,
                    payload={
                        "d": deadline.id,
                        "r": deadline.revision,
                        "old": old_date.isoformat(),
                    },
                    due_at=now,
                    dedup_key=f"dfix:{deadline.id}:{spec.due_date.isoformat()}:{user_id}",
                    now=now,
                )
        await service.audit(
            session, None, "deadline.corrected.bia-30", "deadline", deadline.id, now
        )
        moved += 1
    if moved:
        log.info("corrected %d appeal deadline(s) to 30 days", moved)
    return moved
