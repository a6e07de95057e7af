"""Telegram's sending limits, modelled the way Telegram counts them.

Telegram allows about 30 messages a second overall, one a second to a private chat and 20 a
minute to a group, and answers 429 with ``retry_after`` beyond that. It counts a message at
the moment the request arrives, which the sender cannot know exactly: only that it lies
between sending the request and reading the answer. So each message takes a slot of a
sliding window when its request starts, and the slot is given back one period after the
*answer* arrived: at any instant the slots taken are at least the messages Telegram counts in
its last period, whatever the latency, and the sender still runs at the full rate (losing
only the round trip per message, not a safety margin).

Starts are also spaced evenly (``1 / rate`` apart) instead of in bursts of a whole window:
the window is what guarantees no 429, the spacing keeps the requests in flight at any
instant to about one, which is what a crash can duplicate.

Two implementations with one interface: :class:`RateLimiter` (one process) and
:class:`RedisRateLimiter` (several instances share the windows and the 429 pause through one
Lua script, with Redis's own clock). ``retry_after`` pauses every send, not only the chat's.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

# Telegram: at most 20 messages a minute to one group (negative chat ids are groups).
GROUP_LIMIT = 20
GROUP_PERIOD = 60.0
# A slot whose answer never came (a dead process) is freed after this long in Redis.
HELD_FOR = 120.0
# How often a waiting sender re-checks Redis when every slot is held by a request in flight.
REDIS_POLL = 0.02


def window_for_rate(rate: float) -> tuple[int, float]:
    """``rate`` messages a second as (limit, period): 30 -> (30, 1 s), 0.5 -> (1, 2 s)."""
    if rate >= 1:
        limit = int(rate)
        return limit, limit / rate
    return 1, 1 / rate


def is_group(chat_id: int) -> bool:
    return chat_id < 0


class Limiter(Protocol):
    """What the sender needs from a limiter."""

    unlimited: bool

    async def acquire(self, chat_id: int) -> Slot: ...

    async def release(self, slot: Slot) -> None: ...

    async def pause(self, seconds: float) -> None: ...

    async def paused_for(self) -> float: ...

    async def close(self) -> None: ...


@dataclass(slots=True)
class Slot:
    """One message's place in the windows, held from the request until one period after
    the answer."""

    chat_id: int
    token: str = ""
    cells: list[tuple[list[float], float]] = field(default_factory=list)  # (cell, period)


class _Window:
    __slots__ = ("cells", "limit", "period")

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.cells: list[list[float]] = []  # each cell holds its expiry (inf while in flight)

    def wait(self, now: float) -> float | None:
        """0 when a slot is free, else seconds until one frees (None: all are in flight)."""
        if len(self.cells) >= self.limit:
            self.cells = [c for c in self.cells if c[0] > now]
        if len(self.cells) < self.limit:
            return 0.0
        soonest = min(c[0] for c in self.cells)
        return None if math.isinf(soonest) else soonest - now

    def take(self) -> list[float]:
        cell = [math.inf]
        self.cells.append(cell)
        return cell


class RateLimiter:
    """The windows of one process: ``global_rate`` messages a second overall, one message
    per ``per_chat`` seconds to a private chat, 20 a minute to a group."""

    def __init__(self, global_rate: float = 30.0, per_chat: float = 1.0) -> None:
        self.global_rate = global_rate
        self.per_chat = per_chat
        self.unlimited = global_rate >= 1e6 and per_chat <= 0
        limit, period = window_for_rate(global_rate)
        self._global = _Window(limit, period)
        self._chats: dict[int, _Window] = {}
        self._paused_until = 0.0
        self._spacing = 0.0 if self.unlimited else period / limit
        self._next_start = 0.0
        self._changed = asyncio.Event()
        self._turn = asyncio.Lock()

    def _chat_window(self, chat_id: int) -> _Window | None:
        window = self._chats.get(chat_id)
        if window is None:
            if is_group(chat_id):
                window = _Window(GROUP_LIMIT, GROUP_PERIOD)
            elif self.per_chat > 0:
                window = _Window(1, self.per_chat)
            else:
                return None
            if len(self._chats) > 10_000:
                now = time.monotonic()
                self._chats = {
                    k: w for k, w in self._chats.items() if any(c[0] > now for c in w.cells)
                }
            self._chats[chat_id] = window
        return window

    async def acquire(self, chat_id: int) -> Slot:
        if self.unlimited and self._paused_until <= time.monotonic():
            return Slot(chat_id)
        chat = None if self.unlimited else self._chat_window(chat_id)
        if chat is not None:
            # A chat's messages come one after another from one pipeline: its own window
            # is waited for outside the queue, so it never holds up other chats.
            while (wait := chat.wait(time.monotonic())) != 0.0:  # noqa: ASYNC110
                await asyncio.sleep(wait if wait is not None else 0.01)
        # One waiter at a time, in arrival order: no herd waking on every answer.
        async with self._turn:
            while True:
                now = time.monotonic()
                if self._paused_until > now:
                    await asyncio.sleep(self._paused_until - now)
                    continue
                if self.unlimited:
                    return Slot(chat_id)
                if self._next_start > now:
                    await asyncio.sleep(self._next_start - now)
                    continue
                wait = self._global.wait(now)
                if wait is None:  # every slot in flight: the next answer frees one
                    changed = self._changed
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(changed.wait(), 0.5)
                    continue
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                # Evenly spaced, catching up at most two places when woken late.
                self._next_start = max(self._next_start, now - 2 * self._spacing) + self._spacing
                cells = [(self._global.take(), self._global.period)]
                if chat is not None:
                    cells.append((chat.take(), chat.period))
                return Slot(chat_id, cells=cells)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def release(self, slot: Slot) -> None:
        if not slot.cells:
            return
        now = time.monotonic()
        for cell, period in slot.cells:
            cell[0] = now + period
        slot.cells = []
        self._notify()

    async def pause(self, seconds: float) -> None:
        """Telegram said ``retry_after``: no request starts before it has passed."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)
        self._notify()

    async def paused_for(self) -> float:
        return max(0.0, self._paused_until - time.monotonic())

    async def close(self) -> None:
        return None


