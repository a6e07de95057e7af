"""The Mexico section's outbox messages, rendered at send time in the recipient's language and
time zone, each re-checked: a step card for someone who deleted their form, a check-in
question of a rescheduled watch, or an alarm for someone who left the circle renders to
nothing and is dropped.

Kinds: ``mx_step`` (a programme card), ``mx_changed`` (a step marked done was revised),
``mx_eve`` (the evening before crossing), ``mx_ask`` (a check-in question), ``mx_alarm`` (a
missed check-in: the action plan, to the circle and the desk), ``mx_clear`` (the alarm is
over). ``mx_joined`` carries its locale key and uses the default renderer.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton

from bot.crypto import Vault
from bot.delivery import DeliveryHooks, Outgoing, RenderContext
from bot.handlers.callbacks import MenuCb
from bot.handlers.kit import button
from bot.handlers.mexico.crossing import AlarmCb, CheckCb
from bot.handlers.mexico.home import step_card
from bot.i18n import L10n
from bot.mexico import alarm, service
from bot.mexico.alarm import AlarmPlan
from bot.mexico.models import CrossingWatch, StepStatus, WatchStatus
from bot.mexico.programme import Programme
from bot.models import OutboxMessage

MAX_EVE_ITEMS = 5


@dataclass(frozen=True, slots=True)
class Desk:
    admin_ids: frozenset[int]
    volunteer_chat_id: int | None


def when(l10n: L10n, instant: dt.datetime, tz: str) -> str:
    """A moment in the reader's zone, with the zone named (relatives live anywhere)."""
    return l10n("mexico-when", at=l10n.datetime(instant, tz), zone=tz.replace("_", " "))


def reader_zone(ctx: RenderContext, watch: CrossingWatch) -> str:
    return (ctx.user.timezone if ctx.user is not None else None) or watch.tz


def _home_row(l10n: L10n) -> list[InlineKeyboardButton]:
    return [button(l10n("mexico-btn-home"), MenuCb(item="mexico"))]


