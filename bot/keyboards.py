"""Inline keyboards shared by several routers."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.handlers.callbacks import LangCb, MenuCb, RoleCb
from bot.i18n import L10n
from bot.models import Role

LANGUAGE_NAMES = {"ru": "🇷🇺 Русский", "en": "🇬🇧 English"}

# Menu entries in order; a feature that is not built yet answers honestly.
MENU_ITEMS: tuple[str, ...] = ("kb", "ask", "volunteer", "cases", "hearings", "mexico", "settings")


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGE_NAMES.items():
        builder.button(text=name, callback_data=LangCb(code=code))
    return builder.as_markup()


def role_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role in Role:
        builder.button(text=l10n(f"role-{role.value}"), callback_data=RoleCb(role=role.value))
    builder.adjust(1)
    return builder.as_markup()


def menu_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for item in MENU_ITEMS:
        builder.button(text=l10n(f"menu-{item}"), callback_data=MenuCb(item=item))
    builder.adjust(2, 2, 2, 1)
    return builder.as_markup()


def back_to_menu(l10n: L10n) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=l10n("menu-back"), callback_data=MenuCb(item="home").pack())
