"""The composition root: everything a handler needs is built here and injected by aiogram."""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import commands
from bot.admin import retention
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.crypto import Vault, load_vault
from bot.db import create_engine, create_sessionmaker
from bot.delivery import Delivery, DeliveryHooks, RateLimiter, make_limiter
from bot.desk import sweep as desk_sweep
from bot.desk.policy import DeskPolicy
from bot.fsm_storage import SealedStorage, SQLStorage, make_isolation
from bot.handlers import broadcast as broadcast_handlers
from bot.handlers import deadline_corrections as correction_handlers
from bot.handlers import get_routers
from bot.handlers import hearings as hearings_handlers
from bot.handlers.cases import outbox as cases_outbox
from bot.handlers.desk import outbox as desk_outbox
from bot.handlers.groups import PrivateOnly
from bot.handlers.kit import TypingWhileWorking
from bot.handlers.mexico import outbox as mexico_outbox
from bot.hearings import corrections as deadline_corrections
from bot.hearings import reminders as hearing_reminders
from bot.hotpath import run_filters_on_loop
from bot.i18n import Translator
from bot.knowledge import gaps
from bot.knowledge.base import KnowledgeBase, load_knowledge
from bot.knowledge.search import SearchIndex
from bot.metrics import ApiErrorCounter, UpdateTracker
from bot.mexico import jobs as mexico_jobs
from bot.mexico.programme import Programme
from bot.mexico.programme import load as load_programme
from bot.middlewares import (
    FloodMiddleware,
    SafeInputMiddleware,
    UpdateSessionMiddleware,
    UserMiddleware,
    make_flood_counter,
)
from bot.places import Places
from bot.turn import TurnBinder, TurnMiddleware

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Knowledge:
    kb: KnowledgeBase
    index: SearchIndex

    @classmethod
    def load(cls) -> Knowledge:
        kb, _ = load_knowledge(strict=True)
        return cls(kb=kb, index=SearchIndex.build(kb))


