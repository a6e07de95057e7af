"""Reminder preferences (how long before, muting a case) and the person's own time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.hearings import ui
from bot.handlers.hearings.base import TzForm, case_allowed, msg, stale, typed
from bot.handlers.hearings.ui import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import reminders, texts, timezones
from bot.i18n import L10n
from bot.models import User

router = RouterTemplate("hearings-prefs")


async def send_prefs(
    message: Message, session: AsyncSession, user: User, l10n: L10n, vault: Vault
) -> None:
    text, markup = await ui.prefs_screen(session, user, l10n, vault)
    await message.answer(text, reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "prefs"))
async def on_prefs(
    query: CallbackQuery, session: AsyncSession, user: User, l10n: L10n, vault: Vault
) -> None:
    await query.answer()
    message = msg(query)
    if message is not None:
        await send_prefs(message, session, user, l10n, vault)


@router.callback_query(HrCb.filter(F.action.in_({"off", "mute"})))
async def on_pref_change(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    clock: Clock,
) -> None:
    """Toggle an offset (``id`` minutes) or a case's mute (``id`` the case; ``ref`` "1" from
    the button under a reminder, which only mutes)."""
    message = msg(query)
    now = clock.now()
    if callback_data.action == "off":
        if callback_data.id not in reminders.OFFSET_CHOICES:
            await stale(query, l10n)
            return
        if not await reminders.toggle_offset(session, user.id, callback_data.id, now):
            await query.answer(l10n("hearings-prefs-need-one"), show_alert=True)
            return
        await query.answer(l10n("hearings-prefs-saved"))
    else:
        case_id = callback_data.id
        if not await case_allowed(query, case_id, session, user, is_admin, l10n):
            return
        result = await reminders.toggle_mute(
            session, user.id, case_id, now, mute_only=callback_data.ref == "1"
        )
        if result == "unmuted":
            await query.answer(l10n("hearings-unmuted"))
        else:
            await query.answer(l10n("hearings-muted"), show_alert=True)
        if result == "already-muted":
            return
    if message is not None:
        await send_prefs(message, session, user, l10n, vault)


# ---- the person's own time zone ----------------------------------------------------------


@router.callback_query(HrCb.filter(F.action == "tz"))
async def on_tz(query: CallbackQuery, user: User, l10n: L10n, clock: Clock) -> None:
    await query.answer()
    message = msg(query)
    if message is None:
        return
    now = clock.now()
    if user.timezone:
        text = l10n(
            "timezone-current",
            zone=texts.zone_text(l10n, user.timezone, now),
            time=l10n.time(now.astimezone(ZoneInfo(user.timezone))),
        )
    else:
        suggestion = timezones.suggest(user.tg_language or user.locale)
        text = l10n("timezone-suggest", zone=timezones.label(suggestion, l10n))
    zones = timezones.choices(user.timezone, user.tg_language or user.locale)
    markup = ui.tz_keyboard(l10n, zones, now, user.timezone, typing=True)
    await message.answer(text, reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "tztype"))
async def on_tz_type(query: CallbackQuery, l10n: L10n, state: FSMContext) -> None:
    await query.answer()
    message = msg(query)
    if message is not None:
        await state.set_state(TzForm.city)
        await message.answer(l10n("timezone-ask-city"))


@router.message(TzForm.city, F.text)
async def on_tz_city(
    message: Message, user: User, l10n: L10n, state: FSMContext, clock: Clock
) -> None:
    text = typed(message)
    if text is None:
        return
    zones = timezones.find(text)
    if not zones:
        await message.answer(l10n("timezone-not-found"))
        return
    now = clock.now()
    if len(zones) == 1:
        await state.set_state(None)
        await tz_saved(message, user, l10n, zones[0], now)
        return
    markup = ui.tz_keyboard(l10n, zones, now, user.timezone, typing=False)
    await message.answer(l10n("timezone-which"), reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "tzset"))
async def on_tz_set(
    query: CallbackQuery,
    callback_data: HrCb,
    user: User,
    l10n: L10n,
    state: FSMContext,
    clock: Clock,
) -> None:
    message = msg(query)
    if not timezones.is_valid(callback_data.ref) or message is None:
        await stale(query, l10n)
        return
    await query.answer()
    if await state.get_state() == TzForm.city.state:
        await state.set_state(None)
    await tz_saved(message, user, l10n, callback_data.ref, clock.now())


async def tz_saved(message: Message, user: User, l10n: L10n, zone: str, now: dt.datetime) -> None:
    # Reminders are rendered when sent, so they follow the new zone without re-planning.
    user.timezone = zone
    await message.answer(
        l10n(
            "timezone-saved",
            zone=texts.zone_text(l10n, zone, now),
            time=l10n.time(now.astimezone(ZoneInfo(zone))),
        ),
        reply_markup=ui.tz_saved_keyboard(l10n),
    )
