"""Routers, one per feature. ``get_routers`` fixes the order: catch-alls come last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from bot.handlers import (
        cases,
        common,
        desk,
        desk_tools,
        fallback,
        hearings,
        knowledge,
        start,
        volunteers,
    )

    return [
        t.build()
        for t in (
            common.router,
            start.router,
            hearings.router,
            cases.router,
            volunteers.router,
            desk.router,
            desk_tools.router,
            knowledge.router,
            fallback.router,
        )
    ]