@dataclass(slots=True)
class App:
    """One running bot: what ``python -m bot``, the sandbox and the tests share."""

    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    bot: Bot
    dispatcher: Dispatcher
    delivery: Delivery
    translator: Translator
    clock: Clock
    knowledge: Knowledge
    vault: Vault
    programme: Programme
    scheduler: AsyncIOScheduler = field(default_factory=AsyncIOScheduler)

    async def start_jobs(self) -> None:
        # The scheduler runs on wall-clock time whatever clock the domain code is given
        # (the sandbox moves its clock forward), so "run now" is the system's now.
        now = SystemClock().now()
        await self.correct_deadlines()
        # The sender runs its own pump (per-chat pipelines, leases): bot/delivery.py.
        self.delivery.start(self.settings.outbox_poll_seconds)
        self._every(self.purge_gaps, "gaps", hours=6, first=now)
        self._every(self.purge_retention, "retention", hours=24, first=now)
        self._every(self.run_broadcasts, "broadcasts", seconds=5, first=now)
        # Hearing reminders for people who joined a case after the hearing was added.
        self._every(self.reconcile_reminders, "hearing-reminders", minutes=15)
        # Volunteer desk: SLA re-announcements, reminders, auto-close, /forget follow-ups.
        self._every(self.run_desk_sweep, "desk-sweep", seconds=60, first=now)
        # Mexico: crossing watches swept every minute (an alarm due while the bot was down
        # goes out at start), the programme's daily cards checked every quarter of an hour.
        self._every(self.run_mexico_sweep, "mexico-sweep", seconds=60, first=now)
        self._every(self.run_mexico_daily, "mexico-daily", minutes=15, first=now)
        self.scheduler.start()

    def _every(
        self,
        job: Callable[[], Awaitable[None]],
        job_id: str,
        *,
        first: dt.datetime | None = None,
        **interval: int,
    ) -> None:
        """Run ``job`` every ``interval`` (``hours=6``), first at ``first`` (without it, one
        interval from now); one run at a time, missed runs folded into one."""
        when = {} if first is None else {"next_run_time": first}
        self.scheduler.add_job(
            job, "interval", id=job_id, max_instances=1, coalesce=True, **interval, **when
        )

    async def run_periodic(self) -> None:
        """Every time-driven domain job once (the sandbox's ``@wait`` uses this)."""
        await self.run_desk_sweep()
        await self.reconcile_reminders()
        await self.purge_gaps()
        await self.purge_retention()
        await self.run_broadcasts()
        await self.run_mexico()

    async def run_mexico(self) -> None:
        """The Mexico section's time-driven work: missed check-ins raise the alarm, and each
        person's daily card goes out once their local hour has come."""
        await self.run_mexico_sweep()
        await self.run_mexico_daily()

    async def run_mexico_sweep(self) -> None:
        await mexico_jobs.sweep(
            self.sessionmaker,
            self.vault,
            self.clock.now(),
            self.settings.admin_ids,
            self.settings.volunteer_chat_id,
        )

    async def run_mexico_daily(self) -> None:
        await mexico_jobs.daily(self.sessionmaker, self.programme, self.clock.now())

    async def run_desk_sweep(self) -> None:
        async with self.sessionmaker() as session, session.begin():
            await desk_sweep.sweep(
                session, self.clock.now(), DeskPolicy.from_settings(self.settings)
            )

    async def purge_gaps(self) -> None:
        cutoff = self.clock.now() - dt.timedelta(days=self.settings.gap_retention_days)
        async with self.sessionmaker() as session, session.begin():
            await gaps.purge_older_than(session, cutoff)

    async def purge_retention(self) -> None:
        keep = retention.Retention(
            tickets_days=self.settings.retention_tickets_days,
            outbox_days=self.settings.retention_outbox_days,
            audit_days=self.settings.retention_audit_days,
            cases_days=self.settings.retention_cases_days,
        )
        async with self.sessionmaker() as session, session.begin():
            await retention.purge(session, self.clock.now(), keep)

    async def run_broadcasts(self) -> None:
        async with self.sessionmaker() as session, session.begin():
            await broadcast_handlers.tick(session, self.clock.now())

    async def correct_deadlines(self) -> None:
        """Appeal deadlines stored under the blocked 10-day rule: 30 days, everyone told once."""
        try:
            async with self.sessionmaker() as session, session.begin():
                await deadline_corrections.correct_appeal_deadlines(
                    session, self.clock.now(), self.settings.appeal_rule
                )
        except Exception:  # all or nothing, retried at the next start; the bot still serves
            log.exception("correcting appeal deadlines failed")

    async def reconcile_reminders(self) -> None:
        async with self.sessionmaker() as session, session.begin():
            await hearing_reminders.reconcile(session, self.clock.now())

    async def set_commands(self) -> None:
        """Command menus per language and role, and the bot's descriptions (bot/commands.py)."""
        async with self.sessionmaker() as session:
            await commands.publish(
                self.bot,
                session,
                self.translator,
                self.settings.admin_ids,
                self.settings.default_locale,
            )

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.delivery.stop()
        await self.dispatcher.storage.close()
        await self.bot.session.close()
        await self.engine.dispose()


def make_storage(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True, with_bot_id=True)
        )
    return SQLStorage(sessionmaker)


def build_dispatcher(
    *,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    translator: Translator,
    clock: Clock,
    knowledge: Knowledge,
    storage: BaseStorage,
    routers: list[Router] | None = None,
    events_isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    # One person's updates in order, never interleaved (issue 10): Redis locks when the
    # state is in Redis (several instances), in-process locks otherwise.
    isolation = events_isolation or make_isolation(storage)
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        disable_fsm=True,  # registered below, after the flood guard
        settings=settings,
        translator=translator,
        clock=clock,
        kb=knowledge.kb,
        search_index=knowledge.index,
    )
    flood = FloodMiddleware(
        translator,
        clock,
        settings.flood_max_messages,
        settings.flood_window_seconds,
        counter=make_flood_counter(storage),
    )
    users = UserMiddleware(translator, clock, settings.admin_ids)
    # Metrics and graceful shutdown see every update first, whatever happens to it after.
    tracker = UpdateTracker()
    dp.update.outer_middleware(tracker)
    dp["update_tracker"] = tracker
    # The flood guard counts updates as they arrive, before they queue for the person's lock.
    dp.update.outer_middleware(flood)
    # The FSM middleware with the update's one database session around it (issue 17).
    dp.fsm = UpdateSessionMiddleware(storage, isolation, sessionmaker)
    dp.update.outer_middleware(dp.fsm)
    safe = SafeInputMiddleware(translator)
    private = PrivateOnly(settings.volunteer_chat_id)  # no rows, no answers in other groups
    for observer in (dp.message, dp.callback_query):
        observer.outer_middleware(private)
        observer.outer_middleware(safe)
        observer.outer_middleware(users)
    dp.message.outer_middleware(TypingWhileWorking())  # "typing…" while a question is worked on
    dp.include_routers(*(routers if routers is not None else get_routers()))
    run_filters_on_loop(dp)  # no thread hand-off per State or magic filter (bot/hotpath.py)
    return dp


