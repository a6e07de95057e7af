"""What the dispatcher registers, found by introspection: callback data classes and
commands. The fuzz and authorisation tests cover a new button or command without edits."""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Dispatcher, Router
from aiogram.filters import Command, CommandStart
from aiogram.filters.callback_data import CallbackData

# String callback data that is not a CallbackData class.
STRING_PREFIXES = ("ann:show", "ann:on", "ann:off", "dk:take:")


def all_routers(router: Router) -> Iterator[Router]:
    yield router
    for sub in router.sub_routers:
        yield from all_routers(sub)


def callback_classes() -> list[type[CallbackData]]:
    found: list[type[CallbackData]] = []
    stack = list(CallbackData.__subclasses__())
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(
        {c for c in found if c.__module__.startswith("bot.")}, key=lambda c: c.__prefix__
    )


def registered_commands(dp: Dispatcher) -> list[str]:
    commands: set[str] = set()
    for router in all_routers(dp):
        for handler in router.message.handlers:
            for flt in handler.filters or ():
                if isinstance(flt.callback, CommandStart):
                    commands.add("start")
                elif isinstance(flt.callback, Command):
                    commands.update(str(c) for c in flt.callback.commands)
    return sorted(commands)
