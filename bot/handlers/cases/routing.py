"""The router every private-chat handler module starts with (cases, Mexico and triage)."""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ChatType

from bot.handlers.template import RouterTemplate


def private_router(name: str, *, presses: bool = False) -> RouterTemplate:
    """A router for the private chat only: its messages, and with ``presses`` its buttons too
    (a press in a group chat then goes on to the routers after it)."""
    router = RouterTemplate(name)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    if presses:
        router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    return router
