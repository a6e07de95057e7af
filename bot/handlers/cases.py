"""Family cases: open a case, add people step by step, invite relatives, work with a volunteer.

Every handler re-checks who is pressing (``service.get_access``) before it shows or changes
anything: callback data can be forged, and a button can outlive a membership.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, F
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import service
from bot.cases.anumber import ANumberError, parse_a_number
from bot.cases.fields import (
    COUNTRIES,
    MAX_NOTES,
    MAX_PLACE_TEXT,
    MAX_RELATION,
    RELATIONS,
    FieldError,
    Location,
    PersonData,
    parse_country,
    parse_cyrillic_name,
    parse_date,
    parse_latin_name,
    parse_short_text,
)
from bot.cases.models import Invitation, LocationKind, MemberStatus, PersonStatus, VolunteerNeed
from bot.cases.next_steps import plan_for, topics_for
from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.callbacks import KbCb, MenuCb
from bot.handlers.case_ui import (
    CaseCb,
    JoinCb,
    PersonCb,
    WizCb,
    button,
    button_text,
    current_value,
    display_name,
    draft_summary,
    esc,
    event_line,
    fmt,
    markup,
    member_label,
    open_case_button,
    person_card,
    person_line,
    plan_text,
)
from bot.handlers.hearings import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import reminders as hearing_reminders
from bot.i18n import L10n
from bot.keyboards import LANGUAGE_NAMES, back_to_menu
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.render import topic_title
from bot.models import User
from bot.places import Places
from bot.volunteers import approved_volunteer

router = RouterTemplate("cases")
router.message.filter(F.chat.type == ChatType.PRIVATE)

STEPS: tuple[str, ...] = (
    "latin_name",
    "cyrillic_name",
    "birth_date",
    "birth_country",
    "a_number",
    "location",
    "detained_on",
    "relation",
    "notes",
)
OPTIONAL: frozenset[str] = frozenset(STEPS) - {"latin_name", "location"}
SPECIAL_PLACES: tuple[str, ...] = (
    LocationKind.UNKNOWN,
    LocationKind.RELEASED,
    LocationKind.SHELTER,
    LocationKind.MEXICO,
)
NEEDS: tuple[str, ...] = tuple(VolunteerNeed)
FORM_STEPS: frozenset[str] = frozenset({*STEPS, "confirm"})
TIMELINE_TEXT = 300  # characters of each update shown in the timeline
TIMELINE_CHARS = 3500


class CaseFlow(StatesGroup):
    person = State()  # the person form (new person, one field, or a transfer's new place)
    update = State()  # typing an update for the family or a private volunteer note
    join = State()  # typing who you are to the family, after opening an invitation


# ---- small helpers -----------------------------------------------------------------------


def target(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def refuse(query: CallbackQuery, l10n: L10n, code: str = "no_access") -> None:
    await query.answer(l10n(f"cases-error-{code}"), show_alert=True)


async def access_for(
    query: CallbackQuery,
    session: AsyncSession,
    case_id: int,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> service.CaseAccess | None:
    access = await service.get_access(session, case_id, user.id, is_admin)
    if access is None or target(query) is None:
        await refuse(query, l10n)
        return None
    return access


# ---- the cases screen --------------------------------------------------------------------


async def show_home(
    message: Message,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
) -> None:
    rows: list[list[InlineKeyboardButton]] = []
    mine = await service.my_cases(session, user.id)
    for case, _member in mine:
        people = await service.persons(session, case.id)
        names = ", ".join(display_name(service.open_person(vault, p), l10n) for p in people[:3])
        rows.append(
            [
                button(
                    button_text(
                        l10n("cases-home-case", case=case.id, names=names or l10n("cases-none"))
                    ),
                    CaseCb(action="open", case_id=case.id),
                )
            ]
        )
    rows.append([button(l10n("cases-btn-new"), CaseCb(action="new", case_id=0))])
    if is_admin or await approved_volunteer(session, user.id) is not None:
        waiting = len(await service.queue(session))
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
    text = l10n("cases-home", count=len(mine))
    await message.answer(text, reply_markup=markup(rows))


@router.callback_query(MenuCb.filter(F.item == "cases"))
async def on_menu_cases(
    query: CallbackQuery,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    state: FSMContext,
) -> None:
    await query.answer()
    message = target(query)
    if message is not None:
        await state.clear()
        await show_home(message, user, session, vault, l10n, is_admin)


@router.message(Command("cases"))
async def cmd_cases(
    message: Message,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    state: FSMContext,
) -> None:
    await state.clear()
    await show_home(message, user, session, vault, l10n, is_admin)


@router.callback_query(CaseCb.filter(F.action == "menu"))
async def on_home(
    query: CallbackQuery,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
) -> None:
    await query.answer()
    message = target(query)
    if message is not None:
        await show_home(message, user, session, vault, l10n, is_admin)


async def show_case(
    message: Message,
    access: service.CaseAccess,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    now: dt.datetime,
) -> None:
    case = access.case
    await service.audit_view(session, access, user.id, "card", now)
    people = await service.persons(session, case.id)
    opened = [(p, service.open_person(vault, p)) for p in people]
    lines = [person_line(p, d, l10n, places) for p, d in opened]
    members = await service.active_members(session, case.id)
    if case.volunteer_id is not None:
        volunteer = l10n(
            "cases-card-volunteer",
            name=await member_label(session, vault, case, case.volunteer_id, l10n),
        )
    elif case.volunteer_requested_at is not None:
        volunteer = l10n("cases-card-volunteer-waiting")
    else:
        volunteer = l10n("cases-card-volunteer-none")
    if access.is_owner:
        role = l10n("cases-role-owner")
    elif access.member is not None:
        role = l10n("cases-role-member")
    elif access.volunteer:
        role = l10n("cases-role-volunteer")
    else:
        role = l10n("cases-role-admin")
    text = fmt(
        l10n,
        "cases-card",
        case=case.id,
        role=role,
        persons="\n".join(lines) or l10n("cases-none"),
        volunteer=volunteer,
        members=len(members),
        muted="yes" if access.member is not None and access.member.muted else "no",
        closed="yes" if case.status != "open" else "no",
    )
    rows: list[list[InlineKeyboardButton]] = [
        [
            button(
                button_text(f"👤 {display_name(d, l10n)}"),
                CaseCb(action="person", case_id=case.id, arg=p.id),
            )
        ]
        for p, d in opened
    ]
    rows.append(
        [
            button(l10n("cases-btn-add-person"), CaseCb(action="addp", case_id=case.id)),
            button(l10n("cases-btn-update"), CaseCb(action="upd", case_id=case.id)),
        ]
    )
    if access.is_staff:
        rows.append([button(l10n("cases-btn-note"), CaseCb(action="note", case_id=case.id))])
    rows.append(
        [
            button(l10n("cases-btn-timeline"), CaseCb(action="tl", case_id=case.id)),
            button(l10n("cases-btn-members"), CaseCb(action="mem", case_id=case.id)),
        ]
    )
    rows.append([button(l10n("cases-btn-next"), CaseCb(action="next", case_id=case.id))])
    if case.volunteer_id is None and access.member is not None:
        rows.append(
            [button(l10n("cases-btn-ask-volunteer"), CaseCb(action="vol", case_id=case.id))]
        )
    if access.volunteer or (access.admin and case.volunteer_id is not None):
        rows.append([button(l10n("cases-btn-release"), CaseCb(action="rel", case_id=case.id))])
    if access.admin:
        rows.append([button(l10n("cases-btn-reassign"), CaseCb(action="rea", case_id=case.id))])
    if access.member is not None:
        mute_key = "cases-btn-unmute" if access.member.muted else "cases-btn-mute"
        rows.append(
            [
                button(l10n(mute_key), CaseCb(action="mute", case_id=case.id)),
                button(l10n("cases-btn-leave"), CaseCb(action="leave", case_id=case.id)),
            ]
        )
    rows.append([button(l10n("cases-btn-home"), CaseCb(action="menu", case_id=0))])
    await message.answer(text, reply_markup=markup(rows))


@router.callback_query(CaseCb.filter(F.action == "open"))
async def on_open(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
    state: FSMContext,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    await query.answer()
    await state.clear()
    message = target(query)
    assert message is not None
    await show_case(message, access, user, session, vault, places, l10n, clock.now())


# ---- the person form ---------------------------------------------------------------------


@dataclass
class Draft:
    person: PersonData = field(default_factory=PersonData)
    choices: list[str] = field(default_factory=list)  # place ids from the last search
    typed: str | None = None  # the place as typed, if none of the choices fit


def seal_draft(vault: Vault, draft: Draft) -> str:
    """The draft lives in FSM storage (the database) encrypted, like the case itself."""
    raw = {"person": draft.person.to_dict(), "choices": draft.choices, "typed": draft.typed}
    return vault.encrypt(json.dumps(raw, ensure_ascii=False))


def open_draft(vault: Vault, token: str | None) -> Draft:
    if not token:
        return Draft()
    raw = json.loads(vault.decrypt(token))
    return Draft(
        person=PersonData.from_dict(raw.get("person") or {}),
        choices=list(raw.get("choices") or []),
        typed=raw.get("typed"),
    )


async def start_form(
    message: Message,
    state: FSMContext,
    vault: Vault,
    l10n: L10n,
    places: Places,
    *,
    case_id: int | None,
    mode: str = "new",
    step: str = STEPS[0],
    person_id: int | None = None,
    person: PersonData | None = None,
    status: str | None = None,
) -> None:
    draft = Draft(person=person or PersonData())
    await state.set_state(CaseFlow.person)
    await state.set_data(
        {
            "case_id": case_id,
            "mode": mode,
            "step": step,
            "person_id": person_id,
            "status": status,
            "review": False,
            "enc": seal_draft(vault, draft),
        }
    )
    if mode == "new":
        await message.answer(l10n("cases-form-intro"))
    await ask(message, l10n, places, step, draft, await state.get_data())


def nav_row(l10n: L10n, step: str, data: dict[str, Any]) -> list[InlineKeyboardButton]:
    row: list[InlineKeyboardButton] = []
    if step != STEPS[0] or data.get("review") or data.get("mode") != "new":
        row.append(button(l10n("cases-btn-back"), WizCb(action="back", step=step)))
    row.append(button(l10n("cases-btn-cancel"), WizCb(action="cancel", step=step)))
    return row


async def ask(
    message: Message,
    l10n: L10n,
    places: Places,
    step: str,
    draft: Draft,
    data: dict[str, Any],
) -> None:
    if step == "confirm":
        await show_summary(message, l10n, places, draft)
        return
    rows: list[list[InlineKeyboardButton]] = []
    if step == "birth_country":
        codes = list(COUNTRIES)
        for i in range(0, len(codes), 3):
            rows.append(
                [
                    button(l10n(f"cases-country-{c}"), WizCb(action="country", step=step, value=c))
                    for c in codes[i : i + 3]
                ]
            )
    elif step == "relation":
        for i in range(0, len(RELATIONS), 4):
            rows.append(
                [
                    button(l10n(f"cases-rel-{r}"), WizCb(action="rel", step=step, value=r))
                    for r in RELATIONS[i : i + 4]
                ]
            )
    elif step == "location":
        rows.extend(place_rows(l10n, places, draft))
    if step in OPTIONAL:
        rows.append([button(l10n(f"cases-skip-{step}"), WizCb(action="skip", step=step))])
    rows.append(nav_row(l10n, step, data))
    name = esc(draft.person.latin_name) if draft.person.latin_name else ""
    text = l10n(f"cases-ask-{step}", name=name)
    current = current_value(step, draft.person, l10n, places)
    if current:
        text += "\n\n" + l10n("cases-ask-current", value=current)
    await message.answer(text, reply_markup=markup(rows))


def place_rows(l10n: L10n, places: Places, draft: Draft) -> list[list[InlineKeyboardButton]]:
    rows: list[list[InlineKeyboardButton]] = []
    for index, place_id in enumerate(draft.choices):
        place = places.get(place_id)
        if place is not None:
            rows.append(
                [
                    button(
                        button_text(f"📍 {place.label}"),
                        WizCb(action="place", step="location", value=str(index)),
                    )
                ]
            )
    if draft.typed:
        rows.append(
            [button(l10n("cases-btn-place-typed"), WizCb(action="typed", step="location"))]
        )
    specials = [
        button(l10n(f"cases-loc-btn-{k}"), WizCb(action="loc", step="location", value=k))
        for k in SPECIAL_PLACES
    ]
    rows.append(specials[:2])
    rows.append(specials[2:])
    return rows


async def show_summary(message: Message, l10n: L10n, places: Places, draft: Draft) -> None:
    rows = [
        [button(l10n("cases-btn-save"), WizCb(action="save", step="confirm"))],
        [button(l10n("cases-btn-change"), WizCb(action="edit", step="confirm"))],
        [button(l10n("cases-btn-cancel"), WizCb(action="cancel", step="confirm"))],
    ]
    await message.answer(
        fmt(l10n, "cases-wizard-confirm", summary=draft_summary(draft.person, l10n, places)),
        reply_markup=markup(rows),
    )


def parse_step(step: str, text: str, draft: Draft, today: dt.date, l10n: L10n) -> None:
    """Store the typed answer for ``step``; raises FieldError/ANumberError when wrong."""
    person = draft.person
    if step == "latin_name":
        person.latin_name = parse_latin_name(text)
    elif step == "cyrillic_name":
        person.cyrillic_name = parse_cyrillic_name(text)
    elif step == "birth_date":
        person.birth_date = parse_date(text, today)
    elif step == "birth_country":
        person.birth_country = known_code(text, COUNTRIES, "cases-country", l10n) or parse_country(
            text
        )
    elif step == "a_number":
        person.a_number = parse_a_number(text)
    elif step == "detained_on":
        person.detained_on = parse_date(text, today, earliest=person.birth_date)
    elif step == "relation":
        person.relation = known_code(text, RELATIONS, "cases-rel", l10n) or parse_short_text(
            text, MAX_RELATION
        )
    elif step == "notes":
        person.notes = parse_short_text(text, MAX_NOTES)


def known_code(text: str, codes: Any, prefix: str, l10n: L10n) -> str | None:
    """ "россия" or "Russia" typed instead of pressed: keep the code, as the button would."""
    wanted = text.strip().casefold()
    for code in codes:
        label = l10n(f"{prefix}-{code}").casefold()
        english = str(codes[code]).casefold() if isinstance(codes, dict) else code
        if wanted in {label, english, code.casefold()}:
            return str(code)
    return None


def error_text(step: str, exc: Exception, l10n: L10n) -> str:
    reason = getattr(exc, "reason", "format")
    if step == "latin_name":
        return l10n(f"cases-err-latin-{reason}")
    if step == "cyrillic_name":
        return l10n("cases-err-cyrillic")
    if step in {"birth_date", "detained_on"}:
        return l10n(f"cases-err-date-{reason}")
    if step == "a_number":
        return l10n("cases-err-anumber", reason=reason)
    if reason == "long":
        return l10n("cases-err-too-long")
    return l10n("cases-err-empty")


async def form_lost(message: Message, state: FSMContext, l10n: L10n) -> None:
    """The form's state lost its data (two updates raced, or storage was cleared)."""
    await state.clear()
    await message.answer(l10n("cases-form-lost"))


