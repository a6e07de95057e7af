"""Family cases on screen: callback data, labels, cards and keyboards.

Everything here turns domain rows into Telegram text in one reader's language; deciding who
may do what stays in ``bot/cases/``. User-entered text is always HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Collection, Sequence
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cases import service
from bot.cases.anumber import format_a_number
from bot.cases.fields import COUNTRIES, RELATIONS, Location, PersonData
from bot.cases.models import (
    CaseMember,
    Invitation,
    LocationKind,
    Person,
)
from bot.cases.next_steps import PersonPlan
from bot.cases.timeline import Author, EventView
from bot.handlers.callbacks import KbCb
from bot.handlers.hearings import HrCb
from bot.handlers.kit import button, markup
from bot.hearings import timezones
from bot.i18n import L10n
from bot.keyboards import LANGUAGE_NAMES, back_to_menu
from bot.knowledge.base import Topic
from bot.knowledge.render import topic_title
from bot.models import Volunteer
from bot.places import Places

# ---- callback data -----------------------------------------------------------------------


class CaseCb(CallbackData, prefix="cs"):
    """An action on a case; ``arg`` is a person, member, invitation, match or volunteer id."""

    action: str
    case_id: int
    arg: int = 0


class PersonCb(CallbackData, prefix="cp"):
    action: str  # "edit" | "field" | "status" | "setst"
    case_id: int
    person_id: int
    value: str = ""


class WizCb(CallbackData, prefix="cw"):
    """A button inside the person form; the form's own state says which case it is for."""

    action: str
    step: str  # the step the button belongs to: a button of an earlier step is stale
    value: str = ""


class JoinCb(CallbackData, prefix="cj"):
    action: str  # "go" | "no"
    invitation_id: int


def open_case_button(l10n: L10n, case_id: int) -> InlineKeyboardButton:
    return button(l10n("cases-btn-open", case=case_id), CaseCb(action="open", case_id=case_id))


# ---- labels ------------------------------------------------------------------------------


def esc(text: str | None) -> str:
    return html.escape(text or "")


def display_name(data: PersonData, l10n: L10n) -> str:
    """The name a reader recognises: Cyrillic for Russian readers when known."""
    if l10n.locale == "ru" and data.cyrillic_name:
        return esc(data.cyrillic_name)
    return esc(data.latin_name)


def fmt(l10n: L10n, key: str, **args: Any) -> str:
    """``l10n(key, ...)`` for messages whose arguments can be long (lists, relayed text).

    fluent.runtime refuses any placeable longer than 2,500 characters (it renders "{???}"),
    so long values go in after Fluent has done its part.
    """
    holes: dict[str, str] = {}
    safe: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, str) and len(value) > 200:
            hole = f"\u2063{name}\u2063"  # an invisible separator nobody types
            holes[hole] = value
            safe[name] = hole
        else:
            safe[name] = value
    text = l10n(key, **safe)
    for hole, value in holes.items():
        text = text.replace(hole, value)
    return text


def button_text(text: str) -> str:
    """Button labels are plain text, not HTML: undo escaping and keep Telegram's limit."""
    plain = html.unescape(text)
    return plain if len(plain) <= 60 else plain[:59] + "…"


def coded_label(value: str | None, l10n: L10n, codes: Collection[str], prefix: str) -> str:
    """One of the form's ``codes``, named in the reader's language, or what was typed."""
    if not value:
        return l10n("cases-none")
    if value in codes:
        return l10n(f"{prefix}{value}")
    return esc(value)


def relation_label(value: str | None, l10n: L10n) -> str:
    return coded_label(value, l10n, RELATIONS, "cases-rel-")


def country_label(value: str | None, l10n: L10n) -> str:
    return coded_label(value, l10n, COUNTRIES, "cases-country-")


def location_label(location: Location, l10n: L10n, places: Places) -> str:
    if location.kind in {LocationKind.FACILITY, LocationKind.COURT} and location.ref:
        place = places.get(location.ref)
        if place is not None:
            return esc(place.label)
    base = l10n(f"cases-loc-{location.kind}")
    if location.text and location.kind != LocationKind.OTHER:
        return f"{base}: {esc(location.text)}"
    if location.kind == LocationKind.OTHER:
        return esc(location.text) or base
    return base


def date_label(value: dt.date | None, l10n: L10n) -> str:
    return l10n.date(value) if value else l10n("cases-none")


def when(value: dt.datetime, l10n: L10n, tz: str | None) -> str:
    if tz:
        return l10n.datetime(value, tz, fmt="short")
    return l10n.datetime(value, "UTC", fmt="short") + " UTC"


def person_line(person: Person, data: PersonData, l10n: L10n, places: Places) -> str:
    return l10n(
        "cases-person-line",
        name=display_name(data, l10n),
        status=l10n(f"cases-status-{person.status}"),
        place=location_label(data.location, l10n, places),
    )


