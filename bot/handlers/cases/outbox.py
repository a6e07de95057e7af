"""Case notifications rendered at send time: decrypted, localised and access re-checked.

The outbox stores ids only; by the time a row is sent the reader may have left the case,
muted it, or the join request may be decided, so each renderer looks again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from bot.cases import notify, service, timeline
from bot.cases.models import (
    CaseEvent,
    CaseMatch,
    CaseMember,
    EventVisibility,
    Invitation,
    MemberStatus,
    Person,
)
from bot.crypto import Vault
from bot.delivery import DeliveryHooks, Outgoing, RenderContext, Renderer
from bot.handlers.cases.ui import (
    CaseCb,
    JoinCb,
    decide_row,
    display_name,
    esc,
    event_line,
    fmt,
    open_case_button,
)
from bot.handlers.kit import button
from bot.models import OutboxMessage
from bot.places import Places

# A case notification's renderer, given the reader's user id (whose access it re-checks).
CaseRenderer = Callable[[OutboxMessage, RenderContext, int], Awaitable[Outgoing | None]]


def install(hooks: DeliveryHooks, vault: Vault, places: Places) -> None:
    """Case notifications are rendered at send time: decrypted, localised, re-checked."""

    def for_reader(render: CaseRenderer) -> Renderer:
        async def renderer(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
            if ctx.user is None:
                return None  # nobody whose access could be checked
            return await render(row, ctx, ctx.user.id)

        return renderer

    renderers: dict[str, CaseRenderer] = {
        notify.KIND_EVENT: partial(render_event, vault=vault, places=places),
        notify.KIND_JOIN_REQUEST: partial(render_join_request, vault=vault),
        notify.KIND_MATCH: partial(render_match, vault=vault),
        notify.KIND_MATCH_INVITE: partial(render_match_invite, vault=vault),
    }
    for kind, render in renderers.items():
        hooks.renderers[kind] = for_reader(render)


async def render_event(
    row: OutboxMessage, ctx: RenderContext, reader: int, vault: Vault, places: Places
) -> Outgoing | None:
    event = await ctx.session.get(CaseEvent, int(row.payload["event_id"]))
    if event is None:
        return None
    access = await service.get_access(ctx.session, event.case_id, reader, False)
    if access is None:
        return None  # left, removed or no longer the volunteer since it was queued
    if event.visibility != EventVisibility.MEMBERS and not access.is_staff:
        return None
    if access.member is not None and access.member.muted and not access.is_staff:
        return None
    l10n = ctx.l10n
    case = access.case
    view = await timeline.describe(ctx.session, vault, case, event)
    line = event_line(l10n, places, view, None)
    text = fmt(l10n, "cases-notice-event", case=case.id, body=line.split("</i> ", 1)[-1])
    rows = [[open_case_button(l10n, case.id)]]
    if event.kind == service.EventKind.UPDATE:
        rows[0].append(button(l10n("cases-btn-reply"), CaseCb(action="upd", case_id=case.id)))
    return Outgoing(text=text, buttons=rows)


async def render_join_request(
    row: OutboxMessage, ctx: RenderContext, reader: int, vault: Vault
) -> Outgoing | None:
    member = await ctx.session.get(CaseMember, int(row.payload["member_id"]))
    if member is None or member.status != MemberStatus.PENDING:
        return None
    access = await service.get_access(ctx.session, member.case_id, reader, False)
    if access is None or not access.can_manage:
        return None
    l10n = ctx.l10n
    case_id = member.case_id
    text = l10n(
        "cases-notice-join-request",
        case=case_id,
        relation=esc(vault.decrypt_opt(member.relation_enc)),
        name=esc(vault.decrypt_opt(member.tg_name_enc)) or l10n("cases-none"),
    )
    return Outgoing(text=text, buttons=[decide_row(l10n, case_id, member.id)])


async def render_match(
    row: OutboxMessage, ctx: RenderContext, reader: int, vault: Vault
) -> Outgoing | None:
    match = await ctx.session.get(CaseMatch, int(row.payload["match_id"]))
    if match is None or match.invitation_id is not None or match.dismissed_at is not None:
        return None
    access = await service.get_access(ctx.session, match.case_id, reader, False)
    person = await ctx.session.get(Person, match.person_id)
    if access is None or not access.can_manage or person is None:
        return None
    l10n = ctx.l10n
    text = l10n(
        "cases-notice-match",
        case=match.case_id,
        person=display_name(service.open_person(vault, person), l10n),
        basis=match.basis,
    )
    rows = [
        [
            button(
                l10n("cases-btn-match-invite"),
                CaseCb(action="minv", case_id=match.case_id, arg=match.id),
            )
        ],
        [
            button(
                l10n("cases-btn-match-dismiss"),
                CaseCb(action="mdis", case_id=match.case_id, arg=match.id),
            )
        ],
    ]
    return Outgoing(text=text, buttons=rows)


async def render_match_invite(
    row: OutboxMessage, ctx: RenderContext, reader: int, vault: Vault
) -> Outgoing | None:
    match = await ctx.session.get(CaseMatch, int(row.payload["match_id"]))
    if match is None or match.invitation_id is None or match.seeker_id != reader:
        return None
    invitation = await ctx.session.get(Invitation, match.invitation_id)
    person = await ctx.session.get(Person, match.seeker_person_id)
    if invitation is None or person is None:
        return None
    try:
        await service.check_invitation(ctx.session, invitation, reader, ctx.now)
    except service.CaseError:
        return None
    l10n = ctx.l10n
    text = l10n(
        "cases-notice-match-invite",
        person=display_name(service.open_person(vault, person), l10n),
        days=service.MATCH_INVITE_TTL.days,
    )
    rows = [
        [button(l10n("cases-btn-join"), JoinCb(action="go", invitation_id=invitation.id))],
        [button(l10n("cases-btn-join-no"), JoinCb(action="no", invitation_id=invitation.id))],
    ]
    return Outgoing(text=text, buttons=rows)
