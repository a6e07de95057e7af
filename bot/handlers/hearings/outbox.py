"""Outbox renderers: hearing reminders, change notices, the after-hearing question and
deadline reminders, built when they are sent (see :func:`renderers`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Person
from bot.crypto import Vault
from bot.delivery import Outgoing, Prefetch, RenderContext, Renderer
from bot.handlers.hearings import ui
from bot.hearings import access, queries, reminders, texts, timezones
from bot.hearings.models import Deadline, DeadlineStatus, Hearing, HearingStatus
from bot.models import OutboxMessage
from bot.places import Places


def renderers(vault: Vault, places: Places) -> dict[str, Renderer]:
    """Reminders and notices are rendered when they are sent: in the recipient's language
    and time zone, from the hearing as it is now; None (moot) when it no longer applies."""

    # Look-ups are memoised for one claimed batch (ctx.cache): a reminder usually goes to
    # every member of a case at the same minute.
    async def audience(ctx: RenderContext, case_id: int) -> tuple[set[int], set[int]]:
        key = ("hearings:audience", case_id)
        if key not in ctx.cache:
            ctx.cache[key] = (
                set(await access.recipients(ctx.session, case_id)),
                await reminders.member_muted(ctx.session, case_id),
            )
        found: tuple[set[int], set[int]] = ctx.cache[key]
        return found

    async def prefs(ctx: RenderContext, chat_id: int) -> reminders.Prefs:
        key = ("hearings:prefs", chat_id)
        if key not in ctx.cache:
            ctx.cache[key] = (await reminders.prefs_for(ctx.session, [chat_id]))[chat_id]
        pref: reminders.Prefs = ctx.cache[key]
        return pref

    async def recipient_ok(ctx: RenderContext, case_id: int, chat_id: int) -> bool:
        return chat_id in (await audience(ctx, case_id))[0]

    async def not_muted(ctx: RenderContext, case_id: int, chat_id: int) -> bool:
        muted_members = (await audience(ctx, case_id))[1]
        return not (await prefs(ctx, chat_id)).muted(case_id) and chat_id not in muted_members

    async def superseded(ctx: RenderContext, hearing: Hearing, row: OutboxMessage) -> bool:
        offsets = (await prefs(ctx, row.chat_id)).offsets
        offset = int(row.payload.get("o", 0))
        return reminders.superseded(hearing.starts_at, offset, offsets, ctx.now)

    async def current_hearing(row: OutboxMessage, ctx: RenderContext) -> Hearing | None:
        hearing_id = int(row.payload.get("h", 0))
        key = ("hearings:hearing", hearing_id)
        if key not in ctx.cache:
            ctx.cache[key] = await ctx.session.get(Hearing, hearing_id)
        hearing: Hearing | None = ctx.cache[key]
        if hearing is None or hearing.revision != int(row.payload.get("r", -1)):
            return None
        if not await recipient_ok(ctx, hearing.case_id, row.chat_id):
            return None
        return hearing

    async def view_of(ctx: RenderContext, hearing: Hearing) -> texts.HearingView:
        key = ("hearings:view", hearing.id, hearing.revision, ctx.l10n.locale)
        if key not in ctx.cache:
            person_key = ("hearings:person", hearing.person_id)
            if person_key in ctx.cache:
                person = ctx.cache[person_key]
            else:
                person = await ctx.session.get(Person, hearing.person_id)
            ctx.cache[key] = texts.build_view(vault, places, hearing, person, ctx.l10n.locale)
        view: texts.HearingView = ctx.cache[key]
        return view

    def user_tz(ctx: RenderContext) -> str | None:
        tz = ctx.user.timezone if ctx.user else None
        return tz if timezones.is_valid(tz) else None

    async def reminder(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await current_hearing(row, ctx)
        if hearing is None or hearing.status != HearingStatus.SCHEDULED:
            return None
        if hearing.starts_at <= ctx.now or not await not_muted(ctx, hearing.case_id, row.chat_id):
            return None
        if await superseded(ctx, hearing, row):
            return None
        view = await view_of(ctx, hearing)
        l10n = ctx.l10n
        tz = user_tz(ctx)
        buttons_key = ("hearings:buttons", hearing.id, l10n.locale)
        if buttons_key not in ctx.cache:
            ctx.cache[buttons_key] = [
                [ui.btn(l10n("hearings-btn-open"), "open", hearing.id)],
                [ui.btn(l10n("hearings-btn-mute-short"), "mute", hearing.case_id, "1")],
            ]
        buttons: list[list[InlineKeyboardButton]] = ctx.cache[buttons_key]
        return Outgoing(
            text=texts.reminder_text(l10n, view, tz, ctx.now, ctx.cache),
            buttons=buttons,
        )

    async def notice(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await current_hearing(row, ctx)
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
        hearing = await current_hearing(row, ctx)
        if hearing is None or hearing.status != HearingStatus.SCHEDULED:
            return None
        if hearing.starts_at > ctx.now:
            return None
        view = await view_of(ctx, hearing)
        keyboard = ui.outcome_keyboard(ctx.l10n, hearing.id)
        return Outgoing(
            text=texts.followup_text(ctx.l10n, view, user_tz(ctx)),
            buttons=keyboard.inline_keyboard,
        )

    async def current_deadline(row: OutboxMessage, ctx: RenderContext) -> Deadline | None:
        deadline_id = int(row.payload.get("d", 0))
        key = ("hearings:deadline", deadline_id)
        if key not in ctx.cache:
            ctx.cache[key] = await ctx.session.get(Deadline, deadline_id)
        deadline: Deadline | None = ctx.cache[key]
        if deadline is None or deadline.revision != int(row.payload.get("r", -1)):
            return None
        if deadline.status != DeadlineStatus.ACTIVE:
            return None
        if not await recipient_ok(ctx, deadline.case_id, row.chat_id):
            return None
        return deadline

    async def deadline_reminder(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        deadline = await current_deadline(row, ctx)
        if deadline is None or deadline.due_at <= ctx.now:
            return None
        if not await not_muted(ctx, deadline.case_id, row.chat_id):
            return None
        person = await queries.person_name(ctx.session, vault, deadline.person_id, ctx.l10n.locale)
        return Outgoing(
            text=texts.deadline_reminder_text(ctx.l10n, deadline, person, ctx.now, user_tz(ctx)),
            buttons=[
                [ui.btn(ctx.l10n("deadline-btn-done"), "dldone", deadline.id)],
                [ui.btn(ctx.l10n("hearings-btn-list"), "list")],
            ],
        )

    async def deadline_notice(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        deadline = await current_deadline(row, ctx)
        if deadline is None:
            return None
        person = await queries.person_name(ctx.session, vault, deadline.person_id, ctx.l10n.locale)
        return Outgoing(
            text=texts.deadline_notice_text(ctx.l10n, deadline, person, ctx.now, user_tz(ctx)),
            buttons=[[ui.btn(ctx.l10n("hearings-btn-list"), "list")]],
        )

    return {
        reminders.KIND_REMINDER: reminder,
        reminders.KIND_NOTICE: notice,
        reminders.KIND_FOLLOWUP: followup,
        reminders.KIND_DEADLINE_REMINDER: deadline_reminder,
        reminders.KIND_DEADLINE_NOTICE: deadline_notice,
    }


def prefetchers() -> dict[str, Prefetch]:
    """Load a whole claimed batch's hearings, deadlines, people, audiences and preferences
    in a handful of queries (the renderers above read them from the batch cache)."""

    async def prefetch(
        session: AsyncSession, rows: Sequence[OutboxMessage], cache: dict[Any, Any]
    ) -> None:
        hearing_ids = {int(r.payload.get("h", 0)) for r in rows if "h" in r.payload}
        deadline_ids = {int(r.payload.get("d", 0)) for r in rows if "d" in r.payload}
        hearings = (
            {
                h.id: h
                for h in await session.scalars(select(Hearing).where(Hearing.id.in_(hearing_ids)))
            }
            if hearing_ids
            else {}
        )
        deadlines = (
            {
                d.id: d
                for d in await session.scalars(
                    select(Deadline).where(Deadline.id.in_(deadline_ids))
                )
            }
            if deadline_ids
            else {}
        )
        for hearing_id in hearing_ids:
            cache[("hearings:hearing", hearing_id)] = hearings.get(hearing_id)
        for deadline_id in deadline_ids:
            cache[("hearings:deadline", deadline_id)] = deadlines.get(deadline_id)
        case_ids = {h.case_id for h in hearings.values()} | {d.case_id for d in deadlines.values()}
        for case_id, audience in (await access.audiences(session, case_ids)).items():
            cache[("hearings:audience", case_id)] = audience
        person_ids = {h.person_id for h in hearings.values() if h.person_id is not None}
        if person_ids:
            for person in await session.scalars(select(Person).where(Person.id.in_(person_ids))):
                cache[("hearings:person", person.id)] = person
        chat_ids = {r.chat_id for r in rows}
        for chat_id, pref in (await reminders.prefs_for(session, chat_ids)).items():
            cache[("hearings:prefs", chat_id)] = pref

    return dict.fromkeys(reminders.KINDS, prefetch)