def person_card(
    person: Person, data: PersonData, l10n: L10n, places: Places, now: dt.datetime
) -> str:
    place = places.get(data.location.ref) if data.location.ref else None
    local = ""
    if place is not None:
        local = "\n" + l10n(
            "cases-person-local-time",
            time=l10n.time(now.astimezone(place.zone)),
            tz=timezones.label(place.tz, l10n),  # «Чикаго», not "America/Chicago"
        )
    return fmt(
        l10n,
        "cases-person-card",
        **person_fields(data, l10n, places),
        status=l10n(f"cases-status-{person.status}"),
        local=local,
    )


def person_fields(data: PersonData, l10n: L10n, places: Places) -> dict[str, str]:
    """A person's fields as the person card and the form's summary both show them."""
    return {
        "latin": esc(data.latin_name),
        "cyrillic": esc(data.cyrillic_name) or l10n("cases-none"),
        "birth": date_label(data.birth_date, l10n),
        "country": country_label(data.birth_country, l10n),
        "anumber": format_a_number(data.a_number) if data.a_number else l10n("cases-none"),
        "place": location_label(data.location, l10n, places),
        "detained": date_label(data.detained_on, l10n),
        "relation": relation_label(data.relation, l10n),
        "notes": esc(data.notes) or l10n("cases-none"),
    }


def plan_text(data: PersonData, plan: PersonPlan, l10n: L10n, now: dt.datetime) -> str:
    lines = [l10n("cases-next-person", name=display_name(data, l10n))]
    for step in plan.steps:
        args: dict[str, Any] = {k: esc(v) for k, v in step.args.items()}
        if "country" in args and not args["country"]:
            args["country"] = l10n("cases-next-country-unknown")
        if "dob" in args and not args["dob"]:
            args["dob"] = l10n("cases-next-dob-unknown")
        if step.key in {"cases-next-facility", "cases-next-court"} and plan.place is not None:
            args["time"] = l10n.time(now.astimezone(plan.place.zone))
            args["tz"] = timezones.label(plan.place.tz, l10n)
        lines.append(l10n(step.key, **args))
    return "\n\n".join(lines)


def member_label(l10n: L10n, author: Author) -> str:
    """Who wrote something, as the family knows them (never a Telegram id)."""
    if author.kind == "relation":
        return esc(author.name)
    if author.kind == "volunteer" and author.name:
        return l10n("cases-author-volunteer-named", name=esc(author.name))
    return l10n(f"cases-author-{author.kind}")


def event_line(
    l10n: L10n, places: Places, view: EventView, tz: str | None, *, limit: int | None = None
) -> str:
    raw = view.text
    if limit is not None and len(raw) > limit:
        raw = raw[: limit - 1] + "…"
    body = fmt(
        l10n,
        f"cases-ev-{view.kind}",
        author=member_label(l10n, view.author),
        person=display_name(view.person, l10n) if view.person is not None else "",
        text=esc(raw),
        status=l10n(f"cases-status-{view.status}") if view.status else "",
        place=location_label(view.place, l10n, places) if view.place is not None else "",
    )
    private = l10n("cases-ev-private-mark") if view.private else ""
    return f"<i>{when(view.at, l10n, tz)}</i> {private}{body}"


# ---- keyboards ---------------------------------------------------------------------------


Rows = list[list[InlineKeyboardButton]]


def home_button(l10n: L10n) -> InlineKeyboardButton:
    return button(l10n("cases-btn-home"), CaseCb(action="menu", case_id=0))


def back_to_case(l10n: L10n, case_id: int) -> InlineKeyboardMarkup:
    return markup([[open_case_button(l10n, case_id)]])


def confirm_keyboard(l10n: L10n, yes_key: str, yes: CaseCb, case_id: int) -> InlineKeyboardMarkup:
    """A destructive step asks once more; the way out is the case card."""
    return markup([[button(l10n(yes_key), yes)], [open_case_button(l10n, case_id)]])


def decide_row(l10n: L10n, case_id: int, member_id: int) -> list[InlineKeyboardButton]:
    return [
        button(l10n("cases-btn-approve"), CaseCb(action="appr", case_id=case_id, arg=member_id)),
        button(l10n("cases-btn-reject"), CaseCb(action="rej", case_id=case_id, arg=member_id)),
    ]


