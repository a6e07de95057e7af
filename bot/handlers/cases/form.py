"""The person form: a new case, another person, one changed field, a new status.

The form's position (case, mode, step) sits in FSM data next to the encrypted draft; the
step order and the meaning of each answer come from ``bot/cases/form.py``.
"""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

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
from bot.cases.models import LocationKind, Person, PersonStatus
from bot.handlers.cases.base import CaseFlow, HasCase, PersonFormState, require
from bot.handlers.cases.card import show_case, show_home, show_person
from bot.handlers.cases.form_ui import (
    draft_summary,
    error_text,
    nav_row,
    place_rows,
    review_keyboard,
    step_keyboard,
    step_text,
    summary_keyboard,
)
from bot.handlers.cases.ui import (
    CaseCb,
    PersonCb,
    WizCb,
    display_name,
    esc,
    fmt,
    open_case_button,
    person_choice_keyboard,
)
from bot.handlers.kit import button, final_step, load_state, markup, save_state, target
from bot.handlers.template import private_router
from bot.turn import Turn

router = private_router("cases-form")

EDITS = frozenset({"field", "status"})  # modes that change one thing of a saved person


async def start_form(
    message: Message, state: FSMContext, turn: Turn, flow: PersonFormState, draft: Draft
) -> None:
    flow.enc = seal_draft(turn.vault, draft)
    await state.set_state(CaseFlow.person)
    await save_state(state, flow)
    if flow.mode == "new":
        await message.answer(turn.l10n("cases-form-intro"))
    await ask(message, turn, flow, draft)


async def ask(message: Message, turn: Turn, flow: PersonFormState, draft: Draft) -> None:
    if flow.step == CONFIRM:
        await show_summary(message, turn, draft)
        return
    l10n, places = turn.l10n, turn.places
    await message.answer(
        step_text(l10n, places, flow.step, draft),
        reply_markup=step_keyboard(l10n, places, flow.step, draft, flow.review, flow.mode),
    )


async def go_to(
    message: Message, state: FSMContext, turn: Turn, flow: PersonFormState, draft: Draft
) -> None:
    flow.enc = seal_draft(turn.vault, draft)
    await save_state(state, flow)
    await ask(message, turn, flow, draft)


async def show_summary(message: Message, turn: Turn, draft: Draft) -> None:
    summary = draft_summary(draft.person, turn.l10n, turn.places)
    await message.answer(
        fmt(turn.l10n, "cases-wizard-confirm", summary=summary),
        reply_markup=summary_keyboard(turn.l10n),
    )


class FormLost(service.CaseError):
    """The form's state lost its data (two updates raced, or storage was cleared)."""

    def __init__(self) -> None:
        super().__init__("form_lost", end_flow=True)

    @property
    def key(self) -> str:
        return "cases-form-lost"


async def load_form(state: FSMContext) -> PersonFormState:
    """The form's state, or a refusal that ends it: it lost its data (two updates raced, or
    storage was cleared)."""
    flow = await load_state(state, PersonFormState)
    if flow is None or flow.step not in FORM_STEPS:
        raise FormLost()
    return flow


@router.message(CaseFlow.person, F.text)
async def form_text(message: Message, state: FSMContext, turn: Turn) -> None:
    flow = await load_form(state)
    draft = open_draft(turn.vault, flow.enc)
    text = message.text or ""
    if flow.step == CONFIRM:
        await message.answer(turn.l10n("cases-use-buttons"))
        await show_summary(message, turn, draft)
        return
    if flow.step == "location":
        await search_place(message, state, turn, flow, draft, text)
        return
    l10n = turn.l10n
    try:
        parse_step(
            flow.step,
            text,
            draft.person,
            turn.now().date(),
            country_label=lambda code: l10n(f"cases-country-{code}"),
            relation_label=lambda code: l10n(f"cases-rel-{code}"),
        )
    except (FieldError, ANumberError) as exc:
        await message.answer(error_text(flow.step, exc, l10n))
        await ask(message, turn, flow, draft)
        return
    await advance(message, state, turn, flow, draft)


@router.message(CaseFlow.person)
async def form_not_text(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("cases-text-only"))


