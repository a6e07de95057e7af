"""After the hearing (postponed, a decision, DHS appealed, unknown) and the deadlines that
follow; deadlines added by hand; one deadline's card. One handler per button."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.handlers.hearings import form, ui
from bot.handlers.hearings.base import (
    HasDeadline,
    HasHearing,
    HearingFlow,
    HearingForm,
    end_flow,
    load_flow,
    need_flow,
    require_case,
    require_hearing,
    require_person,
    set_flow,
    typed,
)
from bot.handlers.hearings.ui import HrCb
from bot.handlers.kit import Stale, markup, target
from bot.handlers.template import RouterTemplate
from bot.hearings import queries, rules, service, texts
from bot.hearings.dates import DateProblem, parse_past_date
from bot.hearings.models import Deadline, DeadlineStatus, Hearing, HearingStatus, Outcome
from bot.turn import Turn

router = RouterTemplate("hearings-outcome")


@router.callback_query(HrCb.filter(F.action == "outq"), HasHearing())
async def on_outcome_question(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn
) -> None:
    await query.answer()
    keyboard = ui.outcome_keyboard(turn.l10n, hearing.id)
    await message.answer(turn.l10n("hearings-followup-question"), reply_markup=keyboard)


async def outcome_allowed(query: CallbackQuery, hearing: Hearing, turn: Turn) -> bool:
    """Whether an outcome can be recorded now; the person is told why not."""
    problem = service.outcome_problem(hearing, turn.now())
    if problem is not None:
        await query.answer(turn.l10n(f"hearings-outcome-{problem}"), show_alert=True)
        return False
    await query.answer()
    return True


@router.callback_query(
    HrCb.filter((F.action == "out") & (F.ref == Outcome.POSTPONED)), HasHearing()
)
async def on_postponed(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn, state: FSMContext
) -> None:
    if await outcome_allowed(query, hearing, turn):
        await end_flow(state)
        await form.ask_new_date(message, turn, state, hearing)


@router.callback_query(
    HrCb.filter((F.action == "out") & (F.ref == Outcome.DECISION)), HasHearing()
)
async def on_decided(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn, state: FSMContext
) -> None:
    if await outcome_allowed(query, hearing, turn):
        await end_flow(state)
        keyboard = ui.decision_keyboard(turn.l10n, hearing.id)
        await message.answer(turn.l10n("hearings-ask-decision"), reply_markup=keyboard)


@router.callback_query(
    HrCb.filter((F.action == "out") & (F.ref == Outcome.DHS_APPEALED)), HasHearing()
)
async def on_dhs_appealed(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn, state: FSMContext
) -> None:
    if await outcome_allowed(query, hearing, turn):
        await end_flow(state)
        await service.record_outcome(
            turn.session, hearing, Outcome.DHS_APPEALED, actor_id=turn.user.id, now=turn.now()
        )
        l10n = turn.l10n
        await message.answer(
            l10n("hearings-dhs-appealed-info") + "\n\n" + l10n("not-legal-advice"),
            reply_markup=ui.to_list(l10n),
        )


@router.callback_query(HrCb.filter((F.action == "out") & (F.ref == Outcome.UNKNOWN)), HasHearing())
async def on_outcome_unknown(
    query: CallbackQuery, hearing: Hearing, message: Message, turn: Turn, state: FSMContext
) -> None:
    if await outcome_allowed(query, hearing, turn):
        await end_flow(state)
        await service.record_outcome(
            turn.session, hearing, Outcome.UNKNOWN, actor_id=turn.user.id, now=turn.now()
        )
        l10n = turn.l10n
        await message.answer(
            l10n("hearings-unknown-info", portal=texts.EOIR_PORTAL, hotline=texts.EOIR_HOTLINE),
            reply_markup=ui.to_list(l10n),
        )


@router.callback_query(HrCb.filter(F.action == "out"), HasHearing())
async def on_outcome_forged(query: CallbackQuery) -> None:
    raise Stale()


@router.callback_query(HrCb.filter(F.action == "dec"), HasHearing())
async def on_decision(
    query: CallbackQuery, callback_data: HrCb, hearing: Hearing, message: Message, turn: Turn
) -> None:
    if callback_data.ref not in rules.DECISIONS:
        raise Stale()
    await query.answer()
    keyboard = ui.merits_keyboard(
        turn.l10n, "mer", hearing.id, callback_data.ref, hearing_id=hearing.id
    )
    await message.answer(turn.l10n("hearings-ask-merits"), reply_markup=keyboard)


@router.callback_query(HrCb.filter(F.action == "mer"), HasHearing())
async def on_merits(
    query: CallbackQuery,
    callback_data: HrCb,
    hearing: Hearing,
    message: Message,
    turn: Turn,
    state: FSMContext,
) -> None:
    decision, _, merits = callback_data.ref.partition(".")
    if decision not in rules.DECISIONS or merits not in rules.MERITS:
        raise Stale()
    await query.answer()
    court_today = turn.now().astimezone(ZoneInfo(hearing.tz)).date()
    await set_flow(
        state,
        HearingForm.past_date,
        flow="decision",
        hearing=hearing.id,
        decision=decision,
        merits=merits,
    )
    keyboard = ui.today_keyboard(turn.l10n, hearing.id, court_today)
    await message.answer(turn.l10n("hearings-ask-decision-date"), reply_markup=keyboard)


def deadline_ref(ref: str) -> tuple[str, int]:
    """``<kind-or-merits>.<person id>`` / ``<person id>.<merits>`` parts, or a stale refusal."""
    first, _, second = ref.partition(".")
    if not first or not second:
        raise Stale()
    return first, int(second) if second.isdigit() else -1


@router.callback_query(HrCb.filter(F.action == "dlk"))
async def on_deadline_kind(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    message = target(query)
    case_id = callback_data.id
    kind, person = deadline_ref(callback_data.ref)
    if kind not in rules.NEW_DEADLINE_KINDS or person < 0:
        raise Stale()
    await require_person(turn, case_id, person)
    await query.answer()
    l10n = turn.l10n
    if kind == "bia":
        keyboard = ui.merits_keyboard(l10n, "dlbia", case_id, str(person))
        await message.answer(l10n("hearings-ask-merits"), reply_markup=keyboard)
        return
    await end_flow(state)
    await set_flow(state, HearingForm.past_date, flow=f"dl-{kind}", case=case_id, person=person)
    await message.answer(l10n(f"deadline-ask-date-{kind}"), reply_markup=ui.quit_keyboard(l10n))


@router.callback_query(HrCb.filter(F.action == "dlbia"))
async def on_deadline_bia(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    """A BIA deadline added by hand: a denial, decided on the day the person types."""
    message = target(query)
    person_ref, _, merits = callback_data.ref.partition(".")
    if not person_ref.isdigit() or merits not in rules.MERITS:
        raise Stale()
    # The person comes from the button too: it must belong to this case, not another one.
    await require_person(turn, callback_data.id, int(person_ref))
    await query.answer()
    await end_flow(state)
    await set_flow(
        state,
        HearingForm.past_date,
        flow="decision",
        hearing=0,
        case=callback_data.id,
        person=int(person_ref),
        decision="denied",
        merits=merits,
    )
    # No "Today" button here (there is no hearing to take the court's day from): the
    # question says to type "today" instead.
    await message.answer(
        turn.l10n("hearings-ask-decision-date-typed"), reply_markup=ui.quit_keyboard(turn.l10n)
    )


@router.callback_query(HrCb.filter(F.action == "dectoday"), HasHearing())
async def on_decision_today(
    query: CallbackQuery,
    hearing: Hearing,
    message: Message,
    turn: Turn,
    settings: Settings,
    state: FSMContext,
) -> None:
    current = await need_flow(state)
    if current.flow != "decision" or current.hearing != hearing.id:
        raise Stale()
    day = turn.now().astimezone(ZoneInfo(hearing.tz)).date()
    await finish_decision(message, turn, settings, state, current, day)
    await query.answer()


@router.message(HearingForm.past_date, F.text)
async def on_past_date(
    message: Message, turn: Turn, settings: Settings, state: FSMContext
) -> None:
    """A typed date in the past: when the decision came, or what a hand-added deadline
    counts from (a move for EOIR-33, the arrival for the one-year deadline)."""
    text = typed(message)
    if text is None:
        return
    current = await load_flow(state)
    if current is None:
        await end_flow(state)
        raise Stale()
    tz = turn.user.timezone or "America/New_York"
    parsed = parse_past_date(text, turn.now().astimezone(ZoneInfo(tz)).date())
    if isinstance(parsed, DateProblem):
        keyboard = ui.quit_keyboard(turn.l10n)
        await message.answer(texts.date_problem(turn.l10n, parsed), reply_markup=keyboard)
        return
    if current.flow == "decision":
        await finish_decision(message, turn, settings, state, current, parsed)
        return
    if current.flow not in {"dl-eoir33", "dl-one_year"}:
        await end_flow(state)
        raise Stale()
    await require_case(turn, current.case, end_flow=True)
    deadline_tz = await queries.court_zone(turn.session, current.person) or "America/New_York"
    spec = rules.typed_deadline(current.flow.removeprefix("dl-"), parsed, deadline_tz)
    await end_flow(state)
    await save_deadlines(message, turn, [spec], Target(current.case, current.person or None))


@dataclass(frozen=True, slots=True)
class Target:
    """Whose deadlines: the case, the person, the hearing they follow from (if any)."""

    case_id: int
    person_id: int | None
    hearing_id: int | None = None


async def finish_decision(
    message: Message,
    turn: Turn,
    settings: Settings,
    state: FSMContext,
    current: HearingFlow,
    day: dt.date,
) -> None:
    """Record the decision (for a hearing, or a hand-added BIA deadline: ``hearing`` 0) and
    the appeal deadline it opens."""
    hearing = (
        await require_hearing(turn, current.hearing, end_flow=True) if current.hearing else None
    )
    case_id = hearing.case_id if hearing else current.case
    person_id = hearing.person_id if hearing else (current.person or None)
    await require_case(turn, case_id, end_flow=True)
    l10n = turn.l10n
    if hearing is not None and day < texts.court_local(hearing).date():
        await message.answer(
            l10n("hearings-date-problem-before-hearing"), reply_markup=ui.quit_keyboard(l10n)
        )
        return
    decision, merits = str(current.decision), str(current.merits)
    await end_flow(state)
    if hearing is not None and hearing.status == HearingStatus.SCHEDULED:
        await service.record_outcome(
            turn.session, hearing, Outcome.DECISION, actor_id=turn.user.id, now=turn.now()
        )
    spec = rules.decision_deadline(
        day,
        decision=decision,
        merits=merits,
        appeal_rule=settings.appeal_rule,
        hearing_kind=hearing.kind if hearing else None,
    )
    if spec is None:
        await message.answer(
            l10n("hearings-no-bia-for-cfr") + "\n\n" + l10n("not-legal-advice"),
            reply_markup=ui.to_list(l10n),
        )
        return
    # Only under the operators' 10-day switch does "on the merits" change the deadline.
    unsure = merits == "unsure" and settings.appeal_rule == "10"
    await save_deadlines(
        message,
        turn,
        [spec],
        Target(case_id, person_id, hearing.id if hearing else None),
        notes=[l10n("hearings-merits-unsure-note")] if unsure else [],
        granted=decision == "granted",
    )


async def save_deadlines(
    message: Message,
    turn: Turn,
    specs: list[rules.DeadlineSpec],
    whose: Target,
    *,
    notes: Sequence[str] = (),
    granted: bool = False,
) -> None:
    now, l10n = turn.now(), turn.l10n
    person = await queries.person_name(turn.session, turn.vault, whose.person_id, l10n.locale)
    parts: list[str] = list(notes)
    deadline: Deadline | None = None
    for spec in specs:
        deadline = await service.add_deadline(
            turn.session,
            spec,
            case_id=whose.case_id,
            person_id=whose.person_id,
            hearing_id=whose.hearing_id,
            actor_id=turn.user.id,
            now=now,
        )
        parts.append(texts.deadline_card(l10n, deadline, person, now, turn.user.timezone))
    if granted:
        parts.append(l10n("hearings-granted-info"))
    if deadline is not None and deadline.due_at > now and deadline.remind:
        parts.append(l10n("deadline-reminders-set"))
    if deadline is not None and deadline.due_at <= now:
        parts.append(l10n("deadline-already-passed"))
    keyboard = ui.after_deadlines_keyboard(l10n, whose.case_id, whose.person_id)
    await message.answer("\n\n".join(parts), reply_markup=keyboard)


# ---- one deadline ------------------------------------------------------------------------


@router.callback_query(HrCb.filter(F.action == "dl"), HasDeadline())
async def on_deadline(
    query: CallbackQuery, deadline: Deadline, message: Message, turn: Turn
) -> None:
    await query.answer()
    now, l10n = turn.now(), turn.l10n
    await service.audit_read(
        turn.session, turn.user.id, deadline.case_id, "deadline", deadline.id, now
    )
    person = await queries.person_name(turn.session, turn.vault, deadline.person_id, l10n.locale)
    text = texts.deadline_card(l10n, deadline, person, now, turn.user.timezone)
    rows: ui.Rows = []
    if deadline.status == DeadlineStatus.ACTIVE:
        rows.append([ui.btn(l10n("deadline-btn-done"), "dldone", deadline.id)])
    else:
        text = l10n(f"deadline-status-{deadline.status}") + "\n" + text
    rows.append([ui.btn(l10n("hearings-btn-list"), "list")])
    await message.answer(text, reply_markup=markup(rows))


@router.callback_query(HrCb.filter(F.action == "dldone"), HasDeadline())
async def on_deadline_done(
    query: CallbackQuery, deadline: Deadline, message: Message, turn: Turn
) -> None:
    if deadline.status != DeadlineStatus.ACTIVE:
        await query.answer(turn.l10n("deadline-already-closed"), show_alert=True)
        return
    await service.close_deadline(
        turn.session, deadline, DeadlineStatus.DONE, actor_id=turn.user.id, now=turn.now()
    )
    await query.answer()
    await message.answer(turn.l10n("deadline-closed"), reply_markup=ui.to_list(turn.l10n))
