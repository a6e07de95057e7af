"""Callback data shapes. Anything pressed is re-validated by its handler: clients can forge it."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LangCb(CallbackData, prefix="lang"):
    code: str


class RoleCb(CallbackData, prefix="role"):
    role: str


class ConsentCb(CallbackData, prefix="consent"):
    agree: bool


class MenuCb(CallbackData, prefix="menu"):
    item: str


class ForgetCb(CallbackData, prefix="forget"):
    confirm: bool


class KbCb(CallbackData, prefix="kb"):
    action: str  # "cats" | "cat" | "topic"
    ref: str = ""