# KEYS: global window, chat window, pause key, next-start key.
# ARGV: global limit, chat limit, token, held-for ms, spacing ms.
# Returns 0 when the slot is taken; minus the pause left (ms) while paused; else the
# milliseconds until a slot frees (more than a minute means every slot is held by a request
# in flight: poll again soon).
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then return -paused end
local glimit = tonumber(ARGV[1])
local climit = tonumber(ARGV[2])
local hold = now + tonumber(ARGV[4])
local nxt = tonumber(redis.call('GET', KEYS[4]) or '0')
if nxt > now then return nxt - now end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= glimit then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(first[2]) - now)
end
if climit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= climit then
    local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return math.max(1, tonumber(first[2]) - now)
  end
  redis.call('ZADD', KEYS[2], hold, ARGV[3])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) + 60000)
end
redis.call('ZADD', KEYS[1], hold, ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + 60000)
redis.call('SET', KEYS[4], now + tonumber(ARGV[5]), 'PX', 60000)
return 0
"""

# KEYS: global window, chat window ("" when none). ARGV: token, global period ms, chat period ms.
_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
if tonumber(ARGV[3]) > 0 then
  redis.call('ZADD', KEYS[2], 'XX', now + tonumber(ARGV[3]), ARGV[1])
end
return 0
"""

# KEYS: pause key. ARGV: milliseconds. Only ever lengthens a pause.
_PAUSE = """
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', tonumber(ARGV[1]))
end
return 0
"""


class RedisRateLimiter:
    """The same windows and pause in Redis, shared by every instance of the bot."""

    def __init__(
        self,
        url_or_client: Any,
        global_rate: float = 30.0,
        per_chat: float = 1.0,
        *,
        prefix: str = "ahb:send",
    ) -> None:
        if isinstance(url_or_client, str):
            from redis.asyncio import Redis

            self.redis: Any = Redis.from_url(url_or_client)
            self._own = True
        else:
            self.redis = url_or_client
            self._own = False
        self.global_rate = global_rate
        self.per_chat = per_chat
        self.unlimited = False
        self.global_limit, self.global_period = window_for_rate(global_rate)
        self.spacing_ms = int(self.global_period * 1000 / self.global_limit)
        self.prefix = prefix
        self._acquire = self.redis.register_script(_ACQUIRE)
        self._release = self.redis.register_script(_RELEASE)
        self._pause = self.redis.register_script(_PAUSE)

    def _keys(self, chat_id: int) -> tuple[str, str, str, str]:
        return (
            f"{self.prefix}:global",
            f"{self.prefix}:chat:{chat_id}",
            f"{self.prefix}:pause",
            f"{self.prefix}:next",
        )

    def _chat_window(self, chat_id: int) -> tuple[int, float]:
        if is_group(chat_id):
            return GROUP_LIMIT, GROUP_PERIOD
        if self.per_chat > 0:
            return 1, self.per_chat
        return 0, 0.0

    async def acquire(self, chat_id: int) -> Slot:
        climit, _period = self._chat_window(chat_id)
        token = uuid.uuid4().hex
        keys = self._keys(chat_id)
        while True:
            wait_ms = int(
                await self._acquire(
                    keys=list(keys),
                    args=[self.global_limit, climit, token, int(HELD_FOR * 1000), self.spacing_ms],
                )
            )
            if wait_ms == 0:
                return Slot(chat_id, token=token)
            if wait_ms < 0:  # paused by a 429: every instance waits it out
                await asyncio.sleep(-wait_ms / 1000)
            elif wait_ms > 60_000:  # all slots in flight: their answers free them
                await asyncio.sleep(REDIS_POLL)
            else:
                await asyncio.sleep(wait_ms / 1000)

    async def release(self, slot: Slot) -> None:
        if not slot.token:
            return
        _climit, period = self._chat_window(slot.chat_id)
        keys = self._keys(slot.chat_id)
        await self._release(
            keys=[keys[0], keys[1]],
            args=[slot.token, int(self.global_period * 1000) + 1, int(period * 1000)],
        )
        slot.token = ""

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[self._keys(0)[2]], args=[max(1, int(seconds * 1000))])

    async def paused_for(self) -> float:
        left = int(await self.redis.pttl(self._keys(0)[2]))
        return max(0.0, left / 1000)

    async def close(self) -> None:
        if self._own:
            await self.redis.aclose()
