"""Commands that work everywhere, in any state: /help, /menu, /cancel, /forget, settings."""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import commands, privacy
from bot.cases.members import tell_handovers as tell_case_handovers
from bot.handlers.callbacks import ForgetCb, KbCb, MenuCb
from bot.handlers.cases.members import forget_note as cases_forget_note
from bot.handlers.hearings import HrCb
from bot.handlers.kit import show
from bot.handlers.start import continue_onboarding, show_menu
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.keyboards import (
    MENU_ITEMS,
    back_to_menu,
    language_keyboard,
    menu_keyboard,
    role_keyboard,
)
from bot.models import User
from bot.turn import Turn

router = RouterTemplate("common")

# Menu entries whose feature is not built yet: they say so instead of pretending.
NOT_READY: frozenset[str] = frozenset()
# Menu entries whose own router answers the press (registered after this one).
FEATURE_ITEMS: frozenset[str] = frozenset({"kb", "hearings", "cases", "volunteer", "mexico"})


def forget_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=l10n("forget-yes"), callback_data=ForgetCb(confirm=True))
    builder.button(text=l10n("forget-no"), callback_data=ForgetCb(confirm=False))
    return builder.as_markup()


def settings_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=l10n("settings-language"), callback_data=MenuCb(item="language"))
    builder.button(text=l10n("settings-role"), callback_data=MenuCb(item="role"))
    builder.button(text=l10n("settings-timezone"), callback_data=HrCb(action="tz"))
    builder.button(text=l10n("settings-reminders"), callback_data=HrCb(action="prefs"))
    builder.button(text=l10n("settings-announcements"), callback_data="ann:show")
    builder.button(
        text=l10n("settings-privacy"), callback_data=KbCb(action="topic", ref="bot-privacy")
    )
    builder.button(text=l10n("settings-forget"), callback_data=MenuCb(item="forget"))
    builder.adjust(1)
    builder.row(back_to_menu(l10n))
    return builder.as_markup()


@router.message(Command("help"))
async def cmd_help(message: Message, turn: Turn, bot: Bot) -> None:
    """What this person can do: everyone's commands, then their role's; their command menu
    is set again on the way (a role granted or taken since start-up shows up here)."""
    audience = await commands.audience_of(turn.session, turn.user.id, turn.is_admin)
    await message.answer(commands.help_text(turn.l10n, audience))
    await commands.set_person_menu(bot, turn.session, turn.user.id, turn.is_admin, turn.l10n)


@router.message(Command("menu"))
async def cmd_menu(message: Message, user: User, state: FSMContext, l10n: L10n) -> None:
    await state.clear()
    if user.consent_at is None and user.role is None:
        await continue_onboarding(message, user, state, l10n)
        return
    await show_menu(message, l10n)


@router.message(Command("cancel"))
async def cmd_cancel(message: Message, user: User, state: FSMContext, l10n: L10n) -> None:
    current = await state.get_state()
    await state.clear()
    await message.answer(l10n("cancel-done") if current else l10n("cancel-nothing"))
    await show_menu(message, l10n)


@router.message(Command("forget"))
async def cmd_forget(message: Message, l10n: L10n, turn: Turn) -> None:
    text = l10n("forget-confirm") + await cases_forget_note(turn)
    await message.answer(text, reply_markup=forget_keyboard(l10n))


@router.callback_query(ForgetCb.filter())
async def on_forget(
    query: CallbackQuery,
    callback_data: ForgetCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
    l10n: L10n,
    turn: Turn,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    if not callback_data.confirm:
        if isinstance(query.message, Message):
            await query.message.answer(l10n("forget-kept"))
        return
    await state.clear()
    await tell_case_handovers(session, user.id, turn.now())  # the new owners and volunteers
    session.expunge(user)
    await privacy.forget_user(session, user.id)
    await session.commit()
    if isinstance(query.message, Message):
        await query.message.answer(l10n("forget-done"))


@router.callback_query(MenuCb.filter(F.item == "home"))
async def on_home(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await query.answer()
    await state.clear()
    if isinstance(query.message, Message):  # back to the menu: the screen becomes the menu
        await show(query.message, l10n("menu-title"), menu_keyboard(l10n))


@router.callback_query(MenuCb.filter(~F.item.in_(FEATURE_ITEMS)))
async def on_menu_item(
    query: CallbackQuery, callback_data: MenuCb, l10n: L10n, turn: Turn
) -> None:
    item = callback_data.item
    message = query.message if isinstance(query.message, Message) else None
    known = set(MENU_ITEMS) | {"language", "role", "forget"}
    if item not in known or message is None:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    back = InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(l10n)]])
    # Menu steps replace the menu they were chosen from (edited in place).
    if item == "ask":
        await show(message, l10n("menu-ask-hint"), back)
    elif item in NOT_READY:
        await show(message, l10n("menu-not-ready"), back)
    elif item == "settings":
        await show(message, l10n("settings-title"), settings_keyboard(l10n))
    elif item == "language":
        await show(message, l10n("language-choose"), language_keyboard())
    elif item == "role":
        await show(message, l10n("start-ask-role"), role_keyboard(l10n))
    elif item == "forget":
        text = l10n("forget-confirm") + await cases_forget_note(turn)
        await show(message, text, forget_keyboard(l10n))