def install_turn(dp: Dispatcher, turns: TurnMiddleware) -> None:
    """The per-update ``turn`` (bot/turn.py): created for every update by ``turns``, bound to
    the session and the user after the other middlewares of messages and button presses."""
    dp.update.outer_middleware(turns)
    for observer in (dp.message, dp.callback_query):
        observer.outer_middleware(TurnBinder())


def freeze_startup_heap() -> None:
    """Move what start-up loaded (knowledge index, morphology dictionaries, translations,
    places) out of the garbage collector's sight: it lives as long as the process, and
    rescanning it on every full collection costs the outbox sender about a quarter of its
    throughput (benchmarks/reminders.py)."""
    gc.collect()
    gc.freeze()


def build_app(
    settings: Settings,
    *,
    session: BaseSession | None = None,
    clock: Clock | None = None,
    knowledge: Knowledge | None = None,
    engine: AsyncEngine | None = None,
    limiter: RateLimiter | None = None,
    vault: Vault | None = None,
    translator: Translator | None = None,
) -> App:
    """Wire a whole bot. Tests pass a recording session, a frozen clock, a shared knowledge
    base and translator (parsed once per test session); production passes nothing."""
    clock = clock or SystemClock()
    engine = engine or create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    if translator is None or translator.default != settings.default_locale:
        translator = Translator(default=settings.default_locale)
    knowledge = knowledge or Knowledge.load()
    if vault is None:
        vault = load_vault(
            settings.encryption_keys.get_secret_value() if settings.encryption_keys else None,
            settings.blind_index_key.get_secret_value() if settings.blind_index_key else None,
            settings.encryption_key_file,
        )
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    token = settings.bot_token.get_secret_value() if settings.bot_token else "42:SANDBOX"
    bot = Bot(
        token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    bot.session.middleware(ApiErrorCounter())  # 429s and API errors for /metrics
    # Free text in conversation state is encrypted like everything else people tell us.
    storage = SealedStorage(make_storage(settings, sessionmaker), vault)
    dp = build_dispatcher(
        settings=settings,
        sessionmaker=sessionmaker,
        translator=translator,
        clock=clock,
        knowledge=knowledge,
        storage=storage,
    )
    programme, _ = load_programme(strict=True)
    hooks = DeliveryHooks()
    places = Places.load()
    # Every feature registers its outbox renderers the same way: ``install(hooks, …)``.
    hearings_handlers.install(hooks, vault, places)
    cases_outbox.install(hooks, vault, places)
    correction_handlers.install(hooks, vault)
    desk_policy = DeskPolicy.from_settings(settings)
    desk_outbox.install(hooks, vault, desk_policy, clock)
    broadcast_handlers.install(hooks, settings.outbox_global_rate)
    mexico_outbox.install(hooks, vault, programme, settings.admin_ids, settings.volunteer_chat_id)
    delivery = Delivery(
        bot,
        sessionmaker,
        translator,
        clock,
        hooks=hooks,
        limiter=limiter or make_limiter(settings),
        request_timeout=settings.outbox_request_timeout,
        single_sender=not settings.redis_url,
    )
    dp["delivery"] = delivery
    dp["vault"] = vault
    dp["desk_policy"] = desk_policy
    dp["places"] = places
    dp["programme"] = programme
    install_turn(dp, TurnMiddleware(translator, clock, vault, places, settings.admin_ids))
    return App(
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        bot=bot,
        dispatcher=dp,
        delivery=delivery,
        translator=translator,
        clock=clock,
        knowledge=knowledge,
        vault=vault,
        programme=programme,
    )
