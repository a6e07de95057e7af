"""Words for hearings and deadlines: cards, reminders, notices, in the reader's language and
time zone. Telegram-free: returns HTML text; keyboards are the handler's business."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Person, PersonStatus
from bot.crypto import Vault, VaultError
from bot.hearings import reminders, timezones
from bot.hearings.dates import DateProblem
from bot.hearings.models import Deadline, DeadlineKind, Hearing, HearingKind, HearingMode
from bot.hearings.service import PlaceRef, parse_local
from bot.i18n import L10n
from bot.places import Places

EOIR_PORTAL = "https://acis.eoir.justice.gov/en/"
EOIR_HOTLINE = "1-800-898-7180"
Memo = dict[Any, Any]


@dataclass(frozen=True, slots=True)
class HearingView:
    """A hearing with what it refers to already decrypted and resolved."""

    hearing: Hearing
    person: str
    place: str
    address: str | None
    detained: bool
    notes: str | None


def person_name(vault: Vault, person: Person | None, locale: str) -> str:
    if person is None:
        return "—"
    try:
        latin = vault.decrypt(person.latin_name_enc)
        cyrillic = vault.decrypt_opt(person.cyrillic_name_enc)
    except VaultError:
        return "—"
    if locale == "ru" and cyrillic:
        return f"{cyrillic} ({latin})"
    return latin


def _person_detained(vault: Vault, person: Person | None) -> bool:
    if person is None:
        return False
    if person.status == PersonStatus.DETAINED:
        return True
    try:
        raw = vault.decrypt_opt(person.location_enc)
    except VaultError:
        return False
    return bool(raw) and json.loads(raw or "{}").get("kind") == "facility"


async def load_view(
    session: AsyncSession, vault: Vault, places: Places, hearing: Hearing, locale: str
) -> HearingView:
    person = await session.get(Person, hearing.person_id) if hearing.person_id else None
    return build_view(vault, places, hearing, person, locale)


def build_view(
    vault: Vault, places: Places, hearing: Hearing, person: Person | None, locale: str
) -> HearingView:
    ref = PlaceRef.decode(vault, hearing.place_enc)
    place = ref.resolve(places)
    notes = vault.decrypt_opt(hearing.notes_enc)
    return HearingView(
        hearing=hearing,
        person=person_name(vault, person, locale),
        place=place.label if place else (ref.text or "—"),
        address=place.address if place else None,
        detained=_person_detained(vault, person) or bool(place and place.kind == "facility"),
        notes=notes,
    )


def court_local(hearing: Hearing) -> dt.datetime:
    return parse_local(hearing.local_start).replace(tzinfo=ZoneInfo(hearing.tz))


def when_text(l10n: L10n, moment: dt.datetime) -> str:
    """ "понедельник, 15 марта 2027 г., 09:00" in the moment's own zone."""
    return f"{l10n.date(moment.date(), 'full')}, {l10n.time(moment)}"


def zone_text(l10n: L10n, tz: str, moment: dt.datetime) -> str:
    local = moment.astimezone(ZoneInfo(tz))
    abbr = local.strftime("%Z")
    name = timezones.label(tz, l10n)
    if abbr and not abbr.startswith(("+", "-")) and abbr not in name:
        return f"{name}, {abbr}"
    return f"{name}, {timezones.offset_text(tz, moment)}"


def court_time_line(l10n: L10n, hearing: Hearing) -> str:
    court = court_local(hearing)
    return l10n(
        "hearings-court-time", when=when_text(l10n, court), zone=zone_text(l10n, hearing.tz, court)
    )


def your_time_line(l10n: L10n, hearing: Hearing, user_tz: str | None) -> str:
    if user_tz is None:
        return l10n("hearings-your-time-unknown")
    court = court_local(hearing)
    if (
        user_tz == hearing.tz
        or court.utcoffset() == court.astimezone(ZoneInfo(user_tz)).utcoffset()
    ):
        return l10n("hearings-your-time-same", zone=timezones.label(user_tz, l10n))
    mine = hearing.starts_at.astimezone(ZoneInfo(user_tz))
    return l10n(
        "hearings-your-time", when=when_text(l10n, mine), zone=zone_text(l10n, user_tz, mine)
    )


def time_lines(l10n: L10n, hearing: Hearing, user_tz: str | None) -> list[str]:
    return [court_time_line(l10n, hearing), your_time_line(l10n, hearing, user_tz)]


