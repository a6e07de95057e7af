"""Who is in a case: the members list, invitations, joining, approving, removing, leaving,
and answers to "this person may be in another family's case" matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import invitations, service, timeline
from bot.cases.fields import MAX_RELATION, FieldError, parse_short_text
from bot.cases.models import Case
from bot.clock import Clock
from bot.handlers.cases.base import (
    MANAGER,
    MEMBER,
    OWNER,
    REMOVER,
    CaseFlow,
    HasCase,
    JoinState,
)
from bot.handlers.cases.form_ui import (
    short_text_error,
)
from bot.handlers.cases.ui import (
    CaseCb,
    JoinCb,
    back_to_case,
    confirm_keyboard,
    esc,
    member_label,
    members_view,
)
from bot.handlers.kit import button, final_step, load_state, markup, save_state, target
from bot.handlers.template import private_router
from bot.hearings import reminders as hearing_reminders
from bot.i18n import L10n
from bot.models import User
from bot.turn import Turn

router = private_router("cases-members")


async def label_of(turn: Turn, case: Case, user_id: int | None) -> str:
    """Who this person is to the case, as the family knows them."""
    return member_label(
        turn.l10n, await timeline.author_of(turn.session, turn.vault, case, user_id)
    )


async def show_members(message: Message, access: service.CaseAccess, turn: Turn) -> None:
    case, session, vault, l10n = access.case, turn.session, turn.vault, turn.l10n
    now = turn.now()
    await service.audit_view(session, access, turn.user.id, "members", now)
    members = await service.active_members(session, case.id)
    pending = await service.pending_members(session, case.id) if access.can_manage else []
    invitations = await service.open_invitations(session, case.id, now)
    active = [(m, await label_of(turn, case, m.user_id)) for m in members]
    asking = [
        (m, esc(vault.decrypt_opt(m.relation_enc)), esc(vault.decrypt_opt(m.tg_name_enc)))
        for m in pending
    ]
    text, keyboard = members_view(l10n, access, turn.user.id, active, asking, invitations)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(CaseCb.filter(F.action == "mem"), HasCase())
async def on_members(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn
) -> None:
    await query.answer()
    await show_members(message, access, turn)


@router.callback_query(CaseCb.filter(F.action == "inv"), HasCase())
async def on_invite(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn, bot: Bot
) -> None:
    _invitation, token = await service.create_invitation(
        turn.session, access.case, turn.user.id, turn.now()
    )
    await query.answer()
    me = await bot.me()
    link = f"https://t.me/{me.username}?start=join_{token}"
    await message.answer(
        turn.l10n(
            "cases-invite-link", link=link, days=service.INVITE_TTL.days, case=access.case.id
        ),
        reply_markup=back_to_case(turn.l10n, access.case.id),
    )


@router.callback_query(CaseCb.filter(F.action == "revk"), HasCase(MANAGER))
async def on_revoke(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    await service.revoke_invitation(turn.session, access.case, callback_data.arg, turn.now())
    await query.answer(turn.l10n("cases-invite-revoked"))
    await show_members(message, access, turn)


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
    try:
        _invitation, proof = await invitations.prove_token(session, token, user.id, clock.now())
    except service.CaseError as exc:
        await message.answer(l10n(f"cases-error-{exc.code}"))
        return False
    if user.consent_at is None:
        await state.update_data(join_invitation=proof)
        await message.answer(l10n("cases-join-onboard-first"))
        return False
    await ask_join_relation(message, state, l10n, proof)
    return True


async def resume_join(message: Message, proof: str, state: FSMContext, l10n: L10n) -> None:
    await ask_join_relation(message, state, l10n, proof)


async def ask_join_relation(message: Message, state: FSMContext, l10n: L10n, proof: str) -> None:
    await state.set_state(CaseFlow.join)
    await save_state(state, JoinState(proof=proof))
    cancel = button(l10n("cases-btn-cancel"), JoinCb(action="no", invitation_id=0))
    await message.answer(l10n("cases-join-ask-relation"), reply_markup=markup([[cancel]]))


@router.message(CaseFlow.join, F.text)
async def on_join_relation(message: Message, state: FSMContext, turn: Turn) -> None:
    flow = await load_state(state, JoinState)
    if flow is None:
        raise service.CaseError("stale", end_flow=True)
    try:
        relation = parse_short_text(message.text or "", MAX_RELATION)
    except FieldError as exc:
        await message.answer(short_text_error(exc.reason, turn.l10n))
        return
    tg = message.from_user
    tg_name = ""
    if tg is not None:
        tg_name = tg.full_name + (f" (@{tg.username})" if tg.username else "")
    await state.clear()
    with final_step():
        await service.request_join(
            turn.session,
            turn.vault,
            flow.proof,
            turn.user.id,
            relation,
            tg_name,
            turn.now(),
        )
    await message.answer(turn.l10n("cases-join-sent"))


@router.message(CaseFlow.join)
async def on_join_not_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("cases-text-only"))


@router.callback_query(JoinCb.filter(F.action == "no"))
async def on_join_declined(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    if await state.get_state() == CaseFlow.join.state:
        await state.clear()
    await message.answer(turn.l10n("cases-join-declined"))


@router.callback_query(JoinCb.filter())
async def on_join_button(
    query: CallbackQuery, callback_data: JoinCb, state: FSMContext, turn: Turn
) -> None:
    message = target(query)
    _invitation, proof = await invitations.prove_personal(
        turn.session, callback_data.invitation_id, turn.user.id, turn.now()
    )
    if turn.user.consent_at is None:
        raise service.CaseError("consent")
    await query.answer()
    await ask_join_relation(message, state, turn.l10n, proof)


async def decide(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
    *,
    approve: bool,
) -> None:
    member = await service.decide_join(
        turn.session, access.case, callback_data.arg, turn.user.id, approve, turn.now()
    )
    if approve:  # the new relative gets the reminders of hearings already in the case
        await hearing_reminders.sync_case(turn.session, access.case.id, turn.now())
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    relation = esc(turn.vault.decrypt_opt(member.relation_enc))
    key = "cases-join-approved" if approve else "cases-join-rejected"
    await message.answer(
        turn.l10n(key, relation=relation), reply_markup=back_to_case(turn.l10n, access.case.id)
    )


@router.callback_query(CaseCb.filter(F.action == "appr"), HasCase(MANAGER))
async def on_approve(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    await decide(query, callback_data, access, message, turn, approve=True)


@router.callback_query(CaseCb.filter(F.action == "rej"), HasCase(MANAGER))
async def on_reject(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    await decide(query, callback_data, access, message, turn, approve=False)


async def refresh_members(message: Message, case_id: int, turn: Turn) -> None:
    """Removing or handing over changed what this reader may manage: show the list as now."""
    refreshed = await service.get_access(turn.session, case_id, turn.user.id, turn.is_admin)
    if refreshed is not None:
        await show_members(message, refreshed, turn)


@router.callback_query(CaseCb.filter(F.action == "rmv"), HasCase(REMOVER))
async def on_remove_ask(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    case = access.case
    member = await service.removable_member(turn.session, case.id, callback_data.arg)
    label = await label_of(turn, case, member.user_id)
    await query.answer()
    yes = CaseCb(action="rmv2", case_id=case.id, arg=member.id)
    await message.answer(
        turn.l10n("cases-remove-confirm", who=label),
        reply_markup=confirm_keyboard(turn.l10n, "cases-btn-remove-yes", yes, case.id),
    )


# What a confirmed button does to the member it names (session, case, member id, actor id,
# now), and the answer that says it was done.
MemberChange = Callable[[AsyncSession, Case, int, int, dt.datetime], Awaitable[object]]
MEMBER_CHANGES: dict[str, tuple[MemberChange, str]] = {
    "rmv2": (service.remove_member, "cases-removed"),
    "own": (service.transfer_ownership, "cases-owner-transferred"),
}


@router.callback_query(CaseCb.filter(F.action == "rmv2"), HasCase(REMOVER))
@router.callback_query(CaseCb.filter(F.action == "own"), HasCase(OWNER))
async def on_member_change(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    """Removing a member ("rmv2", confirmed) or handing them the case ("own")."""
    change, done = MEMBER_CHANGES[callback_data.action]
    case = access.case
    member = await service.member_in_case(turn.session, case.id, callback_data.arg)
    label = await label_of(turn, case, member.user_id)
    await change(turn.session, case, member.id, turn.user.id, turn.now())
    await query.answer()
    await message.answer(turn.l10n(done, who=label))
    await refresh_members(message, case.id, turn)


@router.callback_query(CaseCb.filter(F.action == "leave"), HasCase(MEMBER))
async def on_leave_ask(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn
) -> None:
    case = access.case
    await query.answer()
    preview = await service.preview_leave(turn.session, access, turn.user.id)
    who = ""
    if preview.successor is not None:
        who = await label_of(turn, case, preview.successor.user_id)
    yes = CaseCb(action="leave2", case_id=case.id)
    await message.answer(
        turn.l10n(f"cases-leave-confirm-{preview.kind}", who=who),
        reply_markup=confirm_keyboard(turn.l10n, "cases-btn-leave-yes", yes, case.id),
    )


@router.callback_query(CaseCb.filter(F.action == "leave2"), HasCase(MEMBER))
async def on_leave(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn
) -> None:
    await query.answer()
    outcome = await service.leave(turn.session, access.case, turn.user.id, turn.now())
    await message.answer(turn.l10n("cases-left-closed" if outcome.closed else "cases-left"))


async def answer_match(
    query: CallbackQuery, message: Message, access: service.CaseAccess, turn: Turn, key: str
) -> None:
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(turn.l10n(key), reply_markup=back_to_case(turn.l10n, access.case.id))


@router.callback_query(CaseCb.filter(F.action == "minv"), HasCase(MANAGER))
async def on_match_invite(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    await service.invite_match(
        turn.session, access.case, callback_data.arg, turn.user.id, turn.now()
    )
    await answer_match(query, message, access, turn, "cases-match-invited")


@router.callback_query(CaseCb.filter(F.action == "mdis"), HasCase(MANAGER))
async def on_match_dismiss(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    await service.dismiss_match(turn.session, access.case, callback_data.arg, turn.now())
    await answer_match(query, message, access, turn, "cases-match-dismissed")


async def forget_note(turn: Turn) -> str:
    """For /forget's question: what happens to each family case the person owns, said
    before they confirm ("" when they own none)."""
    lines = []
    for handover in await service.forget_plan(turn.session, turn.user.id):
        case, successor = handover.case, handover.successor
        if successor is None:
            lines.append(turn.l10n("cases-forget-deleted", case=case.id))
            continue
        who = await label_of(turn, case, successor.user_id)
        volunteer = "yes" if case.volunteer_id is not None else "no"
        lines.append(
            turn.l10n("cases-forget-handover", case=case.id, who=who, volunteer=volunteer)
        )
    return "\n\n" + "\n".join(lines) if lines else ""
