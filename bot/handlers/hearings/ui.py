"""Callback data, keyboards and screens of the hearings feature.

Callback data is re-checked on every press (see ``base``): these only build it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.hearings import access, queries, reminders, rules, texts, timezones
from bot.hearings.models import Hearing, HearingKind, HearingMode, HearingStatus, Outcome
from bot.i18n import L10n
from bot.keyboards import back_to_menu
from bot.models import User
from bot.places import Places

# Telegram shows about this much of a button; longer labels are cut rather than wrapped.
LABEL = 60
# More choices than this and a keyboard stops being a quick pick.
MAX_CHOICES = 6
US_ZONES: tuple[str, ...] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)

Rows = list[list[InlineKeyboardButton]]


class HrCb(CallbackData, prefix="hr"):
    action: str
    id: int = 0
    ref: str = ""


def btn(text: str, action: str, id_: int = 0, ref: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=HrCb(action=action, id=id_, ref=ref).pack()
    )


def kb(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows])


def column(buttons: Iterable[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """One button a row."""
    return kb([[b] for b in buttons])


def to_list(l10n: L10n) -> InlineKeyboardMarkup:
    return kb([[btn(l10n("hearings-btn-list"), "list")]])


# ---- the add / change form ---------------------------------------------------------------


def kind_keyboard(l10n: L10n, hearing_id: int = 0) -> InlineKeyboardMarkup:
    """Kinds of hearing; ``hearing_id`` 0 while adding, else the hearing being changed."""
    return column(
        btn(l10n(f"hearings-kind-{k.value}"), "kind", hearing_id, k.value) for k in HearingKind
    )


def mode_keyboard(l10n: L10n, hearing_id: int = 0) -> InlineKeyboardMarkup:
    return column(
        btn(l10n(f"hearings-mode-{m.value}"), "mode", hearing_id, m.value) for m in HearingMode
    )


def notes_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return kb([[btn(l10n("hearings-btn-skip"), "notesskip")]])


def places_keyboard(
    l10n: L10n, labels: Sequence[str], *, prefix: str = ""
) -> InlineKeyboardMarkup:
    """Places to pick by their index in the flow's ``choices``, then "another place"."""
    rows = [
        [btn(f"{prefix}{label}"[:LABEL], "plpick", ref=str(i))] for i, label in enumerate(labels)
    ]
    rows.append([btn(l10n("hearings-btn-other-place"), "plother")])
    return kb(rows)


def zones_keyboard(l10n: L10n, zones: Sequence[str]) -> InlineKeyboardMarkup:
    """A court's zone, picked by its index in the flow's ``zones``."""
    return column(
        btn(timezones.label(z, l10n)[:LABEL], "ptz", ref=str(i)) for i, z in enumerate(zones)
    )


def when_confirm_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return kb(
        [[btn(l10n("hearings-btn-yes"), "whenok"), btn(l10n("hearings-btn-redo"), "whenredo")]]
    )


def edit_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    fields = ("place", "kind", "mode", "notes")
    rows = [[btn(l10n(f"hearings-btn-edit-{f}"), f"ch{f}", hearing_id)] for f in fields]
    rows.append([btn(l10n("hearings-btn-back"), "open", hearing_id)])
    return kb(rows)


def cancel_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    return kb(
        [
            [
                btn(l10n("hearings-btn-cancel-yes"), "cancelok", hearing_id),
                btn(l10n("hearings-btn-back"), "open", hearing_id),
            ]
        ]
    )


async def cases_keyboard(
    session: AsyncSession, vault: Vault, l10n: L10n, case_ids: Sequence[int], action: str
) -> InlineKeyboardMarkup:
    labels = [await queries.case_label(session, vault, c, l10n.locale) for c in case_ids]
    return column(btn(label[:LABEL], action, c) for c, label in zip(case_ids, labels, strict=True))


# ---- one hearing -------------------------------------------------------------------------


