"""How the desk's outbox rows become Telegram messages, and what happens after they are sent.

Renderers run at send time: a notification for a ticket someone already took, or a relay of
a message that /forget deleted, renders to None and is dropped as moot. Relayed text is
decrypted here, at the last moment, in the recipient's language.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.delivery import DeliveryHooks, Outgoing, RenderContext, Renderer
from bot.desk import announce, notify
from bot.desk import conversation as conv
from bot.desk import sweep as desk_sweep
from bot.desk import tickets as desk
from bot.desk.models import Author, TicketMessage, TicketStatus
from bot.desk.policy import DeskPolicy
from bot.handlers.desk import ui, volunteer_ui
from bot.i18n import L10n
from bot.models import OutboxMessage, Volunteer

KeyboardMaker = Callable[[L10n, int], InlineKeyboardMarkup]

# The keyboards bot/desk names in its notices ("kb"), each made for the notice's reference.
KEYBOARDS: dict[str, KeyboardMaker] = {
    "user_answer": ui.kb_user_answer,
    "user_closed": ui.kb_user_closed,
    "user_reopen": lambda l10n, tid: ui.kb_user_closed(l10n, tid, rate=False),
    "vol_open": ui.kb_vol_open,
    "admin_ticket": ui.kb_admin_ticket,
    "signup": volunteer_ui.kb_signup_decide,
    "proposal": ui.kb_proposal,
}


async def render_info(row: OutboxMessage, ctx: RenderContext) -> Outgoing:
    notice = notify.notice(row.payload)
    markup = None
    if notice.kb in KEYBOARDS and notice.ref is not None:
        markup = KEYBOARDS[notice.kb](ctx.l10n, notice.ref)
    args = dict(notice.args)
    for name, (prefix, *codes) in notice.lists.items():
        args[name] = ", ".join(ctx.l10n(f"{prefix}-{code}") for code in codes)
    return Outgoing(
        text=ctx.l10n(notice.key, **args),
        buttons=markup.inline_keyboard if markup else None,
    )


def make_render_notify(vault: Vault) -> Renderer:
    async def render_notify(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        announced = notify.announcement(row.payload)
        ticket = await desk.get(ctx.session, announced.ticket)
        if ticket is None or ticket.status != TicketStatus.OPEN:
            return None
        if ticket.round != announced.round:
            return None
        files = await conv.media_count(ctx.session, ticket.id)
        l10n = ctx.l10n
        text = l10n(
            "desk-notify",
            ticket=ticket.id,
            category=ui.category(l10n, ticket.category),
            language=ticket.language,
            question=ui.excerpt(desk.question(vault, ticket)),
            files=files,
            waited=ui.ago(l10n, ticket.created_at, ctx.now),
        )
        if announced.ping > 0:
            text = l10n("desk-notify-again") + "\n" + text
        return Outgoing(text=text, buttons=ui.kb_take(l10n, ticket.id).inline_keyboard)

    return render_notify


def make_render_relay(vault: Vault) -> Renderer:
    async def render_relay(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        relayed = notify.relayed(row.payload)
        message = await ctx.session.get(TicketMessage, relayed.message)
        if message is None:
            return None
        ticket = await desk.get(ctx.session, message.ticket_id)
        if ticket is None:
            return None
        from_user = message.author == Author.USER
        # Re-check at send time: only the ticket's own people ever receive its messages.
        if from_user and ticket.volunteer_id != row.chat_id:
            return None
        if not from_user and ticket.user_id != row.chat_id:
            return None
        if relayed.part == "copy":
            if message.src_chat_id is None or message.src_message_id is None:
                return None
            return Outgoing(copy_from=(message.src_chat_id, message.src_message_id))
        l10n = ctx.l10n
        head = relayed.part == "head"
        chunks = conv.relay_chunks(vault.decrypt(message.text_enc) if message.text_enc else "")
        chunk = relayed.chunk or 0
        if not head and chunk >= len(chunks):
            return None
        body = html.escape(chunks[chunk])
        if from_user:
            markup = ui.kb_vol_relay(l10n, ticket.id)
            if head:
                text = l10n("desk-relay-media-to-vol", ticket=ticket.id, kind=message.kind)
            else:
                text = l10n("desk-relay-to-vol", ticket=ticket.id, text=body)
        else:
            # A whole phrase, so a name needs no grammatical case («Отвечает волонтёр Вера»).
            who = ""
            if message.author_id is not None:
                volunteer = await ctx.session.get(Volunteer, message.author_id)
                if volunteer is not None and volunteer.show_name:
                    who = html.escape(volunteer.display_name)
            named = "yes" if who else "no"
            args = {"ticket": ticket.id, "who": who, "named": named}
            markup = ui.kb_user_answer(l10n, ticket.id)
            if head:
                text = l10n("desk-relay-media-to-user", kind=message.kind, **args)
            else:
                text = l10n("desk-relay-to-user", text=body, **args)
        if not head and chunk < len(chunks) - 1:
            return Outgoing(text=text)  # the buttons go under the last piece
        return Outgoing(text=text, buttons=markup.inline_keyboard)

    return render_relay


def install(hooks: DeliveryHooks, vault: Vault, policy: DeskPolicy, clock: Clock) -> None:
    """Register the desk's renderers and hooks on the sender (called by ``build_app``)."""
    hooks.renderers[notify.KIND_NOTIFY] = make_render_notify(vault)
    hooks.renderers[notify.KIND_RELAY] = make_render_relay(vault)
    hooks.renderers[notify.KIND_INFO] = render_info

    async def notify_sent(session: AsyncSession, row: OutboxMessage, sent: int | None) -> None:
        if sent is not None:
            announced = notify.announcement(row.payload)
            await announce.notice_sent(
                session,
                ticket_id=announced.ticket,
                round_=announced.round,
                chat_id=row.chat_id,
                message_id=sent,
                now=clock.now(),
            )

    async def relay_sent(session: AsyncSession, row: OutboxMessage, sent: int | None) -> None:
        if sent is not None:
            await conv.relay_sent(
                session,
                message_id=notify.relayed(row.payload).message,
                chat_id=row.chat_id,
                sent_id=sent,
                now=clock.now(),
            )

    async def blocked(session: AsyncSession, chat_id: int, now: dt.datetime) -> None:
        await desk_sweep.on_blocked(session, chat_id, now, policy)

    hooks.on_sent[notify.KIND_NOTIFY] = notify_sent
    hooks.on_sent[notify.KIND_RELAY] = relay_sent
    hooks.on_blocked.append(blocked)
