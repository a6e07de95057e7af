"""Callback data, keyboards and screens of the hearings feature.

Callback data is re-checked on every press (see ``base``): these only build it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.handlers.kit import button, markup
from bot.hearings import access, queries, reminders, rules, texts, timezones
from bot.hearings.models import Hearing, HearingKind, HearingMode, HearingStatus, Outcome
from bot.i18n import L10n
from bot.keyboards import back_to_menu
from bot.turn import Turn

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
    """A hearings button (the kit's :func:`~bot.handlers.kit.button` with ``HrCb``)."""
    return button(text, HrCb(action=action, id=id_, ref=ref))


def column(buttons: Iterable[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """One button a row."""
    return markup([[b] for b in buttons])


def to_list(l10n: L10n) -> InlineKeyboardMarkup:
    return markup([[btn(l10n("hearings-btn-list"), "list")]])


# ---- a way back from every screen ----------------------------------------------------------
# "Cancel" drops the form in progress and shows the list ("list" ends any flow); "Back"
# returns to the hearing a screen is about.


def quit_row(l10n: L10n) -> list[InlineKeyboardButton]:
    return [btn(l10n("hearings-btn-quit"), "list")]


def quit_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    """Under a step that waits for typed text: the only button is Cancel."""
    return markup([quit_row(l10n)])


def back_row(l10n: L10n, hearing_id: int) -> list[InlineKeyboardButton]:
    """Back to the hearing's card, or Cancel while adding one (``hearing_id`` 0)."""
    if hearing_id:
        return [btn(l10n("hearings-btn-back"), "open", hearing_id)]
    return quit_row(l10n)


def with_back(
    l10n: L10n, keyboard: InlineKeyboardMarkup, hearing_id: int = 0
) -> InlineKeyboardMarkup:
    """``keyboard`` with a last row back to the hearing (or Cancel)."""
    return markup([*keyboard.inline_keyboard, back_row(l10n, hearing_id)])


# ---- the add / change form ---------------------------------------------------------------


def kind_keyboard(l10n: L10n, hearing_id: int = 0) -> InlineKeyboardMarkup:
    """Kinds of hearing; ``hearing_id`` 0 while adding, else the hearing being changed."""
    rows = [
        [btn(l10n(f"hearings-kind-{k.value}"), "kind", hearing_id, k.value)] for k in HearingKind
    ]
    return markup([*rows, back_row(l10n, hearing_id)])


def mode_keyboard(l10n: L10n, hearing_id: int = 0) -> InlineKeyboardMarkup:
    rows = [
        [btn(l10n(f"hearings-mode-{m.value}"), "mode", hearing_id, m.value)] for m in HearingMode
    ]
    return markup([*rows, back_row(l10n, hearing_id)])


def notes_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return markup([[btn(l10n("hearings-btn-skip"), "notesskip")], quit_row(l10n)])


def places_keyboard(
    l10n: L10n, labels: Sequence[str], *, prefix: str = ""
) -> InlineKeyboardMarkup:
    """Places to pick by their index in the flow's ``choices``, then "another place"."""
    rows = [
        [btn(f"{prefix}{label}"[:LABEL], "plpick", ref=str(i))] for i, label in enumerate(labels)
    ]
    rows.append([btn(l10n("hearings-btn-other-place"), "plother")])
    rows.append(quit_row(l10n))
    return markup(rows)


def zones_keyboard(l10n: L10n, zones: Sequence[str]) -> InlineKeyboardMarkup:
    """A court's zone, picked by its index in the flow's ``zones``."""
    rows = [
        [btn(timezones.label(z, l10n)[:LABEL], "ptz", ref=str(i))] for i, z in enumerate(zones)
    ]
    return markup([*rows, quit_row(l10n)])


def when_confirm_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return markup(
        [
            [btn(l10n("hearings-btn-yes"), "whenok"), btn(l10n("hearings-btn-redo"), "whenredo")],
            quit_row(l10n),
        ]
    )


def edit_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    fields = ("place", "kind", "mode", "notes")
    rows = [[btn(l10n(f"hearings-btn-edit-{f}"), f"ch{f}", hearing_id)] for f in fields]
    rows.append([btn(l10n("hearings-btn-back"), "open", hearing_id)])
    return markup(rows)


def cancel_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    return markup(
        [
            [
                btn(l10n("hearings-btn-cancel-yes"), "cancelok", hearing_id),
                btn(l10n("hearings-btn-back"), "open", hearing_id),
            ]
        ]
    )


async def cases_keyboard(turn: Turn, case_ids: Sequence[int], action: str) -> InlineKeyboardMarkup:
    labels = [
        await queries.case_label(turn.session, turn.vault, c, turn.l10n.locale) for c in case_ids
    ]
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
    return markup(rows)


async def send_hearing(
    target: Message, turn: Turn, hearing: Hearing, head: str | None = None
) -> None:
    """The hearing's card with what can be done next; ``head`` says what just happened."""
    l10n = turn.l10n
    view = await texts.load_view(turn.session, turn.vault, turn.places, hearing, l10n.locale)
    body = texts.hearing_card(l10n, view, turn.user.timezone)
    status = ""
    if hearing.status == HearingStatus.CANCELLED:
        status = l10n("hearings-status-cancelled") + "\n"
    elif hearing.status == HearingStatus.HELD and hearing.outcome:
        status = l10n(f"hearings-status-outcome-{hearing.outcome}") + "\n"
    text = (head + "\n\n" if head else "") + status + body
    await target.answer(text, reply_markup=hearing_keyboard(l10n, hearing, turn.now()))


# ---- after the hearing, deadlines ---------------------------------------------------------


def outcome_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    outcomes = (Outcome.POSTPONED, Outcome.DECISION, Outcome.DHS_APPEALED, Outcome.UNKNOWN)
    rows = [
        [btn(l10n(f"hearings-outcome-{o.value}"), "out", hearing_id, o.value)] for o in outcomes
    ]
    return markup([*rows, back_row(l10n, hearing_id)])


def decision_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    rows = [[btn(l10n(f"hearings-decision-{d}"), "dec", hearing_id, d)] for d in rules.DECISIONS]
    return markup([*rows, back_row(l10n, hearing_id)])


def merits_keyboard(
    l10n: L10n, action: str, id_: int, prefix: str, *, hearing_id: int = 0
) -> InlineKeyboardMarkup:
    """ "Was asylum decided on the merits?"; the answer is sent as ``<prefix>.<answer>``."""
    rows = [
        [btn(l10n(f"hearings-merits-{m}"), action, id_, f"{prefix}.{m}")] for m in rules.MERITS
    ]
    return markup([*rows, back_row(l10n, hearing_id)])


def today_keyboard(l10n: L10n, hearing_id: int, court_today: dt.date) -> InlineKeyboardMarkup:
    label = l10n("hearings-btn-today", date=l10n.date(court_today, "medium"))
    return markup([[btn(label, "dectoday", hearing_id)], back_row(l10n, hearing_id)])


def deadline_kind_keyboard(l10n: L10n, case_id: int, person_id: int) -> InlineKeyboardMarkup:
    """Which deadline to count; not a dead end: Cancel goes back to the list."""
    rows = [
        [btn(l10n(f"deadline-new-{k}"), "dlk", case_id, f"{k}.{person_id}")]
        for k in rules.NEW_DEADLINE_KINDS
    ]
    return markup([*rows, quit_row(l10n)])


def after_deadlines_keyboard(
    l10n: L10n, case_id: int, person_id: int | None
) -> InlineKeyboardMarkup:
    """Under newly added deadlines: add a change-of-address one, or back to the list."""
    pid = str(person_id or 0)
    return markup(
        [
            [btn(l10n("deadline-new-eoir33"), "dlk", case_id, f"eoir33.{pid}")],
            [btn(l10n("hearings-btn-list"), "list")],
        ]
    )


# ---- the overview ------------------------------------------------------------------------


async def overview(turn: Turn) -> tuple[str, InlineKeyboardMarkup]:
    session, user, l10n, vault, now = turn.session, turn.user, turn.l10n, turn.vault, turn.now()
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
        view = await texts.load_view(session, vault, turn.places, hearing, l10n.locale)
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
    return "\n".join(lines), markup(rows)


# ---- preferences -------------------------------------------------------------------------


async def prefs_screen(turn: Turn) -> tuple[str, InlineKeyboardMarkup]:
    session, user, l10n, vault = turn.session, turn.user, turn.l10n, turn.vault
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
    return l10n("hearings-prefs", offsets=chosen), markup(rows)


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
    rows.append([btn(l10n("hearings-btn-back"), "list")])
    return markup(rows)


def tz_saved_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return markup([[btn(l10n("hearings-btn-list"), "list")], [back_to_menu(l10n)]])
