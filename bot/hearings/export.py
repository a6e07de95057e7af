"""A case's upcoming hearings and active deadlines as an .ics calendar, in the reader's
language. Telegram-free."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.hearings import ics, queries, reminders, texts
from bot.i18n import L10n
from bot.places import Places


def _summary(l10n: L10n, key: str, kind_key: str, person: str) -> str:
    """An event's title: the message ``key`` with what it is (``kind_key``) and whose."""
    return l10n(key, kind=l10n(kind_key), person=person)


async def case_calendar(
    session: AsyncSession,
    case_id: int,
    l10n: L10n,
    vault: Vault,
    places: Places,
    now: dt.datetime,
) -> bytes:
    events: list[ics.IcsEvent] = []
    for hearing in await reminders.upcoming_hearings(session, [case_id], now):
        view = await texts.load_view(session, vault, places, hearing, l10n.locale)
        court = texts.court_local(hearing)
        description = "\n".join(
            [
                l10n(
                    "hearings-ics-court-time",
                    when=texts.when_text(l10n, court),
                    zone=texts.zone_text(l10n, hearing.tz, court),
                ),
                l10n(f"hearings-mode-line-{hearing.mode}"),
                l10n("hearings-ics-check", portal=texts.EOIR_PORTAL, hotline=texts.EOIR_HOTLINE),
                l10n("not-legal-advice"),
            ]
        )
        events.append(
            ics.IcsEvent(
                uid=f"hearing-{hearing.id}@asylum-help-bot",
                summary=_summary(
                    l10n, "hearings-ics-summary", f"hearings-kind-{hearing.kind}", view.person
                ),
                description=texts.plain(description),
                location=view.place + (f", {view.address}" if view.address else ""),
                start=hearing.starts_at,
                alarms=(dt.timedelta(days=1), dt.timedelta(hours=3)),
            )
        )
    for deadline in await reminders.active_deadlines(session, [case_id], now):
        person = await queries.person_name(session, vault, deadline.person_id, l10n.locale)
        events.append(
            ics.IcsEvent(
                uid=f"deadline-{deadline.id}@asylum-help-bot",
                summary=_summary(
                    l10n, "hearings-ics-deadline", f"deadline-short-{deadline.kind}", person
                ),
                description=texts.plain(texts.deadline_card(l10n, deadline, person, now, None)),
                day=deadline.due_date,
                alarms=(dt.timedelta(days=7), dt.timedelta(days=1)),
            )
        )
    return ics.calendar(events, now, l10n("hearings-ics-name", case=case_id))