@router.message(CaseFlow.person, F.text)
async def form_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    data = await state.get_data()
    step = str(data.get("step"))
    if step not in FORM_STEPS:
        await form_lost(message, state, l10n)
        return
    draft = open_draft(vault, data.get("enc"))
    text = message.text or ""
    if step == "confirm":
        await message.answer(l10n("cases-use-buttons"))
        await show_summary(message, l10n, places, draft)
        return
    if step == "location":
        await search_place(message, state, vault, l10n, places, draft, data, text)
        return
    try:
        parse_step(step, text, draft, clock.now().date(), l10n)
    except (FieldError, ANumberError) as exc:
        await message.answer(error_text(step, exc, l10n))
        await ask(message, l10n, places, step, draft, data)
        return
    await advance(message, state, session, user, vault, places, l10n, is_admin, clock, draft, data)


@router.message(CaseFlow.person)
async def form_not_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("cases-text-only"))


async def search_place(
    message: Message,
    state: FSMContext,
    vault: Vault,
    l10n: L10n,
    places: Places,
    draft: Draft,
    data: dict[str, Any],
    text: str,
) -> None:
    typed = text.strip()[:MAX_PLACE_TEXT]
    # People are held in facilities; courts come after them (some sit inside a facility).
    found = (
        (places.search(typed, "facility", limit=4) + places.search(typed, "court", limit=2))
        if typed
        else []
    )
    draft.choices = [p.id for p in found]
    draft.typed = typed or None
    await state.update_data(enc=seal_draft(vault, draft))
    rows = place_rows(l10n, places, draft)
    rows.append(nav_row(l10n, "location", data))
    key = "cases-place-found" if found else "cases-place-not-found"
    await message.answer(l10n(key, typed=esc(typed)), reply_markup=markup(rows))


