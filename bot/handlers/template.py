"""Decorator-style handler registration that builds a fresh Router for each dispatcher.

aiogram attaches a Router to exactly one parent, so module-level routers cannot serve the
several dispatchers a test run (or a restart test) builds. Modules declare handlers on a
``RouterTemplate`` exactly as on a Router; ``build()`` makes the Router.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from aiogram import F as MagicF
from aiogram import Router
from aiogram.enums import ChatType

F = TypeVar("F", bound=Callable[..., Any])


class _Observer:
    def __init__(self, template: RouterTemplate, name: str) -> None:
        self._template = template
        self._name = name

    def __call__(self, *filters: Any, **kwargs: Any) -> Callable[[F], F]:
        def register(handler: F) -> F:
            self._template.registrations.append((self._name, handler, filters, kwargs))
            return handler

        return register

    def filter(self, *filters: Any) -> None:
        self._template.observer_filters.append((self._name, filters))


class RouterTemplate:
    def __init__(self, name: str) -> None:
        self.name = name
        self.registrations: list[
            tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]
        ] = []
        self.observer_filters: list[tuple[str, tuple[Any, ...]]] = []
        self.message = _Observer(self, "message")
        self.callback_query = _Observer(self, "callback_query")
        self.errors = _Observer(self, "errors")
        self.my_chat_member = _Observer(self, "my_chat_member")

    def build(self) -> Router:
        router = Router(name=self.name)
        for observer, filters in self.observer_filters:
            getattr(router, observer).filter(*filters)
        for observer, handler, filters, kwargs in self.registrations:
            getattr(router, observer).register(handler, *filters, **kwargs)
        return router


def private_router(name: str, *, presses: bool = False) -> RouterTemplate:
    """A router for the private chat only: its messages, and with ``presses`` its buttons too
    (a press in a group chat then goes on to the routers after it)."""
    router = RouterTemplate(name)
    router.message.filter(MagicF.chat.type == ChatType.PRIVATE)
    if presses:
        router.callback_query.filter(MagicF.message.chat.type == ChatType.PRIVATE)
    return router
