"""The operators' commands: /stats, /gaps, /audit and /coordinators.

Who may do what is decided by filters before a handler runs: :class:`IsOperator` lets admins
(ADMIN_IDS) and coordinators through and injects ``operator``; /coordinators is for admins
only. /audit is also open to approved volunteers, who see only their own entries.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, Message, TelegramObject
from aiogram.types import User as TgUser

from bot.admin import audit, chart, gaps, staff, stats
from bot.admin.staff import Operator, StaffError
from bot.config import Settings
from bot.handlers.kit import button, markup, target
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.knowledge.base import KnowledgeBase
from bot.mexico.stats import MexicoCounts
from bot.models import Role
from bot.turn import Turn
from bot.volunteers import approved_volunteer

router = RouterTemplate("operators")
router.message.filter(F.chat.type == ChatType.PRIVATE)
router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)

WINDOWS = (7, 30)
KNOWN_ROLES = frozenset(str(role) for role in Role)
MAX_GAP_GROUPS = 15


class IsOperator(Filter):
    """An admin or a coordinator; injects ``operator``. Others are told it is not for them."""

    def __init__(self, *, admins_only: bool = False) -> None:
        self.admins_only = admins_only

    async def __call__(self, event: TelegramObject, **data: Any) -> dict[str, Any]:
        tg_user: TgUser | None = data.get("event_from_user")
        turn: Turn | None = data.get("turn")
        role = None
        if tg_user is not None and turn is not None:
            role = await staff.operator_role(turn.session, tg_user.id, bool(data.get("is_admin")))
        if role is None or (self.admins_only and role != Operator.ADMIN):
            raise StaffError("not-allowed")
        return {"operator": role}


class GapsCb(CallbackData, prefix="gaps"):
    days: int


class AuditCb(CallbackData, prefix="aud"):
    before: int
    kind: str = ""
    ref: str = ""


class StaffCb(CallbackData, prefix="staff"):
    action: str
    user_id: int


# ---- /stats --------------------------------------------------------------------------------


def _pairs(l10n: L10n, prefix: str, counts: dict[str, int]) -> str:
    return (
        ", ".join(f"{l10n(f'{prefix}-{name}')} {count}" for name, count in sorted(counts.items()))
        or "0"
    )


def _minutes(l10n: L10n, value: float | None) -> str:
    return l10n("ops-none") if value is None else l10n("ops-minutes", n=round(value))


def mexico_stats_line(counts: MexicoCounts, l10n: L10n) -> str:
    steps = sorted(counts.by_steps_done.items(), key=lambda kv: int(kv[0]))
    return l10n(
        "mexico-stats",
        people=counts.people,
        steps=", ".join(l10n("mexico-stats-step", done=k, n=v) for k, v in steps) or "0",
        cities=", ".join(
            f"{l10n(f'mexico-city-{city}')} {n}" for city, n in sorted(counts.by_city.items())
        )
        or "0",
        watches=counts.watches_active,
        alarms=counts.alarms_open,
    )


def stats_text(figures: stats.Stats, l10n: L10n) -> str:
    roles: dict[str, int] = {}
    for role, count in figures.users_by_role.items():
        name = role if role in KNOWN_ROLES else stats.UNSET
        roles[name] = roles.get(name, 0) + count
    return (
        l10n(
            "ops-stats",
            date=l10n.date(figures.generated_at.date()),
            days=figures.window_days,
            users=figures.users_total,
            roles=_pairs(l10n, "ops-role", roles),
            languages=", ".join(f"{k} {v}" for k, v in sorted(figures.users_by_language.items()))
            or "0",
            active7=figures.active_7d,
            active30=figures.active_30d,
            blocked=figures.blocked,
            asked=figures.questions_asked,
            answered=figures.questions_answered,
            declined=figures.questions_declined,
            notit=figures.not_it,
            opened=figures.tickets_opened,
            claimed=figures.tickets_claimed,
            median=_minutes(l10n, figures.first_response_median_min),
            p90=_minutes(l10n, figures.first_response_p90_min),
            oversla=figures.tickets_over_sla,
            cases=figures.cases_open,
            withvol=figures.cases_with_volunteer,
            waiting=figures.cases_waiting_volunteer,
            hearings=figures.hearings_next_7d,
            sent=figures.messages_sent,
            failed=figures.messages_failed,
            pending=figures.messages_pending,
        )
        + "\n"
        + mexico_stats_line(figures.mexico, l10n)
    )


@router.message(Command("stats"), IsOperator())
async def on_stats(message: Message, turn: Turn, settings: Settings) -> None:
    figures = await stats.collect(
        turn.session, turn.now(), sla_minutes=settings.ticket_sla_minutes
    )
    await message.answer(stats_text(figures, turn.l10n))
    png = chart.render(figures.per_day)
    await message.answer_photo(
        BufferedInputFile(png, filename="stats.png"),
        caption=turn.l10n(
            "ops-chart-caption",
            days=figures.window_days,
            qmark=chart.QUESTIONS_MARK,
            tmark=chart.TICKETS_MARK,
        ),
    )


# ---- /gaps ---------------------------------------------------------------------------------


def gaps_view(
    groups: list[gaps.GapGroup], proposals: int, days: int, l10n: L10n, kb: KnowledgeBase
) -> tuple[str, Any]:
    lines = []
    for group in groups[:MAX_GAP_GROUPS]:
        examples = " / ".join(html.escape(e[:120]) for e in group.examples)
        if group.reason == "not_it" and group.topic_id:
            topic = kb.get(group.topic_id)
            title = topic.text(l10n.locale).title if topic else group.topic_id
            lines.append(
                l10n("ops-gap-not-it", n=group.count, topic=html.escape(title), q=examples)
            )
        else:
            lines.append(l10n("ops-gap-declined", n=group.count, q=examples))
    text = l10n(
        "ops-gaps",
        days=days,
        groups=len(groups),
        lines="\n".join(lines) if lines else l10n("ops-gaps-empty"),
        proposals=proposals,
    )
    buttons = [
        button(("• " if d == days else "") + l10n("ops-days", n=d), GapsCb(days=d))
        for d in WINDOWS
    ]
    return text, markup([buttons])


async def _gaps(turn: Turn, days: int, kb: KnowledgeBase) -> tuple[str, Any]:
    since = turn.now() - dt.timedelta(days=days)
    groups = await gaps.grouped(turn.session, since, gaps.search_key)
    proposals = await gaps.pending_proposals(turn.session)
    return gaps_view(groups, proposals, days, turn.l10n, kb)


@router.message(Command("gaps"), IsOperator())
async def on_gaps(message: Message, turn: Turn, kb: KnowledgeBase) -> None:
    text, keyboard = await _gaps(turn, 7, kb)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(GapsCb.filter(F.days.in_(WINDOWS)), IsOperator())
async def on_gaps_window(
    query: CallbackQuery, callback_data: GapsCb, turn: Turn, kb: KnowledgeBase
) -> None:
    message = target(query)
    text, keyboard = await _gaps(turn, callback_data.days, kb)
    await query.answer()
    await message.edit_text(text, reply_markup=keyboard)


# ---- /audit --------------------------------------------------------------------------------

AUDIT_FILTERS = {"case": "case", "ticket": "ticket", "vol": "actor", "day": "day"}


class AuditReader(Filter):
    """Operators see every entry; an approved volunteer only their own. Injects ``own_only``."""

    async def __call__(self, event: TelegramObject, **data: Any) -> dict[str, Any]:
        tg_user: TgUser | None = data.get("event_from_user")
        turn: Turn | None = data.get("turn")
        if tg_user is None or turn is None:
            raise StaffError("not-allowed")
        if await staff.operator_role(turn.session, tg_user.id, bool(data.get("is_admin"))):
            return {"own_only": False}
        if await approved_volunteer(turn.session, tg_user.id) is not None:
            return {"own_only": True}
        raise StaffError("not-allowed")


def audit_filter(kind: str, ref: str, viewer: int, own_only: bool) -> audit.AuditFilter:
    """``/audit case 12``, ``/audit ticket 3``, ``/audit vol 555``, ``/audit day 2026-12-01``."""
    where = audit.AuditFilter()
    if kind in ("case", "ticket"):
        if not ref.isdigit() or len(ref) > 18:
            raise StaffError("audit-usage")
        where = audit.AuditFilter(object_type=kind, object_id=ref)
    elif kind == "vol":
        if not ref.isdigit() or len(ref) > 18:
            raise StaffError("audit-usage")
        where = audit.AuditFilter(actor_id=int(ref))
    elif kind == "day":
        try:
            where = audit.AuditFilter(day=dt.date.fromisoformat(ref))
        except ValueError:
            raise StaffError("audit-usage") from None
    elif kind:
        raise StaffError("audit-usage")
    if own_only:
        if where.actor_id not in (None, viewer):
            raise StaffError("not-allowed")
        where = audit.AuditFilter(
            actor_id=viewer,
            object_type=where.object_type,
            object_id=where.object_id,
            day=where.day,
        )
    return where


def audit_view(entries: list[Any], l10n: L10n, kind: str, ref: str) -> tuple[str, Any]:
    lines = [
        l10n(
            "ops-audit-line",
            when=l10n.datetime(entry.created_at, "UTC", fmt="short"),
            actor=str(entry.actor_id) if entry.actor_id is not None else l10n("ops-audit-nobody"),
            action=html.escape(entry.action),
            obj=html.escape(f"{entry.object_type or ''} {entry.object_id or ''}".strip()),
        )
        for entry in entries
    ]
    text = l10n("ops-audit", lines="\n".join(lines) if lines else l10n("ops-audit-empty"))
    keyboard = None
    if len(entries) == audit.PAGE_SIZE:
        older = AuditCb(before=entries[-1].id, kind=kind, ref=ref[:20])
        keyboard = markup([[button(l10n("ops-audit-older"), older)]])
    return text, keyboard


@router.message(Command("audit"), AuditReader())
async def on_audit(message: Message, command: CommandObject, turn: Turn, own_only: bool) -> None:
    parts = (command.args or "").split()
    kind, ref = [*parts, "", ""][:2]
    where = audit_filter(kind, ref, turn.user.id, own_only)
    entries = await audit.entries(turn.session, where)
    text, keyboard = audit_view(entries, turn.l10n, kind, ref)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(AuditCb.filter(), AuditReader())
async def on_audit_older(
    query: CallbackQuery, callback_data: AuditCb, turn: Turn, own_only: bool
) -> None:
    message = target(query)
    where = audit_filter(callback_data.kind, callback_data.ref, turn.user.id, own_only)
    entries = await audit.entries(turn.session, where, before_id=callback_data.before)
    text, keyboard = audit_view(entries, turn.l10n, callback_data.kind, callback_data.ref)
    await query.answer()
    await message.answer(text, reply_markup=keyboard)


# ---- /coordinators (admins only) -----------------------------------------------------------


async def coordinators_view(turn: Turn) -> tuple[str, Any]:
    rows = await staff.coordinators(turn.session)
    lines = [
        turn.l10n(
            "ops-coord-line", id=str(row.user_id), since=turn.l10n.date(row.granted_at.date())
        )
        for row in rows
    ]
    text = turn.l10n(
        "ops-coordinators", lines="\n".join(lines) if lines else turn.l10n("ops-coord-none")
    )
    buttons = [
        [
            button(
                turn.l10n("ops-coord-revoke", id=str(row.user_id)),
                StaffCb(action="rm", user_id=row.user_id),
            )
        ]
        for row in rows
    ]
    return text, markup(buttons) if buttons else None


@router.message(Command("coordinators"), IsOperator(admins_only=True))
async def on_coordinators(message: Message, command: CommandObject, turn: Turn) -> None:
    parts = (command.args or "").split()
    if parts:
        if len(parts) != 2 or parts[0] != "add" or not parts[1].isdigit() or len(parts[1]) > 18:
            raise StaffError("coord-usage")
        await staff.grant(turn.session, turn.user.id, int(parts[1]), turn.now())
        await message.answer(turn.l10n("ops-coord-granted", id=parts[1]))
    text, keyboard = await coordinators_view(turn)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(StaffCb.filter(F.action == "rm"), IsOperator(admins_only=True))
async def on_coordinator_revoke(query: CallbackQuery, callback_data: StaffCb, turn: Turn) -> None:
    message = target(query)
    await staff.revoke(turn.session, turn.user.id, callback_data.user_id, turn.now())
    await query.answer(turn.l10n("ops-coord-revoked"))
    text, keyboard = await coordinators_view(turn)
    await message.edit_text(text, reply_markup=keyboard)
