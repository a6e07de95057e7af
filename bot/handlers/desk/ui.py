"""Callback data, keyboards and texts about tickets, shared by the desk's handlers and its
renderers (the volunteers' own screens are in ``volunteer_ui.py``).

Everything here is pure: it takes what the handlers loaded and returns what Telegram shows.
Text and keyboard come as a pair where they are always shown together.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.crypto import Vault
from bot.desk import tickets as desk
from bot.desk.conversation import Card, Entry
from bot.desk.models import KbProposal, Ticket, TicketStatus
from bot.desk.policy import CATEGORIES
from bot.i18n import L10n
from bot.keyboards import back_to_menu

EXCERPT = 600
CARD_LIMIT = 3500

View = tuple[str, InlineKeyboardMarkup | None]


class DeskCb(CallbackData, prefix="dk"):
    """A button about a ticket. ``action``: take, open, files, reply, release, close, note,
    propose, solved, cancel, rate, reopen, view, new, cat, drop, aclose, arelease, queue,
    mine."""

    action: str
    tid: int = 0
    arg: str = ""


class ProposalCb(CallbackData, prefix="kbp"):
    action: str  # "accept" | "reject"
    pid: int


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


def _ticket_buttons(
    l10n: L10n, ids: Iterable[int], action: str, label: str
) -> InlineKeyboardMarkup:
    """One button a row, each about one ticket ("Take #12", "#12")."""
    return keyboard(
        *([button(l10n(label, ticket=tid), DeskCb(action=action, tid=tid))] for tid in ids)
    )


# ---- the person who asks ------------------------------------------------------------------


def _drop_draft(l10n: L10n) -> InlineKeyboardButton:
    return button(l10n("desk-btn-cancel-draft"), DeskCb(action="drop"))


def kb_ask_question(l10n: L10n) -> InlineKeyboardMarkup:
    return keyboard([_drop_draft(l10n)])


def kb_categories(l10n: L10n) -> InlineKeyboardMarkup:
    rows = [
        [button(category(l10n, c), DeskCb(action="cat", arg=c)) for c in CATEGORIES[i : i + 2]]
        for i in range(0, len(CATEGORIES), 2)
    ]
    return keyboard(*rows, [_drop_draft(l10n)])


def kb_user_ticket(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(l10n("desk-btn-write"), DeskCb(action="reply", tid=tid)),
            button(l10n("desk-btn-cancel"), DeskCb(action="cancel", tid=tid)),
        ],
        [back_to_menu(l10n)],
    )


def kb_user_answer(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(l10n("desk-btn-reply"), DeskCb(action="reply", tid=tid)),
            button(l10n("desk-btn-solved"), DeskCb(action="solved", tid=tid)),
        ]
    )


def kb_user_closed(l10n: L10n, tid: int, *, rate: bool = True) -> InlineKeyboardMarkup:
    reopen = [button(l10n("desk-btn-reopen"), DeskCb(action="reopen", tid=tid))]
    if not rate:
        return keyboard(reopen)
    stars = [button(f"{n}⭐", DeskCb(action="rate", tid=tid, arg=str(n))) for n in desk.STARS]
    return keyboard(stars, reopen)


def own_tickets(l10n: L10n, vault: Vault, active: Sequence[Ticket], *, full: bool) -> View:
    """The person's active questions; ``full``: they may not ask another one yet."""
    lines = [
        l10n(
            "desk-own-line",
            ticket=t.id,
            status=status_label(l10n, t),
            question=excerpt(desk.question(vault, t), 80),
        )
        for t in active
    ]
    rows = [
        [
            button(l10n("desk-btn-write-n", ticket=t.id), DeskCb(action="reply", tid=t.id)),
            button(l10n("desk-btn-cancel-n", ticket=t.id), DeskCb(action="cancel", tid=t.id)),
        ]
        for t in active
    ]
    if not full:
        rows.append([button(l10n("desk-btn-new"), DeskCb(action="new"))])
    rows.append([back_to_menu(l10n)])
    header = l10n("desk-limit", count=len(active)) if full else l10n("desk-own-title")
    return header + "\n\n" + "\n".join(lines), keyboard(*rows)


def expectation(l10n: L10n, hours: int | None, notified: int) -> str:
    """How long an answer usually takes, and a warning when nobody could be told yet."""
    text = l10n("desk-expect-hours", hours=hours) if hours else l10n("desk-expect-unknown")
    if notified == 0:
        text += "\n" + l10n("desk-expect-nobody")
    return text


# ---- volunteers ---------------------------------------------------------------------------


