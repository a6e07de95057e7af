"""Keyboards and texts of volunteer management: the sign-up form, a volunteer's panel, and
the admins' list of volunteers."""

from __future__ import annotations

import html
from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.desk.policy import AREAS, LANGUAGES
from bot.handlers.desk.ui import DeskCb, View, button, category, keyboard
from bot.i18n import L10n
from bot.models import Volunteer

VOLUNTEER_PAGE = 40


class VolCb(CallbackData, prefix="vol"):
    """Volunteer management: approve, reject, pause, resume, revoke, reinstate, card, list
    (admins);
    signup, later, away, back, showname, hidename (the volunteer)."""

    action: str
    uid: int = 0


class SignupCb(CallbackData, prefix="vs"):
    kind: str  # "lang" | "area" | "done" | "show"
    value: str = ""


def kb_signup_offer(l10n: L10n) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(l10n("vol-btn-signup"), VolCb(action="signup")),
            button(l10n("vol-btn-later"), VolCb(action="later")),
        ]
    )


def kb_signup_choice(l10n: L10n, kind: str, chosen: Sequence[str]) -> InlineKeyboardMarkup:
    options = LANGUAGES if kind == "lang" else AREAS
    prefix = "vol-lang" if kind == "lang" else "desk-cat"
    rows = [
        [
            button(
                ("✅ " if value in chosen else "▫️ ") + l10n(f"{prefix}-{value}"),
                SignupCb(kind=kind, value=value),
            )
        ]
        for value in options
    ]
    return keyboard(*rows, [button(l10n("vol-btn-next"), SignupCb(kind="done", value=kind))])


def kb_show_name(l10n: L10n) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(l10n("vol-btn-show-yes"), SignupCb(kind="show", value="1")),
            button(l10n("vol-btn-show-no"), SignupCb(kind="show", value="0")),
        ]
    )


def kb_panel(l10n: L10n, volunteer: Volunteer) -> InlineKeyboardMarkup:
    away = VolCb(action="back" if volunteer.away else "away", uid=volunteer.user_id)
    name = VolCb(action="hidename" if volunteer.show_name else "showname", uid=volunteer.user_id)
    return keyboard(
        [
            button(l10n("vol-btn-queue"), DeskCb(action="queue")),
            button(l10n("vol-btn-mine"), DeskCb(action="mine")),
        ],
        [button(l10n("vol-btn-back" if volunteer.away else "vol-btn-away"), away)],
        [button(l10n("vol-btn-hidename" if volunteer.show_name else "vol-btn-showname"), name)],
    )


def panel(l10n: L10n, volunteer: Volunteer, *, waiting: int, held: int) -> View:
    text = l10n(
        "vol-panel",
        name=html.escape(volunteer.display_name),
        away="yes" if volunteer.away else "no",
        shown="yes" if volunteer.show_name else "no",
        waiting=waiting,
        held=held,
    )
    return text, kb_panel(l10n, volunteer)


# ---- admins -------------------------------------------------------------------------------


def kb_signup_decide(l10n: L10n, uid: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(l10n("vol-btn-approve"), VolCb(action="approve", uid=uid)),
            button(l10n("vol-btn-reject"), VolCb(action="reject", uid=uid)),
        ]
    )


def volunteer_listing(l10n: L10n, volunteers: Sequence[Volunteer]) -> View:
    if not volunteers:
        return l10n("vol-list-empty"), None
    shown = volunteers[:VOLUNTEER_PAGE]
    lines = [l10n("vol-list-title", count=len(volunteers))]
    lines += [volunteer_line(l10n, v) for v in shown]
    rows = ([button(v.display_name[:40], VolCb(action="card", uid=v.user_id))] for v in shown)
    return "\n".join(lines), keyboard(*rows)


# What a coordinator can do from each status (a rejected person may apply again).
CARD_ACTIONS: dict[str, tuple[str, ...]] = {
    "pending": ("approve", "reject"),
    "approved": ("pause", "revoke"),
    "paused": ("resume", "revoke"),
    "rejected": (),
    "revoked": ("reinstate",),
}


def volunteer_card(l10n: L10n, volunteer: Volunteer, held: int) -> View:
    """A volunteer as coordinators see them, with what can be done next and a way back."""
    uid = volunteer.user_id
    actions = CARD_ACTIONS.get(volunteer.status, ())
    row = [button(l10n(f"vol-btn-{a}"), VolCb(action=a, uid=uid)) for a in actions]
    back = [button(l10n("vol-btn-list"), VolCb(action="list"))]
    text = volunteer_line(l10n, volunteer) + "\n" + l10n("vol-card-held", count=held)
    return text, keyboard(row, back)


def volunteer_line(l10n: L10n, volunteer: Volunteer) -> str:
    return l10n(
        "vol-line",
        name=html.escape(volunteer.display_name),
        status=volunteer_status(l10n, volunteer.status),
        languages=", ".join(l10n(f"vol-lang-{code}") for code in volunteer.languages or []),
        areas=", ".join(category(l10n, a) for a in volunteer.areas or []),
        away="yes" if volunteer.away else "no",
    )


def decided(l10n: L10n, volunteer: Volunteer, decision: str) -> str:
    """What a coordinator's decision did, said as a whole sentence (never «Вера теперь
    «одобрен»»: a status word does not agree with every name)."""
    return l10n(f"vol-decided-{decision}", name=html.escape(volunteer.display_name))


def volunteer_status(l10n: L10n, status: str) -> str:
    return l10n(f"vol-status-{status}")
