"""Who is in a case: the members list, invitations, joining, approving, removing, leaving,
and answers to "this person may be in another family's case" matches."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import invitations, service
from bot.cases.fields import MAX_RELATION, FieldError, parse_short_text
from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.cases.base import (
    MANAGER,
    MEMBER,
    OWNER,
    REMOVER,
    CaseFlow,
    guard,
    refuse,
    target,
)
from bot.handlers.cases.ui import (
    CaseCb,
    JoinCb,
    back_to_case,
    button,
    confirm_keyboard,
    esc,
    markup,
    member_label,
    members_view,
    short_text_error,
)
from bot.handlers.template import RouterTemplate
from bot.hearings import reminders as hearing_reminders
from bot.i18n import L10n
from bot.models import User

router = RouterTemplate("cases-members")
router.message.filter(F.chat.type == ChatType.PRIVATE)


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
    active = [(m, await member_label(session, vault, case, m.user_id, l10n)) for m in members]
    asking = [
        (m, esc(vault.decrypt_opt(m.relation_enc)), esc(vault.decrypt_opt(m.tg_name_enc)))
        for m in pending
    ]
    text, keyboard = members_view(l10n, access, user.id, active, asking, invitations)
    await message.answer(text, reply_markup=keyboard)


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
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
    await query.answer()
    await show_members(message, access, user, session, vault, l10n, clock.now())


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
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n)
    if found is None:
        return
    access, message = found
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
    await message.answer(
        l10n("cases-invite-link", link=link, days=service.INVITE_TTL.days, case=access.case.id),
        reply_markup=back_to_case(l10n, access.case.id),
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
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, MANAGER)
    if found is None:
        return
    access, message = found
    try:
        await service.revoke_invitation(session, access.case, callback_data.arg, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer(l10n("cases-invite-revoked"))
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
    await state.set_data({"join_proof": proof})
    cancel = button(l10n("cases-btn-cancel"), JoinCb(action="no", invitation_id=0))
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
        await message.answer(short_text_error(exc.reason, l10n))
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
            str(data.get("join_proof") or ""),
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
    try:
        _invitation, proof = await invitations.prove_personal(
            session, callback_data.invitation_id, user.id, clock.now()
        )
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    if user.consent_at is None:
        await refuse(query, l10n, "consent")
        return
    await query.answer()
    await ask_join_relation(message, state, l10n, proof)


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
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, MANAGER)
    if found is None:
        return
    access, message = found
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
    await message.edit_reply_markup(reply_markup=None)
    relation = esc(vault.decrypt_opt(member.relation_enc))
    key = "cases-join-approved" if approve else "cases-join-rejected"
    await message.answer(
        l10n(key, relation=relation), reply_markup=back_to_case(l10n, access.case.id)
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
    rule = OWNER if callback_data.action == "own" else REMOVER
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, rule)
    if found is None:
        return
    access, message = found
    case, action = access.case, callback_data.action
    try:
        if action == "rmv":
            member = await service.removable_member(session, case.id, callback_data.arg)
        else:
            member = await service.member_in_case(session, case.id, callback_data.arg)
        label = await member_label(session, vault, case, member.user_id, l10n)
        if action == "rmv":
            await query.answer()
            yes = CaseCb(action="rmv2", case_id=case.id, arg=member.id)
            await message.answer(
                l10n("cases-remove-confirm", who=label),
                reply_markup=confirm_keyboard(l10n, "cases-btn-remove-yes", yes, case.id),
            )
            return
        if action == "rmv2":
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
    # Removing or handing over changed what this reader may manage: show the list as now.
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
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, MEMBER)
    if found is None:
        return
    access, message = found
    case = access.case
    await query.answer()
    if callback_data.action == "leave":
        preview = await service.preview_leave(session, access, user.id)
        who = ""
        if preview.successor is not None:
            who = await member_label(session, vault, case, preview.successor.user_id, l10n)
        yes = CaseCb(action="leave2", case_id=case.id)
        await message.answer(
            l10n(f"cases-leave-confirm-{preview.kind}", who=who),
            reply_markup=confirm_keyboard(l10n, "cases-btn-leave-yes", yes, case.id),
        )
        return
    outcome = await service.leave(session, case, user.id, clock.now())
    await message.answer(l10n("cases-left-closed" if outcome.closed else "cases-left"))


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
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, MANAGER)
    if found is None:
        return
    access, message = found
    invite = callback_data.action == "minv"
    try:
        if invite:
            await service.invite_match(
                session, access.case, callback_data.arg, user.id, clock.now()
            )
        else:
            await service.dismiss_match(session, access.case, callback_data.arg, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    key = "cases-match-invited" if invite else "cases-match-dismissed"
    await message.answer(l10n(key), reply_markup=back_to_case(l10n, access.case.id))