async def advance(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
    draft: Draft,
    data: dict[str, Any],
) -> None:
    """The current step has its answer: save a one-field edit, or go to the next step."""
    draft.choices, draft.typed = [], None
    mode = data.get("mode")
    if mode in {"field", "status"}:
        await save_existing(
            message, state, session, user, vault, places, l10n, is_admin, clock, draft, data
        )
        return
    step = str(data.get("step"))
    if data.get("review") or step == STEPS[-1]:
        following = "confirm"
    else:
        following = STEPS[STEPS.index(step) + 1]
    await state.update_data(step=following, enc=seal_draft(vault, draft))
    await ask(message, l10n, places, following, draft, await state.get_data())


async def save_existing(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
    draft: Draft,
    data: dict[str, Any],
) -> None:
    now = clock.now()
    case_id = int(data.get("case_id") or 0)
    access = await service.get_access(session, case_id, user.id, is_admin)
    await state.clear()
    if access is None:
        await message.answer(l10n("cases-error-no_access"))
        return
    try:
        person = await service.person_in_case(session, case_id, int(data.get("person_id") or 0))
        if data.get("mode") == "status":
            await service.set_status(
                session,
                vault,
                access.case,
                person,
                user.id,
                str(data.get("status") or PersonStatus.TRANSFERRED),
                now,
                location=draft.person.location,
            )
        else:
            await service.update_person(
                session, vault, access.case, person, user.id, draft.person, now
            )
    except service.CaseError as exc:
        await message.answer(l10n(f"cases-error-{exc.code}"))
        return
    await message.answer(l10n("cases-person-saved"))
    await show_person(message, access, person, user, session, vault, places, l10n, now)