def hearing_keyboard(l10n: L10n, hearing: Hearing, now: dt.datetime) -> InlineKeyboardMarkup:
    rows: Rows = []
    if hearing.status == HearingStatus.SCHEDULED:
        rows.append(
            [
                btn(l10n("hearings-btn-new-date"), "chdate", hearing.id),
                btn(l10n("hearings-btn-edit"), "edit", hearing.id),
            ]
        )
        if hearing.starts_at <= now:
            rows.append([btn(l10n("hearings-btn-outcome"), "outq", hearing.id)])
        rows.append([btn(l10n("hearings-btn-cancel"), "cancel", hearing.id)])
    rows.append(
        [
            btn(
                l10n("hearings-btn-add-deadline"),
                "dlnew",
                hearing.case_id,
                str(hearing.person_id or 0),
            ),
            btn(l10n("hearings-btn-ics"), "ics", hearing.case_id),
        ]
    )
    rows.append([btn(l10n("hearings-btn-list"), "list")])
    return kb(rows)


async def send_hearing(
    target: Message,
    session: AsyncSession,
    hearing: Hearing,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    now: dt.datetime,
    head: str | None = None,
) -> None:
    """The hearing's card with what can be done next; ``head`` says what just happened."""
    view = await texts.load_view(session, vault, places, hearing, l10n.locale)
    body = texts.hearing_card(l10n, view, user.timezone)
    status = ""
    if hearing.status == HearingStatus.CANCELLED:
        status = l10n("hearings-status-cancelled") + "\n"
    elif hearing.status == HearingStatus.HELD and hearing.outcome:
        status = l10n(f"hearings-status-outcome-{hearing.outcome}") + "\n"
    text = (head + "\n\n" if head else "") + status + body
    await target.answer(text, reply_markup=hearing_keyboard(l10n, hearing, now))


# ---- after the hearing, deadlines ---------------------------------------------------------


def outcome_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    outcomes = (Outcome.POSTPONED, Outcome.DECISION, Outcome.DHS_APPEALED, Outcome.UNKNOWN)
    return column(
        btn(l10n(f"hearings-outcome-{o.value}"), "out", hearing_id, o.value) for o in outcomes
    )


def decision_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    return column(
        btn(l10n(f"hearings-decision-{d}"), "dec", hearing_id, d) for d in rules.DECISIONS
    )


def merits_keyboard(l10n: L10n, action: str, id_: int, prefix: str) -> InlineKeyboardMarkup:
    """ "Was asylum decided on the merits?"; the answer is sent as ``<prefix>.<answer>``."""
    return column(
        btn(l10n(f"hearings-merits-{m}"), action, id_, f"{prefix}.{m}") for m in rules.MERITS
    )


def today_keyboard(l10n: L10n, hearing_id: int, court_today: dt.date) -> InlineKeyboardMarkup:
    label = l10n("hearings-btn-today", date=l10n.date(court_today, "medium"))
    return kb([[btn(label, "dectoday", hearing_id)]])


def deadline_kind_keyboard(l10n: L10n, case_id: int, person_id: int) -> InlineKeyboardMarkup:
    return column(
        btn(l10n(f"deadline-new-{k}"), "dlk", case_id, f"{k}.{person_id}")
        for k in rules.NEW_DEADLINE_KINDS
    )


def after_deadlines_keyboard(
    l10n: L10n, case_id: int, person_id: int | None
) -> InlineKeyboardMarkup:
    """Under newly added deadlines: add a change-of-address one, or back to the list."""
    pid = str(person_id or 0)
    return kb(
        [
            [btn(l10n("deadline-new-eoir33"), "dlk", case_id, f"eoir33.{pid}")],
            [btn(l10n("hearings-btn-list"), "list")],
        ]
    )


# ---- the overview ------------------------------------------------------------------------