async def search_place(
    message: Message,
    state: FSMContext,
    turn: Turn,
    flow: PersonFormState,
    draft: Draft,
    text: str,
) -> None:
    found = remember_search(draft, turn.places, text)
    flow.enc = seal_draft(turn.vault, draft)
    await save_state(state, flow)
    rows = place_rows(turn.l10n, turn.places, draft)
    rows.append(nav_row(turn.l10n, "location", flow.review, flow.mode))
    key = "cases-place-found" if found else "cases-place-not-found"
    await message.answer(turn.l10n(key, typed=esc(draft.typed or "")), reply_markup=markup(rows))


async def advance(
    message: Message, state: FSMContext, turn: Turn, flow: PersonFormState, draft: Draft
) -> None:
    """The current step has its answer: save a one-field edit, or go to the next step."""
    draft.forget_search()
    if flow.mode in EDITS:
        await save_existing(message, state, turn, flow, draft)
        return
    flow.step = next_step(flow.step, flow.review)
    await go_to(message, state, turn, flow, draft)


async def save_existing(
    message: Message, state: FSMContext, turn: Turn, flow: PersonFormState, draft: Draft
) -> None:
    now, session = turn.now(), turn.session
    await state.clear()
    with final_step():
        access = await require(turn, flow.case_id or 0)
        person = await service.person_in_case(session, access.case.id, flow.person_id or 0)
        if flow.mode == "status":
            await service.set_status(
                session,
                turn.vault,
                access.case,
                person,
                turn.user.id,
                service.StatusChange(
                    flow.status or PersonStatus.TRANSFERRED, draft.person.location
                ),
                now,
            )
        else:
            await service.update_person(
                session, turn.vault, access.case, person, turn.user.id, draft.person, now
            )
    await message.answer(turn.l10n("cases-person-saved"))
    await show_person(message, access, person, turn)


async def save_new(
    message: Message, state: FSMContext, turn: Turn, flow: PersonFormState, draft: Draft
) -> None:
    now, session, vault, l10n = turn.now(), turn.session, turn.vault, turn.l10n
    await state.clear()
    with final_step():
        if flow.case_id is None:
            case, person = await service.open_case(session, vault, turn.user.id, draft.person, now)
        else:
            case = (await require(turn, flow.case_id)).case
            person = await service.add_person(
                session, vault, case, turn.user.id, draft.person, now
            )
    # Deliberately the same answer whether or not the person matched another family's case.
    rows = [
        [button(l10n("cases-btn-add-another"), CaseCb(action="addp", case_id=case.id))],
        [button(l10n("cases-btn-done"), CaseCb(action="next", case_id=case.id))],
        [open_case_button(l10n, case.id)],
    ]
    key = "cases-saved-new-case" if flow.case_id is None else "cases-saved-person"
    await message.answer(
        l10n(key, case=case.id, name=display_name(service.open_person(vault, person), l10n)),
        reply_markup=markup(rows),
    )


class FormStep(Filter):
    """A form button of the step the form stands at: injects ``flow``, ``draft`` and
    ``message``; a button of an earlier step (or a forged one) must not act on this step."""

    async def __call__(
        self, query: CallbackQuery, callback_data: WizCb, state: FSMContext, turn: Turn
    ) -> dict[str, Any]:
        message = target(query)
        flow = await load_form(state)
        if callback_data.action != "cancel" and callback_data.step != flow.step:
            raise service.CaseError("stale")
        return {"flow": flow, "draft": open_draft(turn.vault, flow.enc), "message": message}


@router.callback_query(CaseFlow.person, WizCb.filter(F.action == "cancel"), FormStep())
async def form_cancel(
    query: CallbackQuery, message: Message, state: FSMContext, turn: Turn, flow: PersonFormState
) -> None:
    """Back to where the form was started from: the case, or the cases screen."""
    await query.answer()
    await state.clear()
    await message.answer(turn.l10n("cases-form-cancelled"))
    access = None
    if flow.case_id:
        access = await service.get_access(turn.session, flow.case_id, turn.user.id, turn.is_admin)
    if access is not None:
        await show_case(message, access, turn)
    else:
        await show_home(message, turn)


