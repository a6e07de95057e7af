"""The person form: a new case, another person, one changed field, a new status.

The form's position (case, mode, step) sits in FSM data next to the encrypted draft; the
step order and the meaning of each answer come from ``bot/cases/form.py``.
"""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import service
from bot.cases.anumber import ANumberError
from bot.cases.fields import FieldError, Location, PersonData
from bot.cases.form import (
    CONFIRM,
    FORM_STEPS,
    STEPS,
    Draft,
    apply_choice,
    next_step,
    open_draft,
    parse_step,
    previous_step,
    remember_search,
    seal_draft,
)
from bot.cases.models import LocationKind, PersonStatus
from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.cases.base import CaseFlow, guard, refuse, target
from bot.handlers.cases.card import show_case, show_home, show_person
from bot.handlers.cases.ui import (
    CaseCb,
    PersonCb,
    WizCb,
    button,
    display_name,
    draft_summary,
    error_text,
    esc,
    fmt,
    markup,
    nav_row,
    open_case_button,
    person_choice_keyboard,
    place_rows,
    review_keyboard,
    step_keyboard,
    step_text,
    summary_keyboard,
)
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.models import User
from bot.places import Places

router = RouterTemplate("cases-form")
router.message.filter(F.chat.type == ChatType.PRIVATE)

EDITS = frozenset({"field", "status"})  # modes that change one thing of a saved person


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


async def ask(
    message: Message,
    l10n: L10n,
    places: Places,
    step: str,
    draft: Draft,
    data: dict[str, Any],
) -> None:
    if step == CONFIRM:
        await show_summary(message, l10n, places, draft)
        return
    await message.answer(
        step_text(l10n, places, step, draft),
        reply_markup=step_keyboard(l10n, places, step, draft, data),
    )


async def go_to(
    message: Message,
    state: FSMContext,
    vault: Vault,
    l10n: L10n,
    places: Places,
    step: str,
    draft: Draft,
) -> None:
    await state.update_data(step=step, enc=seal_draft(vault, draft))
    await ask(message, l10n, places, step, draft, await state.get_data())


async def show_summary(message: Message, l10n: L10n, places: Places, draft: Draft) -> None:
    await message.answer(
        fmt(l10n, "cases-wizard-confirm", summary=draft_summary(draft.person, l10n, places)),
        reply_markup=summary_keyboard(l10n),
    )


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
    if step == CONFIRM:
        await message.answer(l10n("cases-use-buttons"))
        await show_summary(message, l10n, places, draft)
        return
    if step == "location":
        await search_place(message, state, vault, l10n, places, draft, data, text)
        return
    try:
        parse_step(
            step,
            text,
            draft.person,
            clock.now().date(),
            country_label=lambda code: l10n(f"cases-country-{code}"),
            relation_label=lambda code: l10n(f"cases-rel-{code}"),
        )
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
    found = remember_search(draft, places, text)
    await state.update_data(enc=seal_draft(vault, draft))
    rows = place_rows(l10n, places, draft)
    rows.append(nav_row(l10n, "location", data))
    key = "cases-place-found" if found else "cases-place-not-found"
    await message.answer(l10n(key, typed=esc(draft.typed or "")), reply_markup=markup(rows))


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
    draft.forget_search()
    if data.get("mode") in EDITS:
        await save_existing(
            message, state, session, user, vault, places, l10n, is_admin, clock, draft, data
        )
        return
    following = next_step(str(data.get("step")), bool(data.get("review")))
    await go_to(message, state, vault, l10n, places, following, draft)


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
        case_id = data.get("case_id")
        await cancel_form(
            message, state, session, user, vault, places, l10n, is_admin, clock, case_id
        )
        return
    if action == "back":
        await query.answer()
        if data.get("mode") in EDITS:
            await state.clear()
            await message.answer(l10n("cases-form-cancelled"))
            return
        draft.forget_search()
        previous = previous_step(step, bool(data.get("review")))
        await go_to(message, state, vault, l10n, places, previous, draft)
        return
    if apply_choice(draft, places, step, action, value):
        await query.answer()
        await advance(
            message, state, session, user, vault, places, l10n, is_admin, clock, draft, data
        )
        return
    if step != CONFIRM:
        await refuse(query, l10n, "stale")
    elif action == "save":
        await query.answer()
        await save_new(message, state, session, user, vault, l10n, is_admin, clock, draft, data)
    elif action == "edit":
        await query.answer()
        await message.answer(l10n("cases-wizard-which"), reply_markup=review_keyboard(l10n))
    elif action == "field" and value == CONFIRM:
        await query.answer()
        await show_summary(message, l10n, places, draft)
    elif action == "field" and value in STEPS:
        await query.answer()
        await state.update_data(step=value, review=True)
        await ask(message, l10n, places, value, draft, await state.get_data())
    else:
        await refuse(query, l10n, "stale")


async def cancel_form(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
    case_id: int | None,
) -> None:
    """Back to where the form was started from: the case, or the cases screen."""
    await state.clear()
    await message.answer(l10n("cases-form-cancelled"))
    access = (
        await service.get_access(session, int(case_id), user.id, is_admin) if case_id else None
    )
    if access is not None:
        await show_case(message, access, user, session, vault, places, l10n, clock.now())
    else:
        await show_home(message, user, session, vault, l10n, is_admin)


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
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
    await query.answer()
    await start_form(message, state, vault, l10n, places, case_id=access.case.id)


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
    """Changing a saved person: which field, which status, then the form for the new value.

    One handler for every PersonCb action, so a forged action meets the same access check
    and the same "stale" refusal as a real one.
    """
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
    try:
        person = await service.person_in_case(session, access.case.id, callback_data.person_id)
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    case_id, action, value = access.case.id, callback_data.action, callback_data.value
    if action == "status":
        await query.answer()
        keyboard = person_choice_keyboard(
            l10n, case_id, person.id, "setst", list(PersonStatus), "cases-status"
        )
        await message.answer(l10n("cases-status-choose"), reply_markup=keyboard)
    elif action == "setst" and value == PersonStatus.TRANSFERRED:
        await query.answer()
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
    elif action == "setst" and value in set(PersonStatus):
        await query.answer()
        location = Location(kind=LocationKind.RELEASED) if value == PersonStatus.RELEASED else None
        await service.set_status(
            session, vault, access.case, person, user.id, value, clock.now(), location=location
        )
        await message.answer(l10n("cases-status-saved"))
        await show_person(message, access, person, user, session, vault, places, l10n, clock.now())
    elif action == "edit":
        await query.answer()
        keyboard = person_choice_keyboard(l10n, case_id, person.id, "field", STEPS, "cases-field")
        await message.answer(l10n("cases-wizard-which"), reply_markup=keyboard)
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
