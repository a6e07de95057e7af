"""After the hearing (postponed, a decision, DHS appealed, unknown) and the deadlines that
follow; deadlines added by hand; one deadline's card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.crypto import Vault
from bot.handlers.hearings import form, ui
from bot.handlers.hearings.base import (
    HearingForm,
    case_allowed,
    end_flow,
    flow,
    msg,
    pressed_deadline,
    pressed_hearing,
    refuse,
    set_flow,
    stale,
    typed,
)
from bot.handlers.hearings.ui import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import access, queries, rules, service, texts
from bot.hearings.dates import DateProblem, parse_past_date
from bot.hearings.models import Deadline, DeadlineStatus, HearingStatus, Outcome
from bot.i18n import L10n
from bot.models import User

router = RouterTemplate("hearings-outcome")


@router.callback_query(HrCb.filter(F.action == "outq"))
async def on_outcome_question(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    await query.answer()
    markup = ui.outcome_keyboard(l10n, hearing.id)
    await message.answer(l10n("hearings-followup-question"), reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "out"))
async def on_outcome(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
    clock: Clock,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    if callback_data.ref not in set(Outcome):
        await stale(query, l10n)
        return
    now = clock.now()
    problem = service.outcome_problem(hearing, now)
    if problem is not None:
        await query.answer(l10n(f"hearings-outcome-{problem}"), show_alert=True)
        return
    await query.answer()
    outcome = Outcome(callback_data.ref)
    await end_flow(state)
    if outcome == Outcome.POSTPONED:
        await form.ask_new_date(message, state, l10n, hearing, now)
    elif outcome == Outcome.DECISION:
        markup = ui.decision_keyboard(l10n, hearing.id)
        await message.answer(l10n("hearings-ask-decision"), reply_markup=markup)
    elif outcome == Outcome.DHS_APPEALED:
        await service.record_outcome(session, hearing, outcome, actor_id=user.id, now=now)
        await message.answer(
            l10n("hearings-dhs-appealed-info") + "\n\n" + l10n("not-legal-advice"),
            reply_markup=ui.to_list(l10n),
        )
    else:
        await service.record_outcome(session, hearing, outcome, actor_id=user.id, now=now)
        await message.answer(
            l10n("hearings-unknown-info", portal=texts.EOIR_PORTAL, hotline=texts.EOIR_HOTLINE)
        )


@router.callback_query(HrCb.filter(F.action == "dec"))
async def on_decision(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    if callback_data.ref not in rules.DECISIONS:
        await stale(query, l10n)
        return
    await query.answer()
    markup = ui.merits_keyboard(l10n, "mer", hearing.id, callback_data.ref)
    await message.answer(l10n("hearings-ask-merits"), reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "mer"))
async def on_merits(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
    clock: Clock,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    decision, _, merits = callback_data.ref.partition(".")
    if decision not in rules.DECISIONS or merits not in rules.MERITS:
        await stale(query, l10n)
        return
    await query.answer()
    court_today = clock.now().astimezone(ZoneInfo(hearing.tz)).date()
    await set_flow(
        state,
        HearingForm.past_date,
        flow="decision",
        hearing=hearing.id,
        decision=decision,
        merits=merits,
    )
    markup = ui.today_keyboard(l10n, hearing.id, court_today)
    await message.answer(l10n("hearings-ask-decision-date"), reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "dlk"))
async def on_deadline_kind(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
) -> None:
    message = msg(query)
    case_id = callback_data.id
    kind, _, person = callback_data.ref.partition(".")
    if message is None or kind not in rules.NEW_DEADLINE_KINDS or not person.isdigit():
        await stale(query, l10n)
        return
    if not await case_allowed(query, case_id, session, user, is_admin, l10n):
        return
    if int(person) not in {p.id for p in await queries.persons_of(session, case_id)}:
        await refuse(query, l10n)
        return
    await query.answer()
    if kind == "bia":
        markup = ui.merits_keyboard(l10n, "dlbia", case_id, person)
        await message.answer(l10n("hearings-ask-merits"), reply_markup=markup)
        return
    await end_flow(state)
    await set_flow(
        state, HearingForm.past_date, flow=f"dl-{kind}", case=case_id, person=int(person)
    )
    await message.answer(l10n(f"deadline-ask-date-{kind}"))


@router.callback_query(HrCb.filter(F.action == "dlbia"))
async def on_deadline_bia(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
) -> None:
    """A BIA deadline added by hand: a denial, decided on the day the person types."""
    message = msg(query)
    person, _, merits = callback_data.ref.partition(".")
    if message is None or not person.isdigit() or merits not in rules.MERITS:
        await stale(query, l10n)
        return
    if not await case_allowed(query, callback_data.id, session, user, is_admin, l10n):
        return
    # The person comes from the button too: it must belong to this case, not another one.
    if int(person) not in {p.id for p in await queries.persons_of(session, callback_data.id)}:
        await refuse(query, l10n)
        return
    await query.answer()
    await end_flow(state)
    await set_flow(
        state,
        HearingForm.past_date,
        flow="decision",
        hearing=0,
        case=callback_data.id,
        person=int(person),
        decision="denied",
        merits=merits,
    )
    await message.answer(l10n("hearings-ask-decision-date"))


@router.callback_query(HrCb.filter(F.action == "dectoday"))
async def on_decision_today(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    settings: Settings,
    state: FSMContext,
    clock: Clock,
) -> None:
    pressed = await pressed_hearing(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    hearing, message = pressed
    data = await flow(state)
    if data.get("flow") != "decision" or data.get("hearing") != hearing.id:
        await stale(query, l10n)
        return
    await query.answer()
    day = clock.now().astimezone(ZoneInfo(hearing.tz)).date()
    await finish_decision(
        message, session, user, is_admin, l10n, vault, settings, state, clock, day
    )


@router.message(HearingForm.past_date, F.text)
async def on_past_date(
    message: Message,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    settings: Settings,
    state: FSMContext,
    clock: Clock,
) -> None:
    """A typed date in the past: when the decision came, or what a hand-added deadline
    counts from (a move for EOIR-33, the arrival for the one-year deadline)."""
    text = typed(message)
    if text is None:
        return
    data = await flow(state)
    tz = user.timezone or "America/New_York"
    parsed = parse_past_date(text, clock.now().astimezone(ZoneInfo(tz)).date())
    if isinstance(parsed, DateProblem):
        await message.answer(texts.date_problem(l10n, parsed))
        return
    kind = data.get("flow")
    if kind == "decision":
        await finish_decision(
            message, session, user, is_admin, l10n, vault, settings, state, clock, parsed
        )
        return
    case_id = int(data.get("case") or 0)
    person_id = int(data.get("person") or 0) or None
    if kind not in {"dl-eoir33", "dl-one_year"} or not await access.can_access(
        session, case_id, user.id, is_admin
    ):
        await end_flow(state)
        await message.answer(l10n("hearings-no-access"))
        return
    deadline_tz = await queries.court_zone(session, person_id) or "America/New_York"
    spec = rules.typed_deadline(kind.removeprefix("dl-"), parsed, deadline_tz)
    await end_flow(state)
    await save_deadlines(
        message, session, user, l10n, vault, clock, [spec], case_id, person_id, None
    )


async def finish_decision(
    message: Message,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    settings: Settings,
    state: FSMContext,
    clock: Clock,
    day: dt.date,
) -> None:
    """Record the decision (for a hearing, or a hand-added BIA deadline: ``hearing`` 0) and
    the appeal deadline it opens."""
    data = await flow(state)
    now = clock.now()
    hearing_id = int(data.get("hearing") or 0)
    hearing = (
        await access.hearing_for(session, hearing_id, user.id, is_admin) if hearing_id else None
    )
    case_id = hearing.case_id if hearing else int(data.get("case") or 0)
    person_id = hearing.person_id if hearing else (int(data.get("person") or 0) or None)
    if (hearing_id and hearing is None) or not await access.can_access(
        session, case_id, user.id, is_admin
    ):
        await end_flow(state)
        await message.answer(l10n("hearings-no-access"))
        return
    if hearing is not None and day < texts.court_local(hearing).date():
        await message.answer(l10n("hearings-date-problem-before-hearing"))
        return
    decision = str(data.get("decision"))
    merits = str(data.get("merits"))
    await end_flow(state)
    if hearing is not None and hearing.status == HearingStatus.SCHEDULED:
        await service.record_outcome(session, hearing, Outcome.DECISION, actor_id=user.id, now=now)
    spec = rules.decision_deadline(
        day,
        decision=decision,
        merits=merits,
        appeal_rule=settings.appeal_rule,
        hearing_kind=hearing.kind if hearing else None,
    )
    # Only under the operators' 10-day switch does "on the merits" change the deadline.
    unsure = merits == "unsure" and settings.appeal_rule == "10"
    notes = [l10n("hearings-merits-unsure-note")] if unsure else []
    if spec is None:
        await message.answer(
            l10n("hearings-no-bia-for-cfr") + "\n\n" + l10n("not-legal-advice"),
            reply_markup=ui.to_list(l10n),
        )
        return
    await save_deadlines(
        message,
        session,
        user,
        l10n,
        vault,
        clock,
        [spec],
        case_id,
        person_id,
        hearing.id if hearing else None,
        notes=notes,
        granted=decision == "granted",
    )


async def save_deadlines(
    message: Message,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    clock: Clock,
    specs: list[rules.DeadlineSpec],
    case_id: int,
    person_id: int | None,
    hearing_id: int | None,
    *,
    notes: Sequence[str] = (),
    granted: bool = False,
) -> None:
    now = clock.now()
    person = await queries.person_name(session, vault, person_id, l10n.locale)
    parts: list[str] = list(notes)
    deadline: Deadline | None = None
    for spec in specs:
        deadline = await service.add_deadline(
            session,
            spec,
            case_id=case_id,
            person_id=person_id,
            hearing_id=hearing_id,
            actor_id=user.id,
            now=now,
        )
        parts.append(texts.deadline_card(l10n, deadline, person, now, user.timezone))
    if granted:
        parts.append(l10n("hearings-granted-info"))
    if deadline is not None and deadline.due_at > now and deadline.remind:
        parts.append(l10n("deadline-reminders-set"))
    if deadline is not None and deadline.due_at <= now:
        parts.append(l10n("deadline-already-passed"))
    markup = ui.after_deadlines_keyboard(l10n, case_id, person_id)
    await message.answer("\n\n".join(parts), reply_markup=markup)


# ---- one deadline ------------------------------------------------------------------------


@router.callback_query(HrCb.filter(F.action == "dl"))
async def on_deadline(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    clock: Clock,
) -> None:
    pressed = await pressed_deadline(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    deadline, message = pressed
    await query.answer()
    now = clock.now()
    await service.audit_read(session, user.id, deadline.case_id, "deadline", deadline.id, now)
    person = await queries.person_name(session, vault, deadline.person_id, l10n.locale)
    text = texts.deadline_card(l10n, deadline, person, now, user.timezone)
    rows: ui.Rows = []
    if deadline.status == DeadlineStatus.ACTIVE:
        rows.append([ui.btn(l10n("deadline-btn-done"), "dldone", deadline.id)])
    else:
        text = l10n(f"deadline-status-{deadline.status}") + "\n" + text
    rows.append([ui.btn(l10n("hearings-btn-list"), "list")])
    await message.answer(text, reply_markup=ui.kb(rows))


@router.callback_query(HrCb.filter(F.action == "dldone"))
async def on_deadline_done(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    clock: Clock,
) -> None:
    pressed = await pressed_deadline(query, callback_data.id, session, user, is_admin, l10n)
    if pressed is None:
        return
    deadline, message = pressed
    if deadline.status != DeadlineStatus.ACTIVE:
        await query.answer(l10n("deadline-already-closed"), show_alert=True)
        return
    await query.answer()
    await service.close_deadline(
        session, deadline, DeadlineStatus.DONE, actor_id=user.id, now=clock.now()
    )
    await message.answer(l10n("deadline-closed"), reply_markup=ui.to_list(l10n))
