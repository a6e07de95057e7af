"""Reminder preferences (how long before, muting a case) and the person's own time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.handlers.hearings import ui
from bot.handlers.hearings.base import TzForm, require_case, typed
from bot.handlers.hearings.ui import HrCb
from bot.handlers.kit import Stale, show, target
from bot.handlers.template import RouterTemplate
from bot.hearings import reminders, texts, timezones
from bot.turn import Turn

router = RouterTemplate("hearings-prefs")


async def send_prefs(message: Message, turn: Turn) -> None:
    text, keyboard = await ui.prefs_screen(turn)
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(HrCb.filter(F.action == "prefs"))
async def on_prefs(query: CallbackQuery, turn: Turn) -> None:
    """From the settings or the overview (menus): the menu becomes the reminder settings."""
    message = target(query)
    await query.answer()
    text, keyboard = await ui.prefs_screen(turn)
    await show(message, text, keyboard)


@router.callback_query(HrCb.filter(F.action == "off"))
async def on_offset(query: CallbackQuery, callback_data: HrCb, turn: Turn) -> None:
    """Toggle a reminder offset (``id`` minutes)."""
    if callback_data.id not in reminders.OFFSET_CHOICES:
        raise Stale()
    if not await reminders.toggle_offset(turn.session, turn.user.id, callback_data.id, turn.now()):
        await query.answer(turn.l10n("hearings-prefs-need-one"), show_alert=True)
        return
    await query.answer(turn.l10n("hearings-prefs-saved"))
    if isinstance(query.message, Message):  # the ticks move on the same screen
        text, keyboard = await ui.prefs_screen(turn)
        await show(query.message, text, keyboard)


@router.callback_query(HrCb.filter(F.action == "mute"))
async def on_mute(query: CallbackQuery, callback_data: HrCb, turn: Turn) -> None:
    """Toggle a case's mute (``id`` the case; ``ref`` "1" from the button under a reminder,
    which only mutes)."""
    case_id = callback_data.id
    await require_case(turn, case_id)
    result = await reminders.toggle_mute(
        turn.session, turn.user.id, case_id, turn.now(), mute_only=callback_data.ref == "1"
    )
    if result == "unmuted":
        await query.answer(turn.l10n("hearings-unmuted"))
    else:
        await query.answer(turn.l10n("hearings-muted"), show_alert=True)
    if result == "already-muted" or not isinstance(query.message, Message):
        return
    if callback_data.ref == "1":  # under a reminder: the reminder stays, settings below it
        await send_prefs(query.message, turn)
    else:  # on the settings screen: the same screen changes
        text, keyboard = await ui.prefs_screen(turn)
        await show(query.message, text, keyboard)


# ---- the person's own time zone ----------------------------------------------------------


@router.callback_query(HrCb.filter(F.action == "tz"))
async def on_tz(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    now, l10n, user = turn.now(), turn.l10n, turn.user
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
    keyboard = ui.tz_keyboard(l10n, zones, now, user.timezone, typing=True)
    await show(message, text, keyboard)  # a menu step: from the settings or the overview


@router.callback_query(HrCb.filter(F.action == "tztype"))
async def on_tz_type(query: CallbackQuery, turn: Turn, state: FSMContext) -> None:
    message = target(query)
    await query.answer()
    await state.set_state(TzForm.city)
    await message.answer(turn.l10n("timezone-ask-city"), reply_markup=ui.quit_keyboard(turn.l10n))


@router.message(TzForm.city, F.text)
async def on_tz_city(message: Message, turn: Turn, state: FSMContext) -> None:
    text = typed(message)
    if text is None:
        return
    zones = timezones.find(text)
    now, user = turn.now(), turn.user
    if not zones:
        # Not a dead end: the usual zones stay one press away, and Cancel.
        usual = timezones.choices(user.timezone, user.tg_language or user.locale)
        keyboard = ui.tz_keyboard(turn.l10n, usual, now, user.timezone, typing=False)
        await message.answer(turn.l10n("timezone-not-found"), reply_markup=keyboard)
        return
    if len(zones) == 1:
        await state.set_state(None)
        await tz_saved(message, turn, zones[0])
        return
    keyboard = ui.tz_keyboard(turn.l10n, zones, now, user.timezone, typing=False)
    await message.answer(turn.l10n("timezone-which"), reply_markup=keyboard)


@router.callback_query(HrCb.filter(F.action == "tzset"))
async def on_tz_set(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    message = target(query)
    if not timezones.is_valid(callback_data.ref):
        raise Stale()
    await query.answer()
    if await state.get_state() == TzForm.city.state:
        await state.set_state(None)
    await tz_saved(message, turn, callback_data.ref)


async def tz_saved(message: Message, turn: Turn, zone: str) -> None:
    # Reminders are rendered when sent, so they follow the new zone without re-planning.
    turn.user.timezone = zone
    now, l10n = turn.now(), turn.l10n
    await message.answer(
        l10n(
            "timezone-saved",
            zone=texts.zone_text(l10n, zone, now),
            time=l10n.time(now.astimezone(ZoneInfo(zone))),
        ),
        reply_markup=ui.tz_saved_keyboard(l10n),
    )
