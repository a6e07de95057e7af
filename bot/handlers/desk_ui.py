"""Callback data, keyboards and texts shared by the desk handlers and the desk renderers."""

from __future__ import annotations

import datetime as dt
import html

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.desk.conversation import Entry
from bot.desk.models import Ticket
from bot.desk.policy import AREAS, CATEGORIES, LANGUAGES
from bot.i18n import L10n
from bot.keyboards import back_to_menu
from bot.models import Volunteer

EXCERPT = 600
CARD_LIMIT = 3500


class DeskCb(CallbackData, prefix="dk"):
    """A button about a ticket. ``action``: take, open, files, reply, release, close, note,
    propose, solved, cancel, rate, reopen, view, new, cat, aclose, arelease."""

    action: str
    tid: int = 0
    arg: str = ""


class VolCb(CallbackData, prefix="vol"):
    """Volunteer management: approve, reject, pause, resume, revoke, card (admins);
    signup, later, away, back, showname, hidename (the volunteer)."""

    action: str
    uid: int = 0


class SignupCb(CallbackData, prefix="vs"):
    kind: str  # "lang" | "area" | "done" | "show"
    value: str = ""


class ProposalCb(CallbackData, prefix="kbp"):
    action: str  # "accept" | "reject"
    pid: int


def _b(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def kb_take(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_b(l10n("desk-btn-take", ticket=tid), DeskCb(action="take", tid=tid))]]
    )


def kb_user_ticket(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _b(l10n("desk-btn-write"), DeskCb(action="reply", tid=tid)),
                _b(l10n("desk-btn-cancel"), DeskCb(action="cancel", tid=tid)),
            ],
            [back_to_menu(l10n)],
        ]
    )


def kb_user_answer(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _b(l10n("desk-btn-reply"), DeskCb(action="reply", tid=tid)),
                _b(l10n("desk-btn-solved"), DeskCb(action="solved", tid=tid)),
            ]
        ]
    )


def kb_user_closed(l10n: L10n, tid: int, *, rate: bool = True) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if rate:
        rows.append(
            [_b(f"{n}⭐", DeskCb(action="rate", tid=tid, arg=str(n))) for n in range(1, 6)]
        )
    rows.append([_b(l10n("desk-btn-reopen"), DeskCb(action="reopen", tid=tid))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def kb_vol_relay(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _b(l10n("desk-btn-reply"), DeskCb(action="reply", tid=tid)),
                _b(l10n("desk-btn-card", ticket=tid), DeskCb(action="open", tid=tid)),
            ]
        ]
    )


def kb_vol_open(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_b(l10n("desk-btn-card", ticket=tid), DeskCb(action="open", tid=tid))]]
    )


def kb_vol_card(l10n: L10n, tid: int, files: int) -> InlineKeyboardMarkup:
    rows = [
        [_b(l10n("desk-btn-answer"), DeskCb(action="reply", tid=tid))],
        [
            _b(l10n("desk-btn-note"), DeskCb(action="note", tid=tid)),
            _b(l10n("desk-btn-propose"), DeskCb(action="propose", tid=tid)),
        ],
        [
            _b(l10n("desk-btn-release"), DeskCb(action="release", tid=tid)),
            _b(l10n("desk-btn-close"), DeskCb(action="close", tid=tid)),
        ],
    ]
    if files:
        rows.insert(1, [_b(l10n("desk-btn-files", count=files), DeskCb(action="files", tid=tid))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def kb_admin_ticket(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_b(l10n("desk-btn-view", ticket=tid), DeskCb(action="view", tid=tid))]]
    )


def kb_admin_card(l10n: L10n, ticket: Ticket) -> InlineKeyboardMarkup:
    rows = [[_b(l10n("desk-btn-note"), DeskCb(action="note", tid=ticket.id))]]
    if ticket.status == "claimed":
        rows.append([_b(l10n("desk-btn-release"), DeskCb(action="arelease", tid=ticket.id))])
    if ticket.status != "closed":
        rows.append([_b(l10n("desk-btn-close"), DeskCb(action="aclose", tid=ticket.id))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def kb_signup_decide(l10n: L10n, uid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _b(l10n("vol-btn-approve"), VolCb(action="approve", uid=uid)),
                _b(l10n("vol-btn-reject"), VolCb(action="reject", uid=uid)),
            ]
        ]
    )