def install(
    hooks: DeliveryHooks,
    vault: Vault,
    programme: Programme,
    admin_ids: frozenset[int],
    volunteer_chat_id: int | None = None,
) -> None:
    desk = Desk(admin_ids, volunteer_chat_id)

    async def step(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_step(row, ctx, programme, changed=False)

    async def changed(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_step(row, ctx, programme, changed=True)

    async def eve(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_eve(row, ctx, programme)

    async def alarm_(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_alarm(row, ctx, vault, desk)

    async def clear(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        return await render_clear(row, ctx, vault, desk)

    hooks.renderers[service.KIND_STEP] = step
    hooks.renderers[service.KIND_CHANGED] = changed
    hooks.renderers[service.KIND_EVE] = eve
    hooks.renderers[service.KIND_ASK] = render_ask
    hooks.renderers[service.KIND_ALARM] = alarm_
    hooks.renderers[service.KIND_CLEAR] = clear


async def render_step(
    row: OutboxMessage, ctx: RenderContext, programme: Programme, *, changed: bool
) -> Outgoing | None:
    step = programme.get(str(row.payload.get("step")))
    if step is None or await service.get_profile(ctx.session, row.chat_id) is None:
        return None  # a step removed by a reviewer, or the form was deleted
    states = await service.progress(ctx.session, row.chat_id)
    state = states.get(step.id)
    if not changed and state is not None and state.status == StepStatus.DONE:
        return None  # marked done (say, from "next step") before the card went out
    text, keyboard = step_card(
        ctx.l10n, step, service.done_count(programme, states), len(programme.steps)
    )
    if changed:
        text = ctx.l10n("mexico-step-changed") + "\n\n" + text
    return Outgoing(text=text, buttons=keyboard.inline_keyboard)


async def _watch(row: OutboxMessage, ctx: RenderContext) -> CrossingWatch | None:
    watch = await ctx.session.get(CrossingWatch, int(row.payload["w"]))
    if watch is None or watch.revision != int(row.payload.get("rev", -1)):
        return None  # deleted, or rescheduled since this was queued
    return watch


async def render_eve(
    row: OutboxMessage, ctx: RenderContext, programme: Programme
) -> Outgoing | None:
    watch = await _watch(row, ctx)
    if watch is None or watch.status != WatchStatus.ACTIVE or watch.user_id != row.chat_id:
        return None
    l10n = ctx.l10n
    left = service.remaining(programme, await service.progress(ctx.session, watch.user_id))
    items = "\n".join(f"• {html.escape(s.text(l10n.locale).title)}" for s in left[:MAX_EVE_ITEMS])
    tz = reader_zone(ctx, watch)
    text = l10n(
        "mexico-eve",
        when=when(l10n, watch.crossing_at, tz),
        first=when(l10n, watch.next_check_at, tz),
        left=items or l10n("mexico-all-done"),
    )
    return Outgoing(text=text, buttons=[_home_row(l10n)])


async def render_ask(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
    watch = await _watch(row, ctx)
    # During an alarm the question still goes out: a late check-in is what clears it.
    live = (WatchStatus.ACTIVE, WatchStatus.ALARM)
    if watch is None or watch.status not in live or watch.user_id != row.chat_id:
        return None
    l10n = ctx.l10n
    deadline = watch.next_check_at + dt.timedelta(minutes=watch.grace_minutes)
    text = l10n(
        "mexico-checkin-ask",
        n=int(row.payload.get("n", 1)),
        total=watch.checks,
        deadline=when(l10n, deadline, reader_zone(ctx, watch)),
    )
    return Outgoing(
        text=text,
        buttons=[
            [button(l10n("mexico-btn-ok"), CheckCb(action="ok", watch=watch.id))],
            [button(l10n("mexico-btn-safe"), CheckCb(action="safe", watch=watch.id))],
        ],
    )


def who(l10n: L10n, plan: AlarmPlan, *, in_circle: bool) -> str:
    """The person by the name they shared, else as the reader knows them."""
    if plan.locator is not None:
        return l10n("mexico-alarm-who-name", name=html.escape(plan.locator.latin_name))
    return l10n("mexico-alarm-who-anon" if in_circle else "mexico-alarm-who-desk")


def alarm_text(l10n: L10n, plan: AlarmPlan, tz: str, *, in_circle: bool = True) -> str:
    """The alarm and its action plan, from what the person shared; facts and numbers from
    facts.md sections 1, 7, 10, 11 and 15 (checked 2026-12-03)."""
    loc = plan.locator
    parts = [
        l10n(
            "mexico-alarm-head",
            who=who(l10n, plan, in_circle=in_circle),
            watch=plan.watch_id,
        ),
        l10n(
            "mexico-alarm-due",
            due=when(l10n, plan.due_at, tz),
            last=when(l10n, plan.last_checkin_at, tz)
            if plan.last_checkin_at
            else l10n("mexico-alarm-never"),
        ),
    ]
    if plan.crossing_at is not None:
        parts.append(
            l10n(
                "mexico-alarm-crossing",
                when=when(l10n, plan.crossing_at, tz),
                place=html.escape(plan.place) if plan.place else l10n("mexico-none"),
            )
        )
    if plan.city is not None:
        city = l10n(f"mexico-city-{plan.city}")
        if plan.city == "other" and plan.city_other:
            city = html.escape(plan.city_other)
        parts.append(l10n("mexico-alarm-city", city=city))
    parts.append(l10n("mexico-alarm-plan"))
    if loc is None:
        parts.append(l10n("mexico-alarm-locator-none"))
    else:
        country = html.escape(loc.birth_country) if loc.birth_country else l10n("mexico-none")
        if loc.a_number:
            from bot.cases.anumber import format_a_number

            parts.append(
                l10n(
                    "mexico-alarm-locator-anumber",
                    anumber=format_a_number(loc.a_number),
                    country=country,
                )
            )
        parts.append(
            l10n(
                "mexico-alarm-locator-name",
                name=html.escape(loc.latin_name),
                country=country,
                born=l10n.date(loc.birth_date) if loc.birth_date else l10n("mexico-none"),
            )
        )
    parts.append(l10n("mexico-alarm-ussr"))
    parts.append(l10n("mexico-alarm-lag"))
    parts.append(l10n("mexico-alarm-line"))
    if plan.children:
        parts.append(l10n("mexico-alarm-children", n=plan.children))
    parts.append(l10n("mexico-alarm-lawyer"))
    if plan.case_id is not None:
        parts.append(l10n("mexico-alarm-case-opened", case=plan.case_id))
    elif plan.offer_case:
        parts.append(l10n("mexico-alarm-case-offer"))
    parts.append(l10n("mexico-alarm-footer"))
    return "\n\n".join(parts)


async def render_alarm(
    row: OutboxMessage, ctx: RenderContext, vault: Vault, desk: Desk
) -> Outgoing | None:
    watch = await _watch(row, ctx)
    if watch is None or watch.status != WatchStatus.ALARM:
        return None  # a late check-in came first: nothing to alarm about
    if not await alarm.may_hear(
        ctx.session, watch, row.chat_id, desk.admin_ids, desk.volunteer_chat_id
    ):
        return None
    profile = await service.get_profile(ctx.session, watch.user_id)
    plan = alarm.plan(vault, watch, profile)
    rows: list[list[InlineKeyboardButton]] = []
    member = await alarm.in_circle(ctx.session, watch.user_id, row.chat_id)
    if plan.offer_case and member is not None and member.role == "relative":
        rows.append(
            [button(ctx.l10n("mexico-btn-open-case"), AlarmCb(action="case", watch=watch.id))]
        )
    text = alarm_text(ctx.l10n, plan, reader_zone(ctx, watch), in_circle=member is not None)
    return Outgoing(text=text, buttons=rows or None)


async def render_clear(
    row: OutboxMessage, ctx: RenderContext, vault: Vault, desk: Desk
) -> Outgoing | None:
    watch = await ctx.session.get(CrossingWatch, int(row.payload["w"]))
    if watch is None or watch.status == WatchStatus.ALARM:
        return None  # deleted, or silent again since: the newer alarm speaks
    if not await alarm.may_hear(
        ctx.session, watch, row.chat_id, desk.admin_ids, desk.volunteer_chat_id
    ):
        return None
    profile = await service.get_profile(ctx.session, watch.user_id)
    plan = alarm.plan(vault, watch, profile)
    l10n = ctx.l10n
    member = await alarm.in_circle(ctx.session, watch.user_id, row.chat_id)
    last = watch.last_checkin_at or watch.updated_at
    return Outgoing(
        text=l10n(
            "mexico-clear",
            who=who(l10n, plan, in_circle=member is not None),
            watch=watch.id,
            status=str(watch.status),
            at=when(l10n, last, reader_zone(ctx, watch)),
        )
    )
