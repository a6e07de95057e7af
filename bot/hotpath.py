"""No thread hand-offs on the hot path: synchronous filters run on the event loop.

aiogram calls every filter or handler that is not a coroutine function through
``asyncio.to_thread`` (``aiogram/dispatcher/event/handler.py``, ``CallableObject.call``). An
FSM ``State`` used as a filter (``@router.message(Form.name)``) and every magic filter
(``F.text``, whose callable is ``MagicFilter.resolve``) are synchronous, so a free-text
question walked past some fifty of them, each a round trip through the default thread pool:
most of the CPU an update cost (issue 17).

Filters are pure predicates over the update and the data aiogram hands them, so
:func:`run_filters_on_loop` wraps each synchronous one, once, after the routers are built, in
a coroutine function that calls it inline. A synchronous *handler* is refused instead: it
would run on the loop with the update's database session, or in a thread beside it, and
neither is right. Register ``async def`` handlers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import CallableObject, HandlerObject
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.types import CallbackQuery


def walk_routers(root: Router) -> Iterator[Router]:
    yield root
    for child in root.sub_routers:
        yield from walk_routers(child)


def callables(root: Router) -> Iterator[tuple[str, CallableObject]]:
    """Every handler and filter aiogram will call, with where it is registered."""
    for router in walk_routers(root):
        for name, observer in router.observers.items():
            where = f"{router.name}.{name}"
            # The observer's own handler is a placeholder (``lambda: True``) that is never
            # called; only its filters (``router.message.filter(...)``) are.
            placeholder = observer._handler
            yield from ((f"{where} filter", f) for f in placeholder.filters or [])
            for handler in observer.handlers:
                yield f"{where} handler", handler
                yield from ((f"{where} filter", f) for f in handler.filters or [])


def _on_loop(function: Callable[..., Any]) -> Callable[..., Any]:
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return inline


class _PrefixFirst:
    """A ``SomeCb.filter(rule)`` that looks at the prefix before parsing.

    aiogram's ``CallbackQueryFilter`` parses the button's data into its ``CallbackData``
    class (a pydantic model) and lets a mismatch raise; with a hundred button handlers, a
    press paid for over a hundred failed parses. Here data of another class is turned away by
    one string comparison, and data of this class is parsed once per press, however many
    handlers of the class test their rule on it."""

    _last: dict[type[CallbackData], tuple[CallbackQuery, CallbackData]] = {}

    def __init__(self, original: CallbackQueryFilter) -> None:
        self.original = original
        self.cls = original.callback_data
        self.prefix = self.cls.__prefix__
        self.head = self.prefix + self.cls.__separator__

    async def __call__(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(query, CallbackQuery) or not query.data:
            return False
        data = query.data
        if not (data.startswith(self.head) or data == self.prefix):
            return False
        last = self._last.get(self.cls)
        if last is not None and last[0] is query:
            parsed = last[1]
        else:
            try:
                parsed = self.cls.unpack(data)
            except (TypeError, ValueError):
                return False
            self._last[self.cls] = (query, parsed)
        rule = self.original.rule
        if rule is None or rule.resolve(parsed):
            return {"callback_data": parsed}
        return False


def run_filters_on_loop(root: Router) -> int:
    """Make every synchronous filter under ``root`` a coroutine function; refuse synchronous
    handlers; let button filters check the prefix first. Returns how many filters were
    wrapped. Idempotent."""
    wrapped = 0
    for where, item in callables(root):
        if isinstance(item.callback, CallbackQueryFilter):
            item.callback = _PrefixFirst(item.callback)
            continue
        if item.awaitable:
            continue
        if isinstance(item, HandlerObject):
            raise TypeError(f"synchronous handler {item.callback!r} in {where}: use async def")
        # aiogram has already read the parameters the callable wants from its signature.
        item.callback = _on_loop(item.callback)
        item.awaitable = True
        wrapped += 1
    return wrapped


def synchronous(root: Router) -> list[str]:
    """What aiogram would still hand to a thread (the placeholder handlers excluded)."""
    return [f"{where}: {item.callback!r}" for where, item in callables(root) if not item.awaitable]
