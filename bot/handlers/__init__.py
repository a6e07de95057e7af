"""Routers, one per feature. ``get_routers`` fixes the order: catch-alls come last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from bot.handlers import (
        broadcast,
        common,
        fallback,
        groups,
        kit,
        knowledge,
        operators,
        start,
        triage,
        volunteers,
    )
    from bot.handlers.cases import card as case_card
    from bot.handlers.cases import form as case_form
    from bot.handlers.cases import guard as case_guard
    from bot.handlers.cases import life as case_life
    from bot.handlers.cases import members as case_members
    from bot.handlers.cases import volunteer as case_volunteer
    from bot.handlers.desk import admin as desk_admin
    from bot.handlers.desk import asking as desk_asking
    from bot.handlers.desk import conversation as desk_conversation
    from bot.handlers.desk import queue as desk_queue
    from bot.handlers.desk import tools as desk_tools
    from bot.handlers.hearings import add as hearings_add
    from bot.handlers.hearings import change as hearings_change
    from bot.handlers.hearings import form as hearings_form
    from bot.handlers.hearings import outcome as hearings_outcome
    from bot.handlers.hearings import prefs as hearings_prefs
    from bot.handlers.hearings import views as hearings_views
    from bot.handlers.mexico import circle as mexico_circle
    from bot.handlers.mexico import crossing as mexico_crossing
    from bot.handlers.mexico import home as mexico_home
    from bot.handlers.mexico import signup as mexico_signup

    return [
        t.build()
        for t in (
            kit.router,  # renders domain refusals (an errors handler only)
            groups.router,  # added to a group: say what the bot is for, and leave
            case_guard.router,  # a typed person form is never dropped by another button
            common.router,
            start.router,
            hearings_views.router,  # /hearings must come before the hearing forms' text steps
            hearings_add.router,
            hearings_form.router,
            hearings_change.router,
            hearings_outcome.router,
            hearings_prefs.router,
            case_card.router,  # /cases must come before the case forms' free-text handlers
            case_form.router,
            case_life.router,
            case_members.router,
            case_volunteer.router,
            volunteers.router,
            desk_conversation.router,  # a reply to a ticket message wins over any desk state
            desk_asking.router,
            desk_tools.router,
            desk_queue.router,
            desk_admin.router,
            operators.router,
            broadcast.router,
            mexico_signup.router,  # the form's typed answers before free-text questions
            mexico_crossing.router,
            mexico_circle.router,
            mexico_home.router,
            triage.router,  # a typed answer to "what happened?" comes before free-text questions
            knowledge.router,
            fallback.router,
        )
    ]
