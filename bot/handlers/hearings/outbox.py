"""Outbox renderers: hearing reminders, change notices, the after-hearing question and
deadline reminders, built when they are sent, in the recipient's language and time zone,
from the hearing as it is now. Whether a message still applies is decided in the domain
(:class:`bot.hearings.sending.Batch`); None (moot) when it no longer does.

Registered by :func:`install`, as every feature registers its renderers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from aiogram.types import InlineKeyboardButton

from bot.crypto import Vault
from bot.delivery import DeliveryHooks, Outgoing, RenderContext, Renderer
from bot.handlers.hearings import ui
from bot.hearings import queries, reminders, sending, texts, timezones
from bot.hearings.models import Deadline, Hearing
from bot.i18n import L10n
from bot.models import OutboxMessage
from bot.places import Places

# A deadline's message text: (l10n, deadline, person's name, now, the reader's time zone).
DeadlineText = Callable[[L10n, Deadline, str, dt.datetime, str | None], str]


def install(hooks: DeliveryHooks, vault: Vault, places: Places) -> None:
    """Register the hearings' renderers and their batch prefetch on the sender."""
    hooks.renderers.update(renderers(vault, places))
    hooks.prefetch.update(dict.fromkeys(reminders.KINDS, sending.prefetch))


def renderers(vault: Vault, places: Places) -> dict[str, Renderer]:
    def batch(ctx: RenderContext) -> sending.Batch:
        return sending.Batch(ctx.session, ctx.cache, ctx.now)

    async def view_of(ctx: RenderContext, hearing: Hearing) -> texts.HearingView:
        key = ("hearings:view", hearing.id, hearing.revision, ctx.l10n.locale)
        if key not in ctx.cache:
            person = await batch(ctx).person(hearing.person_id)
            ctx.cache[key] = texts.build_view(vault, places, hearing, person, ctx.l10n.locale)
        view: texts.HearingView = ctx.cache[key]
        return view

    def user_tz(ctx: RenderContext) -> str | None:
        tz = ctx.user.timezone if ctx.user else None
        return tz if timezones.is_valid(tz) else None

    async def reminder(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await batch(ctx).reminder_hearing(row)
        if hearing is None:
            return None
        view = await view_of(ctx, hearing)
        l10n = ctx.l10n
        buttons_key = ("hearings:buttons", hearing.id, l10n.locale)
        if buttons_key not in ctx.cache:
            ctx.cache[buttons_key] = [
                [ui.btn(l10n("hearings-btn-open"), "open", hearing.id)],
                [ui.btn(l10n("hearings-btn-mute-short"), "mute", hearing.case_id, "1")],
            ]
        buttons: list[list[InlineKeyboardButton]] = ctx.cache[buttons_key]
        return Outgoing(
            text=texts.reminder_text(l10n, view, user_tz(ctx), ctx.now, ctx.cache),
            buttons=buttons,
        )

    async def notice(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await batch(ctx).hearing(row)
        if hearing is None:
            return None
        view = await view_of(ctx, hearing)
        event = str(row.payload.get("e", "changed"))
        if not ctx.l10n.has(f"hearings-notice-{event}"):
            event = "changed"
        return Outgoing(
            text=texts.notice_text(ctx.l10n, view, event, user_tz(ctx), ctx.now),
            buttons=[[ui.btn(ctx.l10n("hearings-btn-open"), "open", hearing.id)]],
        )

    async def followup(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await batch(ctx).followup_hearing(row)
        if hearing is None:
            return None
        view = await view_of(ctx, hearing)
        keyboard = ui.outcome_keyboard(ctx.l10n, hearing.id)
        return Outgoing(
            text=texts.followup_text(ctx.l10n, view, user_tz(ctx)),
            buttons=keyboard.inline_keyboard,
        )

    async def deadline_text(ctx: RenderContext, deadline: Deadline, text: DeadlineText) -> str:
        person = await queries.person_name(ctx.session, vault, deadline.person_id, ctx.l10n.locale)
        return text(ctx.l10n, deadline, person, ctx.now, user_tz(ctx))

    async def deadline_reminder(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        deadline = await batch(ctx).reminder_deadline(row)
        if deadline is None:
            return None
        buttons = [
            [ui.btn(ctx.l10n("deadline-btn-done"), "dldone", deadline.id)],
            [ui.btn(ctx.l10n("hearings-btn-list"), "list")],
        ]
        text = await deadline_text(ctx, deadline, texts.deadline_reminder_text)
        return Outgoing(text=text, buttons=buttons)

    async def deadline_notice(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        deadline = await batch(ctx).deadline(row)
        if deadline is None:
            return None
        text = await deadline_text(ctx, deadline, texts.deadline_notice_text)
        return Outgoing(text=text, buttons=[[ui.btn(ctx.l10n("hearings-btn-list"), "list")]])

    return {
        reminders.KIND_REMINDER: reminder,
        reminders.KIND_NOTICE: notice,
        reminders.KIND_FOLLOWUP: followup,
        reminders.KIND_DEADLINE_REMINDER: deadline_reminder,
        reminders.KIND_DEADLINE_NOTICE: deadline_notice,
    }