@router.callback_query(CaseFlow.person, WizCb.filter(F.action == "back"), FormStep())
async def form_back(
    query: CallbackQuery,
    message: Message,
    state: FSMContext,
    turn: Turn,
    flow: PersonFormState,
    draft: Draft,
) -> None:
    await query.answer()
    if flow.mode in EDITS:
        await state.clear()
        await message.answer(turn.l10n("cases-form-cancelled"))
        return
    draft.forget_search()
    flow.step = previous_step(flow.step, flow.review)
    await go_to(message, state, turn, flow, draft)


@router.callback_query(CaseFlow.person, WizCb.filter(F.action == "resume"), FormStep())
async def form_resume(
    query: CallbackQuery, message: Message, turn: Turn, flow: PersonFormState, draft: Draft
) -> None:
    """Back to the form after another screen's button interrupted it (``guard.py``)."""
    await query.answer()
    await ask(message, turn, flow, draft)


@router.callback_query(
    CaseFlow.person, WizCb.filter((F.step == CONFIRM) & (F.action == "save")), FormStep()
)
async def form_save(
    query: CallbackQuery,
    message: Message,
    state: FSMContext,
    turn: Turn,
    flow: PersonFormState,
    draft: Draft,
) -> None:
    await query.answer()
    await save_new(message, state, turn, flow, draft)


@router.callback_query(
    CaseFlow.person, WizCb.filter((F.step == CONFIRM) & (F.action == "edit")), FormStep()
)
async def form_which_field(query: CallbackQuery, message: Message, turn: Turn) -> None:
    """The summary's "change": which field."""
    await query.answer()
    await message.answer(turn.l10n("cases-wizard-which"), reply_markup=review_keyboard(turn.l10n))


@router.callback_query(
    CaseFlow.person,
    WizCb.filter((F.step == CONFIRM) & (F.action == "field") & (F.value == CONFIRM)),
    FormStep(),
)
async def form_back_to_summary(
    query: CallbackQuery, message: Message, turn: Turn, draft: Draft
) -> None:
    await query.answer()
    await show_summary(message, turn, draft)


@router.callback_query(
    CaseFlow.person,
    WizCb.filter((F.step == CONFIRM) & (F.action == "field") & F.value.in_(set(STEPS))),
    FormStep(),
)
async def form_change_field(
    query: CallbackQuery,
    callback_data: WizCb,
    message: Message,
    state: FSMContext,
    turn: Turn,
    flow: PersonFormState,
    draft: Draft,
) -> None:
    """One field of the summary, asked again; the form comes back to the summary after it."""
    await query.answer()
    flow.step, flow.review = callback_data.value, True
    await save_state(state, flow)
    await ask(message, turn, flow, draft)


@router.callback_query(CaseFlow.person, WizCb.filter(F.step == CONFIRM), FormStep())
async def form_confirm_other(query: CallbackQuery) -> None:
    raise service.CaseError("stale")


@router.callback_query(CaseFlow.person, WizCb.filter(), FormStep())
async def form_choice(
    query: CallbackQuery,
    callback_data: WizCb,
    message: Message,
    state: FSMContext,
    turn: Turn,
    flow: PersonFormState,
    draft: Draft,
) -> None:
    """A choice offered by the step (a country, a relation, a place, skip)."""
    if not apply_choice(draft, turn.places, flow.step, callback_data.action, callback_data.value):
        raise service.CaseError("stale")
    await query.answer()
    await advance(message, state, turn, flow, draft)


@router.callback_query(WizCb.filter())
async def form_button_outside(query: CallbackQuery) -> None:
    """A form button pressed after the form ended (or forged): nothing to do."""
    raise service.CaseError("stale")