def kb_proposal(l10n: L10n, pid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _b(l10n("desk-btn-accept"), ProposalCb(action="accept", pid=pid)),
                _b(l10n("desk-btn-reject"), ProposalCb(action="reject", pid=pid)),
            ]
        ]
    )


def kb_categories(l10n: L10n) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    for i in range(0, len(CATEGORIES), 2):
        rows.append(
            [_b(l10n(f"desk-cat-{c}"), DeskCb(action="cat", arg=c)) for c in CATEGORIES[i : i + 2]]
        )
    rows.append([_b(l10n("desk-btn-cancel-draft"), DeskCb(action="drop"))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def kb_signup_choice(l10n: L10n, kind: str, chosen: list[str]) -> InlineKeyboardMarkup:
    options = LANGUAGES if kind == "lang" else AREAS
    prefix = "vol-lang" if kind == "lang" else "desk-cat"
    rows = [
        [
            _b(
                ("✅ " if value in chosen else "▫️ ") + l10n(f"{prefix}-{value}"),
                SignupCb(kind=kind, value=value),
            )
        ]
        for value in options
    ]
    rows.append([_b(l10n("vol-btn-next"), SignupCb(kind="done", value=kind))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def kb_panel(l10n: L10n, volunteer: Volunteer) -> InlineKeyboardMarkup:
    away = VolCb(action="back" if volunteer.away else "away", uid=volunteer.user_id)
    name = VolCb(action="hidename" if volunteer.show_name else "showname", uid=volunteer.user_id)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _b(l10n("vol-btn-queue"), DeskCb(action="queue")),
                _b(l10n("vol-btn-mine"), DeskCb(action="mine")),
            ],
            [_b(l10n("vol-btn-back" if volunteer.away else "vol-btn-away"), away)],
            [_b(l10n("vol-btn-hidename" if volunteer.show_name else "vol-btn-showname"), name)],
        ]
    )


def kb_volunteer_card(l10n: L10n, volunteer: Volunteer) -> InlineKeyboardMarkup:
    uid = volunteer.user_id
    actions = {
        "pending": ("approve", "reject"),
        "approved": ("pause", "revoke"),
        "paused": ("resume", "revoke"),
        "rejected": (),
        "revoked": (),
    }.get(volunteer.status, ())
    row = [_b(l10n(f"vol-btn-{a}"), VolCb(action=a, uid=uid)) for a in actions]
    return InlineKeyboardMarkup(inline_keyboard=[row] if row else [])


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = text.strip()
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "…")


def ago(l10n: L10n, then: dt.datetime, now: dt.datetime) -> str:
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 60:
        return l10n("desk-ago-minutes", count=minutes)
    if minutes < 48 * 60:
        return l10n("desk-ago-hours", count=minutes // 60)
    return l10n("desk-ago-days", count=minutes // 1440)


def conversation(l10n: L10n, entries: list[Entry], *, limit: int = CARD_LIMIT) -> str:
    """The conversation as text, newest last; the oldest lines give way when it is long."""
    lines: list[str] = []
    for entry in entries:
        who = l10n(f"desk-who-{entry.author}")
        body = html.escape(entry.text) if entry.text else ""
        if entry.kind != "text":
            media = l10n("desk-media", kind=entry.kind)
            body = f"{media} {body}".strip()
        lines.append(f"<b>{who}:</b> {body}")
    text = "\n\n".join(lines)
    while len(text) > limit and len(lines) > 1:
        lines.pop(0)
        text = "…\n\n" + "\n\n".join(lines)
    return text[:limit]


def status_label(l10n: L10n, ticket: Ticket) -> str:
    return l10n(f"desk-status-{ticket.status}")


def volunteer_line(l10n: L10n, volunteer: Volunteer) -> str:
    return l10n(
        "vol-line",
        name=html.escape(volunteer.display_name),
        status=l10n(f"vol-status-{volunteer.status}"),
        languages=", ".join(volunteer.languages or []),
        areas=", ".join(l10n(f"desk-cat-{a}") for a in volunteer.areas or []),
        away="yes" if volunteer.away else "no",
    )