def in_rows(buttons: Sequence[InlineKeyboardButton], width: int) -> Rows:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def home_keyboard(
    l10n: L10n, cases: Sequence[tuple[int, str]], waiting: int | None, is_admin: bool
) -> InlineKeyboardMarkup:
    """``cases`` are (case id, names); ``waiting`` is the queue length, None for families."""
    rows: Rows = [
        [
            button(
                button_text(l10n("cases-home-case", case=case_id, names=names)),
                CaseCb(action="open", case_id=case_id),
            )
        ]
        for case_id, names in cases
    ]
    rows.append([button(l10n("cases-btn-new"), CaseCb(action="new", case_id=0))])
    if waiting is not None:
        rows.append(
            [
                button(
                    l10n("cases-btn-queue-count", count=waiting), CaseCb(action="queue", case_id=0)
                ),
                button(l10n("cases-btn-mine"), CaseCb(action="mine", case_id=0)),
            ]
        )
    if is_admin:
        rows.append([button(l10n("cases-btn-all"), CaseCb(action="all", case_id=0))])
    rows.append([back_to_menu(l10n)])
    return markup(rows)


def case_text(
    l10n: L10n,
    access: service.CaseAccess,
    lines: Sequence[str],
    volunteer_name: str,
    members: int,
) -> str:
    case = access.case
    state = service.volunteer_state(case)
    volunteer = (
        l10n("cases-card-volunteer", name=volunteer_name)
        if state == "assigned"
        else l10n(f"cases-card-volunteer-{state}")
    )
    return fmt(
        l10n,
        "cases-card",
        case=case.id,
        role=l10n(f"cases-role-{access.role}"),
        persons="\n".join(lines) or l10n("cases-none"),
        volunteer=volunteer,
        members=members,
        muted="yes" if access.member is not None and access.member.muted else "no",
        closed="yes" if case.status != "open" else "no",
    )


def case_keyboard(
    l10n: L10n, access: service.CaseAccess, people: Sequence[tuple[Person, PersonData]]
) -> InlineKeyboardMarkup:
    case = access.case

    def action(name: str) -> CaseCb:
        return CaseCb(action=name, case_id=case.id)

    rows: Rows = [
        [
            button(
                button_text(f"👤 {display_name(d, l10n)}"),
                CaseCb(action="person", case_id=case.id, arg=p.id),
            )
        ]
        for p, d in people
    ]
    rows.append(
        [
            button(l10n("cases-btn-add-person"), action("addp")),
            button(l10n("cases-btn-update"), action("upd")),
        ]
    )
    if access.is_staff:
        rows.append([button(l10n("cases-btn-note"), action("note"))])
    rows.append(
        [
            button(l10n("cases-btn-timeline"), action("tl")),
            button(l10n("cases-btn-members"), action("mem")),
        ]
    )
    rows.append([button(l10n("cases-btn-next"), action("next"))])
    if case.volunteer_id is None and access.member is not None:
        rows.append([button(l10n("cases-btn-ask-volunteer"), action("vol"))])
    if access.volunteer or (access.admin and case.volunteer_id is not None):
        rows.append([button(l10n("cases-btn-release"), action("rel"))])
    if access.admin:
        rows.append([button(l10n("cases-btn-reassign"), action("rea"))])
    if access.member is not None:
        mute_key = "cases-btn-unmute" if access.member.muted else "cases-btn-mute"
        rows.append(
            [
                button(l10n(mute_key), action("mute")),
                button(l10n("cases-btn-leave"), action("leave")),
            ]
        )
    rows.append([home_button(l10n)])
    return markup(rows)


def person_keyboard(l10n: L10n, case_id: int, person_id: int) -> InlineKeyboardMarkup:
    return markup(
        [
            [
                button(
                    l10n("cases-btn-status"),
                    PersonCb(action="status", case_id=case_id, person_id=person_id),
                ),
                button(
                    l10n("cases-btn-edit"),
                    PersonCb(action="edit", case_id=case_id, person_id=person_id),
                ),
            ],
            # Hearings feature (bot/handlers/hearings/): a hearing or a deadline for them.
            [
                button(
                    l10n("hearings-btn-add"), HrCb(action="add", id=case_id, ref=str(person_id))
                ),
                button(
                    l10n("hearings-btn-add-deadline"),
                    HrCb(action="dlnew", id=case_id, ref=str(person_id)),
                ),
            ],
            [open_case_button(l10n, case_id)],
        ]
    )


def person_choice_keyboard(
    l10n: L10n, case_id: int, person_id: int, action: str, values: Sequence[str], label: str
) -> InlineKeyboardMarkup:
    """One button per status or per field of a person: ``label`` is the key prefix."""
    rows: Rows = [
        [
            button(
                l10n(f"{label}-{value}"),
                PersonCb(action=action, case_id=case_id, person_id=person_id, value=value),
            )
        ]
        for value in values
    ]
    rows.append([open_case_button(l10n, case_id)])
    return markup(rows)


def reading_keyboard(l10n: L10n, topics: Sequence[Topic], case_id: int) -> InlineKeyboardMarkup:
    rows: Rows = [
        [
            InlineKeyboardButton(
                text=f"📖 {topic_title(topic, l10n.locale)}"[:64],
                callback_data=KbCb(action="topic", ref=topic.id).pack(),
            )
        ]
        for topic in topics
    ]
    rows.append([open_case_button(l10n, case_id)])
    return markup(rows)