@router.callback_query(CaseCb.filter(F.action == "new"))
async def on_new_case(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    if turn.user.consent_at is None:
        raise service.CaseError("consent")
    await query.answer()
    flow = PersonFormState(case_id=None, step=STEPS[0])
    await start_form(message, state, turn, flow, Draft(person=PersonData()))


@router.callback_query(CaseCb.filter(F.action == "addp"), HasCase())
async def on_add_person(
    query: CallbackQuery,
    access: service.CaseAccess,
    message: Message,
    state: FSMContext,
    turn: Turn,
) -> None:
    await query.answer()
    flow = PersonFormState(case_id=access.case.id, step=STEPS[0])
    await start_form(message, state, turn, flow, Draft(person=PersonData()))


class PersonInCase(Filter):
    """For ``PersonCb`` buttons, after ``HasCase``: injects the saved ``person`` or refuses."""

    async def __call__(
        self, query: CallbackQuery, callback_data: PersonCb, access: service.CaseAccess, turn: Turn
    ) -> dict[str, Any]:
        person = await service.person_in_case(
            turn.session, access.case.id, callback_data.person_id
        )
        return {"person": person}


@router.callback_query(PersonCb.filter(F.action == "status"), HasCase(), PersonInCase())
async def on_status_choose(
    query: CallbackQuery, access: service.CaseAccess, message: Message, person: Person, turn: Turn
) -> None:
    await query.answer()
    keyboard = person_choice_keyboard(
        turn.l10n, access.case.id, person.id, "setst", list(PersonStatus), "cases-status"
    )
    await message.answer(turn.l10n("cases-status-choose"), reply_markup=keyboard)


@router.callback_query(
    PersonCb.filter((F.action == "setst") & (F.value == PersonStatus.TRANSFERRED)),
    HasCase(),
    PersonInCase(),
)
async def on_status_transferred(
    query: CallbackQuery,
    access: service.CaseAccess,
    message: Message,
    person: Person,
    state: FSMContext,
    turn: Turn,
) -> None:
    """Moved to another place: the form asks where, then saves the status with it."""
    await query.answer()
    flow = PersonFormState(
        case_id=access.case.id,
        mode="status",
        step="location",
        person_id=person.id,
        status=PersonStatus.TRANSFERRED,
    )
    draft = Draft(person=service.open_person(turn.vault, person))
    await start_form(message, state, turn, flow, draft)


@router.callback_query(
    PersonCb.filter((F.action == "setst") & F.value.in_(set(PersonStatus))),
    HasCase(),
    PersonInCase(),
)
async def on_status_set(
    query: CallbackQuery,
    callback_data: PersonCb,
    access: service.CaseAccess,
    message: Message,
    person: Person,
    turn: Turn,
) -> None:
    await query.answer()
    value = callback_data.value
    location = Location(kind=LocationKind.RELEASED) if value == PersonStatus.RELEASED else None
    await service.set_status(
        turn.session,
        turn.vault,
        access.case,
        person,
        turn.user.id,
        service.StatusChange(value, location),
        turn.now(),
    )
    await message.answer(turn.l10n("cases-status-saved"))
    await show_person(message, access, person, turn)


@router.callback_query(PersonCb.filter(F.action == "edit"), HasCase(), PersonInCase())
async def on_edit_choose(
    query: CallbackQuery, access: service.CaseAccess, message: Message, person: Person, turn: Turn
) -> None:
    await query.answer()
    keyboard = person_choice_keyboard(
        turn.l10n, access.case.id, person.id, "field", STEPS, "cases-field"
    )
    await message.answer(turn.l10n("cases-wizard-which"), reply_markup=keyboard)


@router.callback_query(
    PersonCb.filter((F.action == "field") & F.value.in_(set(STEPS))), HasCase(), PersonInCase()
)
async def on_edit_field(
    query: CallbackQuery,
    callback_data: PersonCb,
    access: service.CaseAccess,
    message: Message,
    person: Person,
    state: FSMContext,
    turn: Turn,
) -> None:
    await query.answer()
    flow = PersonFormState(
        case_id=access.case.id, mode="field", step=callback_data.value, person_id=person.id
    )
    draft = Draft(person=service.open_person(turn.vault, person))
    await start_form(message, state, turn, flow, draft)


@router.callback_query(PersonCb.filter(), HasCase(), PersonInCase())
async def on_person_stale(query: CallbackQuery) -> None:
    """Any other PersonCb (forged or from an older version) meets the same access check and
    then the same "stale" refusal as a real one."""
    raise service.CaseError("stale")