async def save_new(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
    draft: Draft,
    data: dict[str, Any],
) -> None:
    now = clock.now()
    case_id = data.get("case_id")
    try:
        if case_id is None:
            case, person = await service.open_case(session, vault, user.id, draft.person, now)
        else:
            access = await service.get_access(session, int(case_id), user.id, is_admin)
            if access is None:
                await state.clear()
                await message.answer(l10n("cases-error-no_access"))
                return
            case = access.case
            person = await service.add_person(session, vault, case, user.id, draft.person, now)
    except service.CaseError as exc:
        await state.clear()
        await message.answer(l10n(f"cases-error-{exc.code}"))
        return
    await state.clear()
    # Deliberately the same answer whether or not the person matched another family's case.
    rows = [
        [button(l10n("cases-btn-add-another"), CaseCb(action="addp", case_id=case.id))],
        [button(l10n("cases-btn-done"), CaseCb(action="next", case_id=case.id))],
        [open_case_button(l10n, case.id)],
    ]
    key = "cases-saved-new-case" if case_id is None else "cases-saved-person"
    await message.answer(
        l10n(key, case=case.id, name=display_name(service.open_person(vault, person), l10n)),
        reply_markup=markup(rows),
    )


@router.callback_query(CaseFlow.person, WizCb.filter())
async def form_button(
    query: CallbackQuery,
    callback_data: WizCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    message = target(query)
    data = await state.get_data()
    step = str(data.get("step"))
    if step not in FORM_STEPS and message is not None:
        await query.answer()
        await form_lost(message, state, l10n)
        return
    draft = open_draft(vault, data.get("enc"))
    action, value = callback_data.action, callback_data.value
    if message is None or (action != "cancel" and callback_data.step != step):
        # A button of an earlier step (or a forged one): it must not act on this step.
        await refuse(query, l10n, "stale")
        return
    if action == "cancel":
        await query.answer()
        await state.clear()
        await message.answer(l10n("cases-form-cancelled"))
        case_id = data.get("case_id")
        access = (
            await service.get_access(session, int(case_id), user.id, is_admin) if case_id else None
        )
        if access is not None:
            await show_case(message, access, user, session, vault, places, l10n, clock.now())
        else:
            await show_home(message, user, session, vault, l10n, is_admin)
        return
    if action == "back":
        await query.answer()
        if data.get("mode") in {"field", "status"}:
            await state.clear()
            await message.answer(l10n("cases-form-cancelled"))
            return
        if data.get("review") or step == "confirm":
            previous = "confirm" if data.get("review") and step != "confirm" else STEPS[-1]
        elif step in STEPS and STEPS.index(step) > 0:
            previous = STEPS[STEPS.index(step) - 1]
        else:
            previous = step
        draft.choices, draft.typed = [], None
        await state.update_data(step=previous, enc=seal_draft(vault, draft))
        await ask(message, l10n, places, previous, draft, await state.get_data())
        return
    handled = True
    if action == "skip" and step in OPTIONAL:
        setattr(draft.person, step, None)
    elif action == "country" and step == "birth_country" and value in COUNTRIES:
        draft.person.birth_country = value
    elif action == "rel" and step == "relation" and value in RELATIONS:
        draft.person.relation = value
    elif action == "loc" and step == "location" and value in SPECIAL_PLACES:
        draft.person.location = Location(kind=value)
    elif (
        action == "place"
        and step == "location"
        and value.isdigit()
        and int(value) < len(draft.choices)
    ):
        place = places.get(draft.choices[int(value)])
        if place is None:
            handled = False
        else:
            draft.person.location = Location(kind=place.kind, ref=place.id)
    elif action == "typed" and step == "location" and draft.typed:
        draft.person.location = Location(kind=LocationKind.OTHER, text=draft.typed)
    else:
        handled = False
    if handled:
        await query.answer()
        await advance(
            message, state, session, user, vault, places, l10n, is_admin, clock, draft, data
        )
        return
    if step == "confirm" and action == "save":
        await query.answer()
        await save_new(message, state, session, user, vault, l10n, is_admin, clock, draft, data)
        return
    if step == "confirm" and action == "edit":
        await query.answer()
        rows = [
            [button(l10n(f"cases-field-{s}"), WizCb(action="field", step="confirm", value=s))]
            for s in STEPS
        ]
        rows.append(
            [
                button(
                    l10n("cases-btn-back"), WizCb(action="field", step="confirm", value="confirm")
                )
            ]
        )
        await message.answer(l10n("cases-wizard-which"), reply_markup=markup(rows))
        return
    if step == "confirm" and action == "field" and value == "confirm":
        await query.answer()
        await show_summary(message, l10n, places, draft)
        return
    if step == "confirm" and action == "field" and value in STEPS:
        await query.answer()
        await state.update_data(step=value, review=True)
        await ask(message, l10n, places, value, draft, await state.get_data())
        return
    await refuse(query, l10n, "stale")


@router.callback_query(WizCb.filter())
async def form_button_outside(query: CallbackQuery, l10n: L10n) -> None:
    """A form button pressed after the form ended (or forged): nothing to do."""
    await refuse(query, l10n, "stale")


@router.callback_query(CaseCb.filter(F.action == "new"))
async def on_new_case(
    query: CallbackQuery,
    user: User,
    state: FSMContext,
    vault: Vault,
    places: Places,
    l10n: L10n,
) -> None:
    message = target(query)
    if message is None:
        await refuse(query, l10n, "stale")
        return
    if user.consent_at is None:
        await refuse(query, l10n, "consent")
        return
    await query.answer()
    await start_form(message, state, vault, l10n, places, case_id=None)


@router.callback_query(CaseCb.filter(F.action == "addp"))
async def on_add_person(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    message = target(query)
    assert message is not None
    await query.answer()
    await start_form(message, state, vault, l10n, places, case_id=access.case.id)


# ---- a person ----------------------------------------------------------------------------


async def show_person(
    message: Message,
    access: service.CaseAccess,
    person: Any,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    now: dt.datetime,
) -> None:
    await service.audit_view(session, access, user.id, "person", now)
    data = service.open_person(vault, person)
    case_id = access.case.id
    rows = [
        [
            button(
                l10n("cases-btn-status"),
                PersonCb(action="status", case_id=case_id, person_id=person.id),
            ),
            button(
                l10n("cases-btn-edit"),
                PersonCb(action="edit", case_id=case_id, person_id=person.id),
            ),
        ],
        # Hearings feature (bot/handlers/hearings.py): add a hearing or a deadline for this person.
        [
            button(l10n("hearings-btn-add"), HrCb(action="add", id=case_id, ref=str(person.id))),
            button(
                l10n("hearings-btn-add-deadline"),
                HrCb(action="dlnew", id=case_id, ref=str(person.id)),
            ),
        ],
        [open_case_button(l10n, case_id)],
    ]
    await message.answer(person_card(person, data, l10n, places, now), reply_markup=markup(rows))


@router.callback_query(CaseCb.filter(F.action == "person"))
async def on_person(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    try:
        person = await service.person_in_case(session, access.case.id, callback_data.arg)
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    message = target(query)
    assert message is not None
    await show_person(message, access, person, user, session, vault, places, l10n, clock.now())


@router.callback_query(PersonCb.filter())
async def on_person_action(
    query: CallbackQuery,
    callback_data: PersonCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    try:
        person = await service.person_in_case(session, access.case.id, callback_data.person_id)
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    message = target(query)
    assert message is not None
    case_id, value = access.case.id, callback_data.value
    action = callback_data.action
    if action == "status":
        await query.answer()
        rows = [
            [
                button(
                    l10n(f"cases-status-{s}"),
                    PersonCb(action="setst", case_id=case_id, person_id=person.id, value=s),
                )
            ]
            for s in PersonStatus
        ]
        rows.append([open_case_button(l10n, case_id)])
        await message.answer(l10n("cases-status-choose"), reply_markup=markup(rows))
    elif action == "setst" and value in set(PersonStatus):
        await query.answer()
        if value == PersonStatus.TRANSFERRED:
            await start_form(
                message,
                state,
                vault,
                l10n,
                places,
                case_id=case_id,
                mode="status",
                step="location",
                person_id=person.id,
                person=service.open_person(vault, person),
                status=value,
            )
            return
        location = Location(kind=LocationKind.RELEASED) if value == PersonStatus.RELEASED else None
        await service.set_status(
            session, vault, access.case, person, user.id, value, clock.now(), location=location
        )
        await message.answer(l10n("cases-status-saved"))
        await show_person(message, access, person, user, session, vault, places, l10n, clock.now())
    elif action == "edit":
        await query.answer()
        rows = [
            [
                button(
                    l10n(f"cases-field-{s}"),
                    PersonCb(action="field", case_id=case_id, person_id=person.id, value=s),
                )
            ]
            for s in STEPS
        ]
        rows.append([open_case_button(l10n, case_id)])
        await message.answer(l10n("cases-wizard-which"), reply_markup=markup(rows))
    elif action == "field" and value in STEPS:
        await query.answer()
        await start_form(
            message,
            state,
            vault,
            l10n,
            places,
            case_id=case_id,
            mode="field",
            step=value,
            person_id=person.id,
            person=service.open_person(vault, person),
        )
    else:
        await refuse(query, l10n, "stale")


# ---- next steps and timeline -------------------------------------------------------------


@router.callback_query(CaseCb.filter(F.action == "next"))
async def on_next_steps(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    kb: KnowledgeBase,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    await query.answer()
    message = target(query)
    assert message is not None
    now = clock.now()
    await service.audit_view(session, access, user.id, "next", now)
    items = []
    for person in await service.persons(session, access.case.id):
        data = service.open_person(vault, person)
        items.append((data, person.status))
        plan = plan_for(data, person.status, places, now.date())
        await message.answer(plan_text(data, plan, l10n, now))
    rows = []
    for topic_id in topics_for(items, now.date()):
        topic = kb.topics.get(topic_id)
        if topic is not None:
            rows.append(
                [
                    InlineKeyboardButton(
                        text=f"📖 {topic_title(topic, l10n.locale)}"[:64],
                        callback_data=KbCb(action="topic", ref=topic.id).pack(),
                    )
                ]
            )
    rows.append([open_case_button(l10n, access.case.id)])
    await message.answer(l10n("cases-next-reading"), reply_markup=markup(rows))


@router.callback_query(CaseCb.filter(F.action == "tl"))
async def on_timeline(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    await query.answer()
    message = target(query)
    assert message is not None
    await service.audit_view(session, access, user.id, "timeline", clock.now())
    events = await service.timeline(session, access.case.id, staff=access.is_staff)
    lines = [
        await event_line(
            session, vault, places, access.case, e, l10n, user.timezone, limit=TIMELINE_TEXT
        )
        for e in events
    ]
    while len(lines) > 1 and sum(len(line) + 1 for line in lines) > TIMELINE_CHARS:
        lines.pop(0)  # Telegram's 4096-character limit: the oldest entries give way
    await message.answer(
        fmt(
            l10n,
            "cases-timeline",
            case=access.case.id,
            lines="\n".join(lines) or l10n("cases-none"),
        ),
        reply_markup=markup([[open_case_button(l10n, access.case.id)]]),
    )


# ---- updates and notes -------------------------------------------------------------------


@router.callback_query(CaseCb.filter(F.action.in_({"upd", "note"})))
async def on_update_start(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
    l10n: L10n,
    is_admin: bool,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    private = callback_data.action == "note"
    if private and not access.is_staff:
        await refuse(query, l10n, "not_volunteer")
        return
    await query.answer()
    message = target(query)
    assert message is not None
    await state.set_state(CaseFlow.update)
    await state.set_data({"case_id": access.case.id, "private": private})
    cancel = button(l10n("cases-btn-cancel"), CaseCb(action="open", case_id=access.case.id))
    key = "cases-ask-note" if private else "cases-ask-update"
    await message.answer(l10n(key, case=access.case.id), reply_markup=markup([[cancel]]))


@router.message(CaseFlow.update, F.text)
async def on_update_text(
    message: Message,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    case_id = int(data.get("case_id") or 0)
    private = bool(data.get("private"))
    access = await service.get_access(session, case_id, user.id, is_admin)
    if access is None or (private and not access.is_staff):
        await message.answer(l10n("cases-error-no_access"))
        return
    try:
        await service.post_update(
            session, vault, access.case, user.id, message.text or "", clock.now(), private=private
        )
    except service.CaseError as exc:
        await state.set_state(CaseFlow.update)
        await state.set_data(data)
        await message.answer(l10n(f"cases-error-{exc.code}"))
        return
    key = "cases-note-saved" if private else "cases-update-sent"
    await message.answer(l10n(key), reply_markup=markup([[open_case_button(l10n, case_id)]]))


@router.message(CaseFlow.update)
async def on_update_not_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("cases-text-only"))


# ---- members, invitations, joining -------------------------------------------------------


@router.callback_query(CaseCb.filter(F.action == "mem"))
async def on_members(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    await query.answer()
    message = target(query)
    assert message is not None
    await show_members(message, access, user, session, vault, l10n, clock.now())


async def show_members(
    message: Message,
    access: service.CaseAccess,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    now: dt.datetime,
) -> None:
    case = access.case
    await service.audit_view(session, access, user.id, "members", now)
    members = await service.active_members(session, case.id)
    pending = await service.pending_members(session, case.id) if access.can_manage else []
    invitations = await service.open_invitations(session, case.id, now)
    lines = []
    rows: list[list[InlineKeyboardButton]] = []
    for member in members:
        label = await member_label(session, vault, case, member.user_id, l10n)
        owner = member.user_id == case.owner_id
        you = member.user_id == user.id
        lines.append(
            l10n(
                "cases-member-line",
                who=label,
                owner="yes" if owner else "no",
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
    for member in pending:
        relation = esc(vault.decrypt_opt(member.relation_enc))
        name = esc(vault.decrypt_opt(member.tg_name_enc))
        lines.append(
            l10n("cases-member-pending", relation=relation, name=name or l10n("cases-none"))
        )
        rows.append(
            [
                button(
                    l10n("cases-btn-approve"),
                    CaseCb(action="appr", case_id=case.id, arg=member.id),
                ),
                button(
                    l10n("cases-btn-reject"), CaseCb(action="rej", case_id=case.id, arg=member.id)
                ),
            ]
        )
    if access.can_manage:
        for invitation in invitations:
            rows.append(
                [
                    button(
                        l10n(
                            "cases-btn-revoke",
                            until=l10n.date(invitation.expires_at.date(), "short"),
                        ),
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
    await message.answer(text, reply_markup=markup(rows))


@router.callback_query(CaseCb.filter(F.action == "inv"))
async def on_invite(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
    bot: Bot,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    try:
        _invitation, token = await service.create_invitation(
            session, access.case, user.id, clock.now()
        )
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    me = await bot.me()
    link = f"https://t.me/{me.username}?start=join_{token}"
    message = target(query)
    assert message is not None
    await message.answer(
        l10n("cases-invite-link", link=link, days=service.INVITE_TTL.days, case=access.case.id),
        reply_markup=markup([[open_case_button(l10n, access.case.id)]]),
    )


@router.callback_query(CaseCb.filter(F.action == "revk"))
async def on_revoke(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    if not access.can_manage:
        await refuse(query, l10n, "not_owner")
        return
    try:
        await service.revoke_invitation(session, access.case, callback_data.arg, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer(l10n("cases-invite-revoked"))
    message = target(query)
    assert message is not None
    await show_members(message, access, user, session, vault, l10n, clock.now())


async def start_join(
    message: Message,
    token: str,
    *,
    user: User,
    state: FSMContext,
    session: AsyncSession,
    l10n: L10n,
    clock: Clock,
) -> bool:
    """``/start join_<token>``. Returns False when /start should go on as usual: after a
    refusal, or when onboarding must run first (the invitation is then remembered and picked
    up after consent, see :func:`resume_join`)."""
    invitation = await service.invitation_by_token(session, token)
    try:
        await service.check_invitation(session, invitation, user.id, clock.now())
    except service.CaseError as exc:
        await message.answer(l10n(f"cases-error-{exc.code}"))
        return False
    assert invitation is not None
    if user.consent_at is None:
        await state.update_data(join_invitation=invitation.id)
        await message.answer(l10n("cases-join-onboard-first"))
        return False
    await ask_join_relation(message, state, l10n, invitation.id)
    return True


async def resume_join(message: Message, invitation_id: int, state: FSMContext, l10n: L10n) -> None:
    await ask_join_relation(message, state, l10n, invitation_id)


async def ask_join_relation(
    message: Message, state: FSMContext, l10n: L10n, invitation_id: int
) -> None:
    await state.set_state(CaseFlow.join)
    await state.set_data({"invitation_id": invitation_id})
    cancel = button(l10n("cases-btn-cancel"), JoinCb(action="no", invitation_id=invitation_id))
    await message.answer(l10n("cases-join-ask-relation"), reply_markup=markup([[cancel]]))


@router.message(CaseFlow.join, F.text)
async def on_join_relation(
    message: Message,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    clock: Clock,
) -> None:
    data = await state.get_data()
    try:
        relation = parse_short_text(message.text or "", MAX_RELATION)
    except FieldError as exc:
        key = "cases-err-too-long" if exc.reason == "long" else "cases-err-empty"
        await message.answer(l10n(key))
        return
    tg = message.from_user
    tg_name = ""
    if tg is not None:
        tg_name = tg.full_name + (f" (@{tg.username})" if tg.username else "")
    await state.clear()
    try:
        await service.request_join(
            session,
            vault,
            int(data.get("invitation_id") or 0),
            user.id,
            relation,
            tg_name,
            clock.now(),
        )
    except service.CaseError as exc:
        await message.answer(l10n(f"cases-error-{exc.code}"))
        return
    await message.answer(l10n("cases-join-sent"))


@router.message(CaseFlow.join)
async def on_join_not_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("cases-text-only"))


@router.callback_query(JoinCb.filter())
async def on_join_button(
    query: CallbackQuery,
    callback_data: JoinCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
    l10n: L10n,
    clock: Clock,
) -> None:
    message = target(query)
    if message is None:
        await refuse(query, l10n, "stale")
        return
    if callback_data.action == "no":
        await query.answer()
        if await state.get_state() == CaseFlow.join.state:
            await state.clear()
        await message.answer(l10n("cases-join-declined"))
        return
    invitation = await session.get(Invitation, callback_data.invitation_id)
    try:
        await service.check_invitation(session, invitation, user.id, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    if user.consent_at is None:
        await refuse(query, l10n, "consent")
        return
    await query.answer()
    await ask_join_relation(message, state, l10n, callback_data.invitation_id)


@router.callback_query(CaseCb.filter(F.action.in_({"appr", "rej"})))
async def on_decide(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    if not access.can_manage:
        await refuse(query, l10n, "not_owner")
        return
    approve = callback_data.action == "appr"
    try:
        member = await service.decide_join(
            session, access.case, callback_data.arg, user.id, approve, clock.now()
        )
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    if approve:  # the new relative gets the reminders of hearings already in the case
        await hearing_reminders.sync_case(session, access.case.id, clock.now())
    await query.answer()
    message = target(query)
    assert message is not None
    await message.edit_reply_markup(reply_markup=None)
    relation = esc(vault.decrypt_opt(member.relation_enc))
    key = "cases-join-approved" if approve else "cases-join-rejected"
    await message.answer(
        l10n(key, relation=relation),
        reply_markup=markup([[open_case_button(l10n, access.case.id)]]),
    )


@router.callback_query(CaseCb.filter(F.action.in_({"rmv", "rmv2", "own"})))
async def on_member_admin(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    if not (access.is_owner or (access.admin and callback_data.action != "own")):
        await refuse(query, l10n, "not_owner")
        return
    case = access.case
    message = target(query)
    assert message is not None
    try:
        member = await service.member_in_case(session, case.id, callback_data.arg)
        label = await member_label(session, vault, case, member.user_id, l10n)
        if callback_data.action == "rmv":
            if member.status not in {MemberStatus.ACTIVE, MemberStatus.PENDING}:
                raise service.CaseError("not_found")
            await query.answer()
            rows = [
                [
                    button(
                        l10n("cases-btn-remove-yes"),
                        CaseCb(action="rmv2", case_id=case.id, arg=member.id),
                    )
                ],
                [open_case_button(l10n, case.id)],
            ]
            await message.answer(
                l10n("cases-remove-confirm", who=label), reply_markup=markup(rows)
            )
            return
        if callback_data.action == "rmv2":
            await service.remove_member(session, case, member.id, user.id, clock.now())
            await query.answer()
            await message.answer(l10n("cases-removed", who=label))
        else:
            await service.transfer_ownership(session, case, member.id, user.id, clock.now())
            await query.answer()
            await message.answer(l10n("cases-owner-transferred", who=label))
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    refreshed = await service.get_access(session, case.id, user.id, is_admin)
    if refreshed is not None:
        await show_members(message, refreshed, user, session, vault, l10n, clock.now())


@router.callback_query(CaseCb.filter(F.action.in_({"leave", "leave2"})))
async def on_leave(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    if access.member is None:
        await refuse(query, l10n, "not_member")
        return
    message = target(query)
    assert message is not None
    case = access.case
    await query.answer()
    if callback_data.action == "leave":
        others = [
            m for m in await service.active_members(session, case.id) if m.user_id != user.id
        ]
        if not access.is_owner:
            key, who = "cases-leave-confirm-member", ""
        elif others:
            key = "cases-leave-confirm-owner"
            who = await member_label(session, vault, case, others[0].user_id, l10n)
        else:
            key, who = "cases-leave-confirm-last", ""
        rows = [
            [button(l10n("cases-btn-leave-yes"), CaseCb(action="leave2", case_id=case.id))],
            [open_case_button(l10n, case.id)],
        ]
        await message.answer(l10n(key, who=who), reply_markup=markup(rows))
        return
    outcome = await service.leave(session, case, user.id, clock.now())
    await message.answer(l10n("cases-left-closed" if outcome.closed else "cases-left"))


@router.callback_query(CaseCb.filter(F.action == "mute"))
async def on_mute(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    if access.member is None:
        await refuse(query, l10n, "not_member")
        return
    muted = not access.member.muted
    await service.set_muted(access.member, muted)
    await query.answer(l10n("cases-muted" if muted else "cases-unmuted"), show_alert=True)


# ---- matches -----------------------------------------------------------------------------


@router.callback_query(CaseCb.filter(F.action.in_({"minv", "mdis"})))
async def on_match(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    if not access.can_manage:
        await refuse(query, l10n, "not_owner")
        return
    try:
        if callback_data.action == "minv":
            await service.invite_match(
                session, access.case, callback_data.arg, user.id, clock.now()
            )
        else:
            await service.dismiss_match(session, access.case, callback_data.arg, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    message = target(query)
    assert message is not None
    await message.edit_reply_markup(reply_markup=None)
    key = "cases-match-invited" if callback_data.action == "minv" else "cases-match-dismissed"
    await message.answer(
        l10n(key), reply_markup=markup([[open_case_button(l10n, access.case.id)]])
    )


# ---- volunteers --------------------------------------------------------------------------


@router.callback_query(CaseCb.filter(F.action.in_({"vol", "need"})))
async def on_request_volunteer(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    if access.member is None:
        await refuse(query, l10n, "not_member")
        return
    message = target(query)
    assert message is not None
    case = access.case
    if callback_data.action == "vol":
        if case.volunteer_id is not None:
            await refuse(query, l10n, "has_volunteer")
            return
        await query.answer()
        rows = [
            [button(l10n(f"cases-need-{n}"), CaseCb(action="need", case_id=case.id, arg=i))]
            for i, n in enumerate(NEEDS)
        ]
        rows.append([open_case_button(l10n, case.id)])
        await message.answer(l10n("cases-volunteer-need"), reply_markup=markup(rows))
        return
    if not 0 <= callback_data.arg < len(NEEDS):
        await refuse(query, l10n, "stale")
        return
    try:
        await service.request_volunteer(
            session, case, user.id, NEEDS[callback_data.arg], clock.now()
        )
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    await message.answer(
        l10n("cases-volunteer-requested"), reply_markup=markup([[open_case_button(l10n, case.id)]])
    )


@router.callback_query(CaseCb.filter(F.action.in_({"queue", "mine", "all"})))
async def on_volunteer_lists(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    message = target(query)
    if message is None:
        await refuse(query, l10n, "stale")
        return
    if callback_data.action == "all":
        if not is_admin:
            await refuse(query, l10n, "not_admin")
            return
        await query.answer()
        cases = await service.recent_cases(session)
        rows = [
            [
                button(
                    l10n("cases-list-item", case=c.id, status=c.status),
                    CaseCb(action="open", case_id=c.id),
                )
            ]
            for c in cases
        ]
        rows.append([button(l10n("cases-btn-home"), CaseCb(action="menu", case_id=0))])
        await message.answer(l10n("cases-all", count=len(cases)), reply_markup=markup(rows))
        return
    if not is_admin and await approved_volunteer(session, user.id) is None:
        await refuse(query, l10n, "not_volunteer")
        return
    await query.answer()
    if callback_data.action == "mine":
        cases = await service.volunteer_cases(session, user.id)
        rows = [[open_case_button(l10n, c.id)] for c in cases]
        rows.append([button(l10n("cases-btn-home"), CaseCb(action="menu", case_id=0))])
        await message.answer(l10n("cases-mine", count=len(cases)), reply_markup=markup(rows))
        return
    now = clock.now()
    waiting = await service.queue(session)
    lines, rows = [], []
    for case in waiting[:20]:
        entry = await service.queue_entry(session, vault, places, case, now)
        statuses = ", ".join(
            l10n("cases-queue-status", status=l10n(f"cases-status-{s}"), count=n)
            for s, n in sorted(entry.statuses.items())
        )
        lines.append(
            l10n(
                "cases-queue-item",
                case=entry.case_id,
                need=l10n(f"cases-need-{entry.need}"),
                states=", ".join(entry.states) or l10n("cases-none"),
                statuses=statuses or l10n("cases-none"),
                children=entry.children,
                language=LANGUAGE_NAMES.get(entry.family_locale or "", entry.family_locale or "—"),
                hours=int(entry.waiting.total_seconds() // 3600),
            )
        )
        rows.append(
            [button(l10n("cases-btn-take", case=case.id), CaseCb(action="take", case_id=case.id))]
        )
    rows.append([button(l10n("cases-btn-home"), CaseCb(action="menu", case_id=0))])
    await message.answer(
        fmt(l10n, "cases-queue", count=len(waiting), lines="\n\n".join(lines)),
        reply_markup=markup(rows),
    )


@router.callback_query(CaseCb.filter(F.action == "take"))
async def on_take(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    message = target(query)
    if message is None:
        await refuse(query, l10n, "stale")
        return
    if await approved_volunteer(session, user.id) is None:
        await refuse(query, l10n, "not_volunteer")
        return
    try:
        await service.take_case(session, callback_data.case_id, user.id, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await hearing_reminders.sync_case(session, callback_data.case_id, clock.now())
    access = await service.get_access(session, callback_data.case_id, user.id, is_admin)
    if access is None:
        await refuse(query, l10n)
        return
    await query.answer(l10n("cases-taken"))
    await show_case(message, access, user, session, vault, places, l10n, clock.now())


@router.callback_query(CaseCb.filter(F.action.in_({"rel", "rea", "rea2"})))
async def on_assignment(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    access = await access_for(query, session, callback_data.case_id, user, is_admin, l10n)
    if access is None:
        return
    message = target(query)
    assert message is not None
    case = access.case
    action = callback_data.action
    if action == "rel":
        if not (access.volunteer or access.admin):
            await refuse(query, l10n, "not_volunteer")
            return
        try:
            await service.release_case(session, case, user.id, clock.now())
        except service.CaseError as exc:
            await refuse(query, l10n, exc.code)
            return
        await query.answer()
        await message.answer(l10n("cases-released"))
        return
    if not access.admin:
        await refuse(query, l10n, "not_admin")
        return
    if action == "rea":
        await query.answer()
        volunteers = await service.active_volunteers(session)
        rows = [
            [
                button(
                    button_text(v.display_name),
                    CaseCb(action="rea2", case_id=case.id, arg=v.user_id),
                )
            ]
            for v in volunteers
        ]
        rows.append([open_case_button(l10n, case.id)])
        await message.answer(
            l10n("cases-reassign-choose", count=len(volunteers)), reply_markup=markup(rows)
        )
        return
    try:
        await service.reassign(session, case, user.id, callback_data.arg, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await hearing_reminders.sync_case(session, case.id, clock.now())
    await query.answer()
    await message.answer(
        l10n("cases-reassigned"), reply_markup=markup([[open_case_button(l10n, case.id)]])
    )


__all__ = ["CaseFlow", "resume_join", "router", "start_join"]