TIMELINE_CHARS = 3500


def fit_timeline(lines: list[str]) -> list[str]:
    """Telegram's 4096-character limit: the oldest entries give way."""
    while len(lines) > 1 and sum(len(line) + 1 for line in lines) > TIMELINE_CHARS:
        lines.pop(0)
    return lines


# ---- members -----------------------------------------------------------------------------


def members_view(
    l10n: L10n,
    access: service.CaseAccess,
    user_id: int,
    active: Sequence[tuple[CaseMember, str]],
    pending: Sequence[tuple[CaseMember, str, str]],
    invitations: Sequence[Invitation],
) -> tuple[str, InlineKeyboardMarkup]:
    """``active`` pairs a member with their label; ``pending`` adds relation and Telegram
    name, both already escaped."""
    case = access.case
    lines: list[str] = []
    rows: Rows = []
    for member, label in active:
        you = member.user_id == user_id
        lines.append(
            l10n(
                "cases-member-line",
                who=label,
                owner="yes" if member.user_id == case.owner_id else "no",
                you="yes" if you else "no",
            )
        )
        if access.is_owner and not you:
            rows.append(
                [
                    button(
                        button_text(l10n("cases-btn-remove", who=label)),
                        CaseCb(action="rmv", case_id=case.id, arg=member.id),
                    ),
                    button(
                        l10n("cases-btn-make-owner"),
                        CaseCb(action="own", case_id=case.id, arg=member.id),
                    ),
                ]
            )
    for member, relation, name in pending:
        lines.append(
            l10n("cases-member-pending", relation=relation, name=name or l10n("cases-none"))
        )
        rows.append(decide_row(l10n, case.id, member.id))
    if access.can_manage:
        for invitation in invitations:
            until = l10n.date(invitation.expires_at.date(), "short")
            rows.append(
                [
                    button(
                        l10n("cases-btn-revoke", until=until),
                        CaseCb(action="revk", case_id=case.id, arg=invitation.id),
                    )
                ]
            )
    rows.append([button(l10n("cases-btn-invite"), CaseCb(action="inv", case_id=case.id))])
    rows.append([open_case_button(l10n, case.id)])
    text = fmt(
        l10n,
        "cases-members",
        case=case.id,
        lines="\n".join(lines),
        invitations=len(invitations),
    )
    return text, markup(rows)


# ---- volunteers --------------------------------------------------------------------------


def needs_keyboard(l10n: L10n, case_id: int) -> InlineKeyboardMarkup:
    rows: Rows = [
        [button(l10n(f"cases-need-{n}"), CaseCb(action="need", case_id=case_id, arg=i))]
        for i, n in enumerate(service.NEEDS)
    ]
    rows.append([open_case_button(l10n, case_id)])
    return markup(rows)


def case_list_keyboard(
    l10n: L10n, buttons: Sequence[InlineKeyboardButton]
) -> InlineKeyboardMarkup:
    rows: Rows = [[b] for b in buttons]
    rows.append([home_button(l10n)])
    return markup(rows)


def queue_item(l10n: L10n, entry: service.QueueEntry) -> str:
    """A waiting case as a volunteer sees it before taking it: no names, no places."""
    statuses = ", ".join(
        l10n("cases-queue-status", status=l10n(f"cases-status-{s}"), count=n)
        for s, n in sorted(entry.statuses.items())
    )
    return l10n(
        "cases-queue-item",
        case=entry.case_id,
        need=l10n(f"cases-need-{entry.need}"),
        states=", ".join(entry.states) or l10n("cases-none"),
        statuses=statuses or l10n("cases-none"),
        children=entry.children,
        language=LANGUAGE_NAMES.get(entry.family_locale or "", entry.family_locale or "—"),
        waited=waited(l10n, entry.waiting),
    )


def waited(l10n: L10n, span: dt.timedelta) -> str:
    """How long a case has waited, in words: "3 дня 5 часов", never "2,448 hours"."""
    hours = max(0, int(span.total_seconds() // 3600))
    days, hours = divmod(hours, 24)
    if not days:
        return l10n("cases-wait-hours", hours=hours) if hours else l10n("cases-wait-fresh")
    return l10n("cases-wait-days", days=days, hours=hours)


def reassign_keyboard(
    l10n: L10n, case_id: int, volunteers: Sequence[Volunteer]
) -> InlineKeyboardMarkup:
    rows: Rows = [
        [
            button(
                button_text(v.display_name),
                CaseCb(action="rea2", case_id=case_id, arg=v.user_id),
            )
        ]
        for v in volunteers
    ]
    rows.append([open_case_button(l10n, case_id)])
    return markup(rows)
