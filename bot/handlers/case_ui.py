"""Family cases on screen: callback data, labels, cards, keyboards and outbox renderers.

Everything here turns domain rows into Telegram text in one reader's language; deciding who
may do what stays in ``bot/cases/service.py``. User-entered text is always HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify, service
from bot.cases.anumber import format_a_number
from bot.cases.fields import COUNTRIES, RELATIONS, Location, PersonData
from bot.cases.models import (
    Case,
    CaseEvent,
    CaseMatch,
    CaseMember,
    EventVisibility,
    Invitation,
    LocationKind,
    MemberRole,
    MemberStatus,
    Person,
)
from bot.cases.next_steps import PersonPlan
from bot.crypto import Vault
from bot.delivery import DeliveryHooks, Outgoing, RenderContext
from bot.i18n import L10n
from bot.models import OutboxMessage, Volunteer
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


def button(text: str, data: CallbackData | str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=data if isinstance(data, str) else data.pack()
    )


def markup(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


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


def relation_label(value: str | None, l10n: L10n) -> str:
    if not value:
        return l10n("cases-none")
    if value in RELATIONS:
        return l10n(f"cases-rel-{value}")
    return esc(value)


def country_label(value: str | None, l10n: L10n) -> str:
    if not value:
        return l10n("cases-none")
    if value in COUNTRIES:
        return l10n(f"cases-country-{value}")
    return esc(value)


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
            tz=place.tz,
        )
    return fmt(
        l10n,
        "cases-person-card",
        latin=esc(data.latin_name),
        cyrillic=esc(data.cyrillic_name) or l10n("cases-none"),
        birth=date_label(data.birth_date, l10n),
        country=country_label(data.birth_country, l10n),
        anumber=format_a_number(data.a_number) if data.a_number else l10n("cases-none"),
        status=l10n(f"cases-status-{person.status}"),
        place=location_label(data.location, l10n, places),
        local=local,
        detained=date_label(data.detained_on, l10n),
        relation=relation_label(data.relation, l10n),
        notes=esc(data.notes) or l10n("cases-none"),
    )


def current_value(step: str, data: PersonData, l10n: L10n, places: Places) -> str | None:
    """What the form already holds for ``step`` (shown when someone goes back to it)."""
    if step in {"birth_date", "detained_on"}:
        day = getattr(data, step)
        return l10n.date(day) if day else None
    if step == "birth_country":
        return country_label(data.birth_country, l10n) if data.birth_country else None
    if step == "a_number":
        return format_a_number(data.a_number) if data.a_number else None
    if step == "location":
        loc = data.location
        known = loc.kind != LocationKind.UNKNOWN or loc.ref or loc.text
        return location_label(loc, l10n, places) if known else None
    if step == "relation":
        return relation_label(data.relation, l10n) if data.relation else None
    value = getattr(data, step, None)
    return esc(value) if isinstance(value, str) and value else None


def draft_summary(data: PersonData, l10n: L10n, places: Places) -> str:
    return fmt(
        l10n,
        "cases-wizard-summary",
        latin=esc(data.latin_name),
        cyrillic=esc(data.cyrillic_name) or l10n("cases-none"),
        birth=date_label(data.birth_date, l10n),
        country=country_label(data.birth_country, l10n),
        anumber=format_a_number(data.a_number) if data.a_number else l10n("cases-none"),
        place=location_label(data.location, l10n, places),
        detained=date_label(data.detained_on, l10n),
        relation=relation_label(data.relation, l10n),
        notes=esc(data.notes) or l10n("cases-none"),
    )


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
        lines.append(l10n(step.key, **args))
    return "\n\n".join(lines)


async def member_label(
    session: AsyncSession, vault: Vault, case: Case, user_id: int | None, l10n: L10n
) -> str:
    """Who wrote something, as the family knows them (never a Telegram id)."""
    if user_id is None:
        return l10n("cases-author-gone")
    if user_id == case.volunteer_id:
        volunteer = await session.get(Volunteer, user_id)
        if volunteer is not None and volunteer.show_name:
            return l10n("cases-author-volunteer-named", name=esc(volunteer.display_name))
        return l10n("cases-author-volunteer")
    member = await session.scalar(
        select(CaseMember).where(CaseMember.case_id == case.id, CaseMember.user_id == user_id)
    )
    if member is None:
        return l10n("cases-author-staff")
    if member.relation_enc:
        return esc(vault.decrypt(member.relation_enc))
    if member.role == MemberRole.OWNER or user_id == case.owner_id:
        return l10n("cases-author-owner")
    opener = await session.scalar(
        select(CaseEvent.author_id).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == service.EventKind.CREATED
        )
    )
    if opener == user_id:  # the relative who opened the case never said who they are
        return l10n("cases-author-opener")
    return l10n("cases-author-member")


async def event_line(
    session: AsyncSession,
    vault: Vault,
    places: Places,
    case: Case,
    event: CaseEvent,
    l10n: L10n,
    tz: str | None,
    *,
    limit: int | None = None,
) -> str:
    author = await member_label(session, vault, case, event.author_id, l10n)
    person = ""
    if event.person_id is not None:
        row = await session.get(Person, event.person_id)
        if row is not None:
            person = display_name(service.open_person(vault, row), l10n)
    raw = vault.decrypt(event.text_enc) if event.text_enc else ""
    if limit is not None and len(raw) > limit:
        raw = raw[: limit - 1] + "…"
    text = esc(raw)
    place = ""
    if event.kind == service.EventKind.STATUS and event.text_enc:
        place = location_label(Location.from_json(vault.decrypt(event.text_enc)), l10n, places)
        text = ""
    body = fmt(
        l10n,
        f"cases-ev-{event.kind}",
        author=author,
        person=person,
        text=text,
        status=l10n(f"cases-status-{event.status}") if event.status else "",
        place=place,
    )
    private = (
        l10n("cases-ev-private-mark") if event.visibility == EventVisibility.VOLUNTEERS else ""
    )
    return f"<i>{when(event.created_at, l10n, tz)}</i> {private}{body}"


# ---- outbox renderers --------------------------------------------------------------------


def register_renderers(hooks: DeliveryHooks, vault: Vault, places: Places) -> None:
    """Case notifications are rendered at send time: decrypted, localised, re-checked."""

    async def event(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_event(row, ctx, vault, places)

    async def join_request(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_join_request(row, ctx, vault)

    async def match(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_match(row, ctx, vault)

    async def match_invite(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_match_invite(row, ctx, vault)

    hooks.renderers[notify.KIND_EVENT] = event
    hooks.renderers[notify.KIND_JOIN_REQUEST] = join_request
    hooks.renderers[notify.KIND_MATCH] = match
    hooks.renderers[notify.KIND_MATCH_INVITE] = match_invite


async def render_event(
    row: OutboxMessage, ctx: RenderContext, vault: Vault, places: Places
) -> Outgoing | None:
    if ctx.user is None:
        return None
    event = await ctx.session.get(CaseEvent, int(row.payload["event_id"]))
    if event is None:
        return None
    access = await service.get_access(ctx.session, event.case_id, ctx.user.id, False)
    if access is None:
        return None  # left, removed or no longer the volunteer since it was queued
    if event.visibility != EventVisibility.MEMBERS and not access.is_staff:
        return None
    if access.member is not None and access.member.muted and not access.is_staff:
        return None
    l10n = ctx.l10n
    case = access.case
    line = await event_line(ctx.session, vault, places, case, event, l10n, None)
    text = fmt(l10n, "cases-notice-event", case=case.id, body=line.split("</i> ", 1)[-1])
    rows = [[open_case_button(l10n, case.id)]]
    if event.kind == service.EventKind.UPDATE:
        rows[0].append(button(l10n("cases-btn-reply"), CaseCb(action="upd", case_id=case.id)))
    return Outgoing(text=text, buttons=rows)


async def render_join_request(
    row: OutboxMessage, ctx: RenderContext, vault: Vault
) -> Outgoing | None:
    if ctx.user is None:
        return None
    member = await ctx.session.get(CaseMember, int(row.payload["member_id"]))
    if member is None or member.status != MemberStatus.PENDING:
        return None
    access = await service.get_access(ctx.session, member.case_id, ctx.user.id, False)
    if access is None or not access.can_manage:
        return None
    l10n = ctx.l10n
    case_id = member.case_id
    text = l10n(
        "cases-notice-join-request",
        case=case_id,
        relation=esc(vault.decrypt_opt(member.relation_enc)),
        name=esc(vault.decrypt_opt(member.tg_name_enc)) or l10n("cases-none"),
    )
    rows = [
        [
            button(
                l10n("cases-btn-approve"), CaseCb(action="appr", case_id=case_id, arg=member.id)
            ),
            button(l10n("cases-btn-reject"), CaseCb(action="rej", case_id=case_id, arg=member.id)),
        ]
    ]
    return Outgoing(text=text, buttons=rows)


async def render_match(row: OutboxMessage, ctx: RenderContext, vault: Vault) -> Outgoing | None:
    if ctx.user is None:
        return None
    match = await ctx.session.get(CaseMatch, int(row.payload["match_id"]))
    if match is None or match.invitation_id is not None or match.dismissed_at is not None:
        return None
    access = await service.get_access(ctx.session, match.case_id, ctx.user.id, False)
    person = await ctx.session.get(Person, match.person_id)
    if access is None or not access.can_manage or person is None:
        return None
    l10n = ctx.l10n
    text = l10n(
        "cases-notice-match",
        case=match.case_id,
        person=display_name(service.open_person(vault, person), l10n),
        basis=match.basis,
    )
    rows = [
        [
            button(
                l10n("cases-btn-match-invite"),
                CaseCb(action="minv", case_id=match.case_id, arg=match.id),
            )
        ],
        [
            button(
                l10n("cases-btn-match-dismiss"),
                CaseCb(action="mdis", case_id=match.case_id, arg=match.id),
            )
        ],
    ]
    return Outgoing(text=text, buttons=rows)


async def render_match_invite(
    row: OutboxMessage, ctx: RenderContext, vault: Vault
) -> Outgoing | None:
    if ctx.user is None:
        return None
    match = await ctx.session.get(CaseMatch, int(row.payload["match_id"]))
    if match is None or match.invitation_id is None or match.seeker_id != ctx.user.id:
        return None
    invitation = await ctx.session.get(Invitation, match.invitation_id)
    person = await ctx.session.get(Person, match.seeker_person_id)
    if invitation is None or person is None:
        return None
    try:
        await service.check_invitation(ctx.session, invitation, ctx.user.id, ctx.now)
    except service.CaseError:
        return None
    l10n = ctx.l10n
    text = l10n(
        "cases-notice-match-invite",
        person=display_name(service.open_person(vault, person), l10n),
        days=service.MATCH_INVITE_TTL.days,
    )
    rows = [
        [button(l10n("cases-btn-join"), JoinCb(action="go", invitation_id=invitation.id))],
        [button(l10n("cases-btn-join-no"), JoinCb(action="no", invitation_id=invitation.id))],
    ]
    return Outgoing(text=text, buttons=rows)