def kb_take(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return _ticket_buttons(l10n, [tid], "take", "desk-btn-take")


def kb_vol_open(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return _ticket_buttons(l10n, [tid], "open", "desk-btn-card")


def kb_vol_relay(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(l10n("desk-btn-reply"), DeskCb(action="reply", tid=tid)),
            button(l10n("desk-btn-card", ticket=tid), DeskCb(action="open", tid=tid)),
        ]
    )


def kb_vol_card(l10n: L10n, tid: int, files: int) -> InlineKeyboardMarkup:
    rows = [
        [button(l10n("desk-btn-answer"), DeskCb(action="reply", tid=tid))],
        [
            button(l10n("desk-btn-note"), DeskCb(action="note", tid=tid)),
            button(l10n("desk-btn-propose"), DeskCb(action="propose", tid=tid)),
        ],
        [
            button(l10n("desk-btn-release"), DeskCb(action="release", tid=tid)),
            button(l10n("desk-btn-close"), DeskCb(action="close", tid=tid)),
        ],
    ]
    if files:
        rows.insert(
            1, [button(l10n("desk-btn-files", count=files), DeskCb(action="files", tid=tid))]
        )
    return keyboard(*rows)


def card(l10n: L10n, ticket: Ticket, view: Card, now: dt.datetime, *, admin_view: bool) -> View:
    """The whole ticket: for its volunteer with their tools, for an admin with theirs."""
    text = l10n(
        "desk-card",
        ticket=ticket.id,
        category=category(l10n, ticket.category),
        language=ticket.language,
        status=status_label(l10n, ticket),
        asked=ago(l10n, ticket.created_at, now),
        question=excerpt(view.question, 1500),
    )
    if view.entries:
        text += "\n\n" + conversation(l10n, view.entries, limit=2000)
    if admin_view:
        return text, kb_admin_card(l10n, ticket)
    return text + "\n\n" + l10n("desk-card-hint", ticket=ticket.id), kb_vol_card(
        l10n, ticket.id, view.files
    )


def _listing(
    l10n: L10n,
    tickets: Sequence[Ticket],
    texts: tuple[str, str],
    line: Callable[[Ticket], str],
    buttons: tuple[str, str],
    *,
    count: int | None = None,
    separator: str = "\n",
) -> View:
    """A listing of tickets: ``texts`` are the message when there are none and the title
    (with ``count``, by default how many are listed) over one ``line`` a ticket; one button a
    ticket (``buttons``: its action and label)."""
    empty, title = texts
    if not tickets:
        return l10n(empty), None
    lines = [l10n(title, count=len(tickets) if count is None else count)]
    lines += [line(t) for t in tickets]
    action, label = buttons
    return separator.join(lines), _ticket_buttons(l10n, (t.id for t in tickets), action, label)


def queue_listing(
    l10n: L10n, vault: Vault, waiting: Sequence[Ticket], total: int, now: dt.datetime
) -> View:
    def line(t: Ticket) -> str:
        return l10n(
            "desk-queue-line",
            ticket=t.id,
            category=category(l10n, t.category),
            language=t.language,
            waited=ago(l10n, t.created_at, now),
            question=excerpt(desk.question(vault, t), 120),
        )

    texts = ("desk-queue-empty", "desk-queue-title")
    return _listing(
        l10n, waiting, texts, line, ("take", "desk-btn-take"), count=total, separator="\n\n"
    )


def held_listing(l10n: L10n, held: Sequence[Ticket], now: dt.datetime) -> View:
    def line(t: Ticket) -> str:
        return l10n(
            "desk-mine-line",
            ticket=t.id,
            category=category(l10n, t.category),
            active=ago(l10n, t.last_activity_at, now),
        )

    texts = ("desk-mine-empty", "desk-mine-title")
    return _listing(l10n, held, texts, line, ("open", "desk-btn-card"))


# ---- admins -------------------------------------------------------------------------------


def kb_admin_ticket(l10n: L10n, tid: int) -> InlineKeyboardMarkup:
    return _ticket_buttons(l10n, [tid], "view", "desk-btn-view")


def kb_admin_card(l10n: L10n, ticket: Ticket) -> InlineKeyboardMarkup:
    rows = [[button(l10n("desk-btn-note"), DeskCb(action="note", tid=ticket.id))]]
    if ticket.status == TicketStatus.CLAIMED:
        rows.append([button(l10n("desk-btn-release"), DeskCb(action="arelease", tid=ticket.id))])
    if ticket.status != TicketStatus.CLOSED:
        rows.append([button(l10n("desk-btn-close"), DeskCb(action="aclose", tid=ticket.id))])
    return keyboard(*rows)


def active_listing(l10n: L10n, active: Sequence[Ticket], now: dt.datetime) -> View:
    def line(t: Ticket) -> str:
        return l10n(
            "desk-tickets-line",
            ticket=t.id,
            status=status_label(l10n, t),
            category=category(l10n, t.category),
            waited=ago(l10n, t.created_at, now),
        )

    texts = ("desk-tickets-empty", "desk-tickets-title")
    return _listing(l10n, active, texts, line, ("view", "desk-btn-view"))


def kb_proposal(l10n: L10n, pid: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(l10n("desk-btn-accept"), ProposalCb(action="accept", pid=pid)),
            button(l10n("desk-btn-reject"), ProposalCb(action="reject", pid=pid)),
        ]
    )


def proposal(l10n: L10n, vault: Vault, row: KbProposal) -> View:
    text = l10n(
        "desk-proposal",
        proposal=row.id,
        category=category(l10n, row.category),
        language=row.language,
        question=excerpt(vault.decrypt(row.question_enc), 1500),
        answer=excerpt(vault.decrypt(row.answer_enc), 2000),
    )
    return text, kb_proposal(l10n, row.id)


# ---- pieces of text -----------------------------------------------------------------------


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


def conversation(l10n: L10n, entries: Sequence[Entry], *, limit: int = CARD_LIMIT) -> str:
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


def category(l10n: L10n, code: str) -> str:
    return l10n(f"desk-cat-{code}")


def status_label(l10n: L10n, ticket: Ticket) -> str:
    return l10n(f"desk-status-{ticket.status}")
