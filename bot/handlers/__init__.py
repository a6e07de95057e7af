"""Routers, one per feature. ``get_routers`` fixes the order: catch-alls come last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from bot.handlers import common, fallback, knowledge, start

    return [t.build() for t in (common.router, start.router, knowledge.router, fallback.router)]