def until_text(l10n: L10n, start: dt.datetime, now: dt.datetime, memo: Memo | None = None) -> str:
    minutes = max(int((start - now).total_seconds() // 60), 0)
    if minutes < 90:
        key, arg, value = "hearings-in-minutes", "minutes", minutes
    elif round(minutes / 60) < 36:
        key, arg, value = "hearings-in-hours", "hours", round(minutes / 60)
    else:
        key, arg, value = "hearings-in-days", "days", round(minutes / 1440)
    if memo is None:
        return l10n(key, **{arg: value})
    # Plural rules are slow to evaluate; a batch of reminders repeats the same few phrases.
    found = memo.get((key, l10n.locale, value))
    if found is None:
        found = memo[(key, l10n.locale, value)] = l10n(key, **{arg: value})
    return str(found)


def card_lines(
    l10n: L10n, view: HearingView, user_tz: str | None, memo: Memo | None = None
) -> list[str]:
    """The hearing in a few lines. ``memo`` (the outbox batch cache) keeps the parts that do
    not depend on the reader's time zone, so a batch renders them once per language."""
    memo = {} if memo is None else memo
    hearing = view.hearing
    base = ("hearings:card", hearing.id, hearing.revision, l10n.locale)
    if base not in memo:
        top = [
            l10n(
                "hearings-card-title",
                kind=l10n(f"hearings-kind-{hearing.kind}"),
                person=html.escape(view.person),
            ),
            l10n("hearings-card-place", place=html.escape(view.place)),
        ]
        if view.address:
            top.append(l10n("hearings-card-address", address=html.escape(view.address)))
        top.append(court_time_line(l10n, hearing))
        bottom = [l10n(f"hearings-mode-line-{hearing.mode}")]
        if view.notes:
            bottom.append(l10n("hearings-card-notes", notes=html.escape(view.notes)))
        memo[base] = (top, bottom)
    yours = (*base, user_tz)
    if yours not in memo:
        memo[yours] = your_time_line(l10n, hearing, user_tz)
    top, bottom = memo[base]
    return [*top, memo[yours], *bottom]


def hearing_card(l10n: L10n, view: HearingView, user_tz: str | None) -> str:
    return "\n".join(card_lines(l10n, view, user_tz))


def advice(l10n: L10n, view: HearingView) -> list[str]:
    """What to do before this hearing: check the date, documents, how to attend."""
    hearing = view.hearing
    items: list[str] = []
    if hearing.kind == HearingKind.BOND:
        items.append(l10n("hearings-advice-check-bond", portal=EOIR_PORTAL))
    else:
        items.append(l10n("hearings-advice-check", portal=EOIR_PORTAL, hotline=EOIR_HOTLINE))
    items.append(l10n(f"hearings-advice-docs-{hearing.kind}"))
    if hearing.mode == HearingMode.VIDEO:
        items.append(l10n("hearings-advice-video"))
    elif hearing.mode == HearingMode.IN_PERSON:
        items.append(
            l10n("hearings-advice-in-person-detained")
            if view.detained
            else l10n("hearings-advice-in-person")
        )
    else:
        items.append(l10n("hearings-advice-mode-unknown"))
    if hearing.kind != HearingKind.CFR:
        items.append(l10n("hearings-advice-absentia"))
    return items


def reminder_text(
    l10n: L10n, view: HearingView, user_tz: str | None, now: dt.datetime, memo: Memo | None = None
) -> str:
    """The title says how long is left now; the rest is memoised per language (and zone)."""
    memo = {} if memo is None else memo
    head = l10n(
        "hearings-reminder-title", until=until_text(l10n, view.hearing.starts_at, now, memo)
    )
    hearing = view.hearing
    key = ("hearings:advice", hearing.kind, hearing.mode, view.detained, l10n.locale)
    if key not in memo:
        todo = "\n".join(f"• {item}" for item in advice(l10n, view))
        memo[key] = "\n".join(
            ["", l10n("hearings-reminder-todo"), todo, "", l10n("not-legal-advice")]
        )
    return "\n".join([head, "", *card_lines(l10n, view, user_tz, memo), memo[key]])


def notice_text(
    l10n: L10n, view: HearingView, event: str, user_tz: str | None, now: dt.datetime
) -> str:
    head = l10n(f"hearings-notice-{event}")
    return "\n".join([head, "", *card_lines(l10n, view, user_tz)])


def followup_text(l10n: L10n, view: HearingView, user_tz: str | None) -> str:
    return "\n".join(
        [
            l10n("hearings-followup-title"),
            "",
            *card_lines(l10n, view, user_tz),
            "",
            l10n("hearings-followup-question"),
        ]
    )


# ---- deadlines ---------------------------------------------------------------------------


def days_left_text(l10n: L10n, due: dt.date, today: dt.date) -> str:
    left = (due - today).days
    if left < 0:
        return l10n("deadline-passed")
    if left == 0:
        return l10n("deadline-today")
    return l10n("deadline-days-left", days=left)


def deadline_card(
    l10n: L10n, deadline: Deadline, person: str, now: dt.datetime, user_tz: str | None
) -> str:
    today = now.astimezone(ZoneInfo(user_tz or deadline.tz)).date()
    inputs = deadline.inputs or {}
    start = dt.date.fromisoformat(str(inputs.get("start", deadline.due_date.isoformat())))
    lines = [
        l10n(f"deadline-title-{deadline.kind}", person=html.escape(person)),
        l10n(
            "deadline-last-day",
            date=l10n.date(deadline.due_date, "full"),
            left=days_left_text(l10n, deadline.due_date, today),
        ),
    ]
    if deadline.kind in {DeadlineKind.BIA_APPEAL, DeadlineKind.DHS_APPEAL}:
        lines.append(
            l10n("deadline-how-bia", start=l10n.date(start), days=int(inputs.get("days", 0)))
        )
    elif deadline.kind == DeadlineKind.EOIR33:
        lines.append(l10n("deadline-how-eoir33", start=l10n.date(start)))
    elif deadline.kind == DeadlineKind.ONE_YEAR:
        anniversary = dt.date.fromisoformat(str(inputs.get("anniversary")))
        lines.append(
            l10n(
                "deadline-how-one-year",
                start=l10n.date(start),
                anniversary=l10n.date(anniversary),
            )
        )
    if l10n.has(deadline.rule_key):
        lines.append(l10n(deadline.rule_key))
    if deadline.alt_due_date is not None:
        lines.append(
            l10n(
                "deadline-alt",
                date=l10n.date(deadline.alt_due_date, "full"),
                days=int(inputs.get("alt_days") or 0),
            )
        )
    lines.append(source_line(l10n, deadline.source))
    lines.append(l10n("not-legal-advice"))
    return "\n".join(lines)


def source_line(l10n: L10n, source: str) -> str:
    """A deadline's source: a locale key (links in the reader's language); a row stored
    before sources became keys shows its text as it was."""
    if source.startswith("deadline-source-") and l10n.has(source):
        return l10n(source)
    return l10n("deadline-source", source=html.escape(source))


def deadline_reminder_text(
    l10n: L10n, deadline: Deadline, person: str, now: dt.datetime, user_tz: str | None
) -> str:
    return "\n".join(
        [
            l10n(f"deadline-reminder-{deadline.kind}"),
            "",
            deadline_card(l10n, deadline, person, now, user_tz),
        ]
    )


def deadline_notice_text(
    l10n: L10n, deadline: Deadline, person: str, now: dt.datetime, user_tz: str | None
) -> str:
    return "\n".join(
        [l10n("deadline-notice-added"), "", deadline_card(l10n, deadline, person, now, user_tz)]
    )


def list_line_hearing(l10n: L10n, view: HearingView, user_tz: str | None) -> str:
    """One hearing in /hearings: the court's time, and the person's own when it differs."""
    court = court_local(view.hearing)
    when = f"{l10n.date(court.date(), 'medium')} {l10n.time(court)}"
    line = l10n(
        "hearings-list-hearing",
        when=when,
        kind=l10n(f"hearings-kind-{view.hearing.kind}"),
        person=html.escape(view.person),
        place=html.escape(view.place),
    )
    if user_tz and timezones.is_valid(user_tz):
        mine = view.hearing.starts_at.astimezone(ZoneInfo(user_tz))
        if mine.replace(tzinfo=None) != court.replace(tzinfo=None):
            mine_when = f"{l10n.date(mine.date(), 'medium')} {l10n.time(mine)}"
            line += "\n" + l10n(
                "hearings-list-your-time", when=mine_when, zone=zone_text(l10n, user_tz, mine)
            )
    return line


def list_line_deadline(l10n: L10n, deadline: Deadline, person: str, today: dt.date) -> str:
    return l10n(
        "hearings-list-deadline",
        date=l10n.date(deadline.due_date, "medium"),
        kind=l10n(f"deadline-short-{deadline.kind}"),
        person=html.escape(person),
        left=days_left_text(l10n, deadline.due_date, today),
    )


def offset_label(l10n: L10n, minutes: int) -> str:
    """A reminder offset as people say it: "3 days", "2 hours"."""
    if minutes % reminders.DAY == 0:
        return l10n("hearings-offset-days", days=minutes // reminders.DAY)
    return l10n("hearings-offset-hours", hours=minutes // 60)


def date_problem(l10n: L10n, problem: DateProblem) -> str:
    """Why a typed date was not understood, with examples of what would be."""
    args = dict(problem.args)
    if "date" in args:
        args["date"] = l10n.date(dt.date.fromisoformat(str(args["date"])))
    return (
        l10n(f"hearings-date-problem-{problem.code}", **args)
        + "\n"
        + l10n("hearings-date-examples")
    )


def plain(text: str) -> str:
    """Message HTML as plain text (calendar files are not HTML)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))