async def overview(
    session: AsyncSession, user: User, l10n: L10n, vault: Vault, places: Places, now: dt.datetime
) -> tuple[str, InlineKeyboardMarkup]:
    case_ids = await access.user_case_ids(session, user.id)
    hearings = await reminders.upcoming_hearings(session, case_ids, now)
    deadlines = await reminders.active_deadlines(session, case_ids, now)
    lines = [l10n("hearings-list-title")]
    rows: Rows = []
    if not case_ids:
        lines.append(l10n("hearings-list-no-cases"))
    elif not hearings and not deadlines:
        lines.append(l10n("hearings-list-empty"))
    today = now.astimezone(ZoneInfo(user.timezone or "America/New_York")).date()
    for hearing in hearings[:10]:
        view = await texts.load_view(session, vault, places, hearing, l10n.locale)
        lines.append(texts.list_line_hearing(l10n, view, user.timezone))
        label = f"📅 {l10n.date(texts.court_local(hearing).date(), 'short')} · {view.person}"
        rows.append([btn(label[:LABEL], "open", hearing.id)])
    for deadline in deadlines[:10]:
        person = await queries.person_name(session, vault, deadline.person_id, l10n.locale)
        lines.append(texts.list_line_deadline(l10n, deadline, person, today))
        short = l10n(f"deadline-short-{deadline.kind}")
        label = f"📌 {l10n.date(deadline.due_date, 'short')} · {short}"
        rows.append([btn(label[:LABEL], "dl", deadline.id)])
    if user.timezone is None:
        lines.append("")
        lines.append(l10n("hearings-set-your-tz"))
    if case_ids:
        rows.append(
            [btn(l10n("hearings-btn-add"), "add"), btn(l10n("hearings-btn-add-deadline"), "dlnew")]
        )
        rows.append([btn(l10n("hearings-btn-ics"), "ics")])
    rows.append([btn(l10n("hearings-btn-prefs"), "prefs"), btn(l10n("hearings-btn-tz"), "tz")])
    rows.append([back_to_menu(l10n)])
    return "\n".join(lines), kb(rows)


# ---- preferences -------------------------------------------------------------------------


async def prefs_screen(
    session: AsyncSession, user: User, l10n: L10n, vault: Vault
) -> tuple[str, InlineKeyboardMarkup]:
    pref = (await reminders.prefs_for(session, [user.id]))[user.id]
    chosen = ", ".join(texts.offset_label(l10n, o) for o in pref.offsets) or "—"
    rows: Rows = []
    line: list[InlineKeyboardButton] = []
    for minutes in reminders.OFFSET_CHOICES:
        mark = "✅ " if minutes in pref.offsets else ""
        line.append(btn(mark + texts.offset_label(l10n, minutes), "off", minutes))
        if len(line) == 4:
            rows.append(line)
            line = []
    if line:
        rows.append(line)
    for case_id in await access.user_case_ids(session, user.id):
        label = await queries.case_label(session, vault, case_id, l10n.locale)
        key = "hearings-btn-unmute" if pref.muted(case_id) else "hearings-btn-mute"
        rows.append([btn(l10n(key, case=label)[:LABEL], "mute", case_id)])
    rows.append([btn(l10n("hearings-btn-list"), "list")])
    return l10n("hearings-prefs", offsets=chosen), kb(rows)


def tz_keyboard(
    l10n: L10n, zones: Iterable[str], now: dt.datetime, current: str | None, *, typing: bool
) -> InlineKeyboardMarkup:
    """Zones to pick, the current one ticked; ``typing`` adds "type a city"."""
    rows: Rows = []
    for zone in zones:
        mark = "✅ " if zone == current else ""
        text = f"{mark}{timezones.label(zone, l10n)} ({timezones.offset_text(zone, now)})"
        rows.append([btn(text[:LABEL], "tzset", ref=zone)])
    if typing:
        rows.append([btn(l10n("timezone-btn-type"), "tztype")])
    return kb(rows)


def tz_saved_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return kb([[btn(l10n("hearings-btn-list"), "list")], [back_to_menu(l10n)]])
