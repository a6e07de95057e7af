"""The authorisation matrix: every button and every staff command, pressed or typed by every
kind of person who should not be able to use it on someone else's things.

A small world is built through the real dispatcher (a family case with a hearing, a desk
ticket taken by the case's volunteer, a Mexico sign-up with a crossing watch and a circle, a
broadcast, volunteers in every state, a coordinator). Every button its owners, its volunteer
and the admin were shown is harvested; every callback prefix the bot registers (found by
introspection, so a new button is covered automatically) gets payloads pointing at those
real objects too. Then each kind of actor presses each of them and types each staff command:
nothing may change in the database except the actor's own rows, and nothing sent to the
actor may reveal the objects (names, the question, the draft).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from sqlalchemy import event, select

from bot.admin import staff
from bot.clock import FrozenClock
from bot.config import Settings
from bot.db import import_all_models
from bot.dispatcher import App
from bot.models import VolunteerStatus
from bot.recording import RecordingSession
from bot.simulator import NoSuchButton, Simulator, SimUser
from tests.case_helpers import make_volunteer as add_volunteer
from tests.conftest import ADMIN_ID, START, AppFactory
from tests.desk_helpers import ask
from tests.hearing_helpers import add_hearing, add_user, make_family
from tests.introspection import STRING_PREFIXES, callback_classes, registered_commands

OWNER, MEMBER, CASE_VOLUNTEER = 1001, 1002, 2001
SEEKER, CIRCLE = 1003, 1004  # the Mexico section's objects
OTHER_OWNER, OTHER_VOLUNTEER = 1101, 2101
COORDINATOR = 5003
ACTORS = {
    "stranger": 5001,  # never talked to the bot
    "plain user": 5002,
    "member of another case": OTHER_OWNER,
    "pending volunteer": 2201,
    "paused volunteer": 2202,
    "revoked volunteer": 2203,
    "volunteer of another case": OTHER_VOLUNTEER,
    "coordinator": COORDINATOR,
}
VOLUNTEER_STATES = {
    2201: VolunteerStatus.PENDING,
    2202: VolunteerStatus.PAUSED,
    2203: VolunteerStatus.REVOKED,
}
VICTIMS = (OWNER, MEMBER, CASE_VOLUNTEER, SEEKER, CIRCLE, ADMIN_ID)

LATIN, CYRILLIC = "SECRETOV SEKRET", "Секретов Секрет"
QUESTION = "Секретный вопрос Огурцовой: мужа перевели из Аделанто, где он?"
BROADCAST = "ЧЕРНОВИК-ОБЪЯВЛЕНИЕ для всех"
VOLUNTEER_NAME = "Веротайна"
SECRETS = (
    "SECRETOV",
    "Secretov",
    "Секретов",
    "Огурцов",
    "ЧЕРНОВИК",
    VOLUNTEER_NAME,
    "ZAGADKIN",
    "Zagadkin",
)

# A coordinator may use these (operators' tools); everything else of the admin's is not theirs.
COORDINATOR_MAY = ("gaps:", "aud:", "bc:", "/stats", "/gaps", "/broadcast", "/audit")
# /forget only ever deletes the presser's own data: it is tested in test_forget.py.
NOT_FORGED = ("forget:",)
# Operators' and volunteers' commands, with arguments naming real objects.
STAFF_COMMANDS = (
    "/stats",
    "/gaps",
    "/audit",
    "/audit case {case}",
    "/audit vol {volunteer}",
    "/coordinators",
    "/coordinators add {actor}",
    "/coordinators rm {coordinator}",
    "/broadcast",
    "/tickets",
    "/proposals",
    "/volunteers",
    "/queue",
    "/mine",
    "/away",
    "/ticket {ticket}",
    "/ticket #{ticket}",
    "/answer {ticket} Ответ вместо волонтёра",
    "/note {ticket} заметка",
    "/cases",
    "/hearings",
    "/mexico",
)
# Tables where an actor's own row may change (their language, state, preferences).
OWN_ROWS = {
    "users": "id",
    "fsm_state": "user_id",
    "search_gaps": "user_id",
    "reminder_prefs": "user_id",
    "mexico_profiles": "user_id",
    "mexico_steps": "user_id",
    "volunteers": "user_id",
}
# ... but never these columns: they are someone else's decision about the actor.
GUARDED_COLUMNS = {"volunteers": ("status",), "reminder_prefs": ("muted_cases",)}
IGNORED_TABLES = ("daily_counts",)


async def maybe(user: SimUser, label: str | int) -> None:
    """Press a button if it is there: harvesting is best effort, coverage is checked later."""
    with contextlib.suppress(NoSuchButton):
        await user.press(label)


async def build_world(sim: Simulator, app: App) -> dict[str, int]:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    admin = sim.user(ADMIN_ID)
    await admin.send("/start")
    await admin.press("Русский")
    await admin.press(1)
    await admin.press(1)

    await add_volunteer(app, CASE_VOLUNTEER, name=VOLUNTEER_NAME)
    family = await make_family(
        app,
        owner=OWNER,
        members=(MEMBER,),
        volunteer=CASE_VOLUNTEER,
        latin=LATIN,
        cyrillic=CYRILLIC,
    )
    hearing = await add_hearing(
        app,
        family,
        dt.datetime(2026, 12, 15, 9, 0),
        place_id=None,
        tz="America/Los_Angeles",
    )
    await add_volunteer(app, OTHER_VOLUNTEER, name="Другой")
    other = await make_family(
        app, owner=OTHER_OWNER, members=(), volunteer=OTHER_VOLUNTEER, latin="OTHER PERSON"
    )
    for uid, status in VOLUNTEER_STATES.items():
        await add_volunteer(app, uid, name=f"V{uid}", status=status)
    for uid in (ACTORS["plain user"], COORDINATOR, SEEKER, CIRCLE):
        await add_user(app, uid)
    async with app.sessionmaker() as db, db.begin():
        await staff.grant(db, ADMIN_ID, COORDINATOR, START)

    owner, volunteer = sim.user(OWNER), sim.user(CASE_VOLUNTEER)
    ticket = await ask(sim, app, owner, QUESTION)
    await sim.deliver(app.delivery)
    await volunteer.press_data(f"dk:take:{ticket}:")
    await sim.deliver(app.delivery)
    await volunteer.send("Здравствуйте, смотрю")
    await sim.deliver(app.delivery)

    # The owner's, the volunteer's and the admin's screens: their buttons are harvested.
    for command in ("/cases", "/hearings", "/menu", "/help", "/language"):
        await owner.send(command)
        await maybe(owner, LATIN)
        await maybe(owner, "Участники")
        await maybe(owner, "Пригласить")
    await owner.send("/cases")
    await maybe(owner, 1)
    for label in (1, 2, 3, 4, 5, 6):
        await owner.send("/cases")
        await maybe(owner, 1)
        await maybe(owner, label)
    await owner.send("/hearings")
    await maybe(owner, 1)
    await maybe(owner, 1)
    for command in ("/queue", "/mine", f"/ticket {ticket}", "/cases", "/hearings", "/volunteer"):
        await volunteer.send(command)
        await maybe(volunteer, 1)
    for command in (
        "/volunteers",
        "/tickets",
        "/proposals",
        "/stats",
        "/gaps",
        "/audit",
        "/coordinators",
    ):
        await admin.send(command)
        await maybe(admin, 1)
    await admin.send("/broadcast")
    await admin.send(BROADCAST)
    await maybe(admin, 1)
    await maybe(admin, "Всем")

    seeker, circle = sim.user(SEEKER), sim.user(CIRCLE)
    for user in (seeker, circle):
        await user.send("/start")
        await maybe(user, "Русский")
    await seeker.send("/mexico")
    await maybe(seeker, "Заполнить анкету")
    await maybe(seeker, "Тихуана")
    await seeker.send("2")
    await seeker.send("1")
    await maybe(seeker, "Дальше")
    await maybe(seeker, "Пока никто")
    await maybe(seeker, "Пока не знаю")
    await seeker.send("zagadkin zagadka")
    await seeker.send("01.02.1990")
    await maybe(seeker, "Россия")
    await maybe(seeker, "Дальше")
    await maybe(seeker, "Да, открыть сразу")
    await maybe(seeker, "Согласен(на), сохранить")
    await seeker.send("/mexico")
    await maybe(seeker, "Следующий шаг")
    await seeker.send("/mexico")
    await maybe(seeker, "Экстренный круг")
    await maybe(seeker, "Пригласить родственника")
    texts = [t for t in seeker.texts() if "start=circle_" in t]
    if texts:
        token = texts[-1].split("start=circle_")[1].split()[0]
        await circle.send(f"/start circle_{token}")
        await maybe(circle, "Да, я в круге")
    await seeker.send("/mexico")
    await maybe(seeker, "Я перехожу")
    await seeker.send("завтра в 9:00")
    await seeker.send("Сан-Исидро")
    await maybe(seeker, "Каждые 12 часов")
    await seeker.send("/mexico")
    await maybe(seeker, 1)
    await sim.deliver(app.delivery)
    return {
        "case": family.case_id,
        "person": family.person_id,
        "hearing": hearing,
        "ticket": ticket,
        "other_case": other.case_id,
        "volunteer": CASE_VOLUNTEER,
        "coordinator": COORDINATOR,
    }


def harvested(session: RecordingSession, people: Iterable[int]) -> set[str]:
    wanted = set(people)
    found: set[str] = set()
    for sent in session.sent:
        if sent.chat_id in wanted:
            found.update(data for _, data in sent.buttons() if data and ":" in data)
    return found


def field_values(cls: type[CallbackData], sources: str) -> dict[str, set[str]]:
    """String values each field of ``cls`` takes in the handlers' source: in its
    constructors (``Cb(action="x")``, ``Cb("x", ...)``) and its filters
    (``Cb.filter(F.action == "x")``, ``Cb.filter(F.action.in_({"x", "y"}))``)."""
    names = list(cls.model_fields)
    values: dict[str, set[str]] = {name: set() for name in names}
    name = cls.__name__
    for call in re.finditer(rf"\b{name}\(([^()]*(?:\([^()]*\)[^()]*)*)\)", sources):
        args = call.group(1)
        for field in names:
            values[field].update(re.findall(rf'\b{field}="([\w-]+)"', args))
        positional = re.match(r'\s*"([\w-]+)"', args)
        if positional:
            values[names[0]].add(positional.group(1))
    for flt in re.finditer(rf"\b{name}\.filter\(([^\n]*(?:\n[^\n@]*){{0,3}})", sources):
        args = flt.group(1)
        for field in names:
            values[field].update(re.findall(rf'F\.{field}\s*==\s*"([\w-]+)"', args))
            for group in re.findall(rf"F\.{field}\.in_\(([^)]*)\)", args):
                values[field].update(re.findall(r'"([\w-]+)"', group))
    return values


def synthesised(cls: type[CallbackData], objects: dict[str, int], sources: str) -> set[str]:
    """Payloads for a callback class pointing at the world's real objects: every value its
    text fields take, every id of the world in its number fields."""
    targets = {objects[k] for k in ("case", "person", "hearing", "ticket")} | {OWNER}
    people = {CASE_VOLUNTEER, 2201, COORDINATOR}
    values = field_values(cls, sources)
    texts = [f for f, info in cls.model_fields.items() if "int" not in str(info.annotation)]
    choices = [sorted(values[f]) or [""] for f in texts]
    payloads: set[str] = set()
    for combo in itertools.product(*choices):
        chosen = dict(zip(texts, combo, strict=True))
        by_person = any(f in ("uid", "user_id") for f in cls.model_fields)
        for number in sorted(people if by_person else targets):
            parts = [chosen.get(f, str(number)) for f in cls.model_fields]
            payloads.add(cls.__separator__.join([cls.__prefix__, *parts]))
    return payloads


def handler_sources() -> str:
    return "\n".join(p.read_text() for p in sorted(Path("bot/handlers").rglob("*.py")))


class Writes:
    """Counts the statements that write, on every connection of the app's engine: when an
    attempt wrote nothing, the database cannot have changed and no snapshot is needed."""

    def __init__(self, app: App) -> None:
        self.count = 0
        event.listen(app.engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.count += 1


async def snapshot(app: App) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    metadata = import_all_models()
    rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
    async with app.sessionmaker() as session:
        for table in metadata.sorted_tables:
            if table.name in IGNORED_TABLES:
                continue
            key_columns = [c.name for c in table.primary_key.columns]
            result = await session.execute(select(table))
            rows[table.name] = {
                tuple(m[k] for k in key_columns): dict(m) for m in result.mappings().all()
            }
    return rows


def forged_changes(
    before: dict[str, dict[tuple[Any, ...], dict[str, Any]]],
    after: dict[str, dict[tuple[Any, ...], dict[str, Any]]],
    actor: int,
    victims: set[str],
) -> list[str]:
    changes: list[str] = []
    for table, rows in after.items():
        old_rows = before.get(table, {})
        for key in set(rows) | set(old_rows):
            old, new = old_rows.get(key), rows.get(key)
            if old == new:
                continue
            owner_column = OWN_ROWS.get(table)
            own = owner_column is not None and actor in (
                (old or {}).get(owner_column),
                (new or {}).get(owner_column),
            )
            if own and old is not None and new is not None:
                guarded = GUARDED_COLUMNS.get(table, ())
                if all(old.get(c) == new.get(c) for c in guarded):
                    continue
            elif own and table != "volunteers":
                continue
            if (
                table == "audit_log"
                and old is None
                and new is not None
                and new.get("actor_id") == actor
                and str(new.get("object_id")) not in victims
            ):
                continue  # what the actor did to their own things (or a refusal)
            if table == "outbox" and new is not None and new.get("chat_id") == actor:
                continue  # a reply to the actor, checked for secrets below
            changes.append(f"{table} {key}: {_short(old)} -> {_short(new)}")
    return changes


def _short(row: dict[str, Any] | None) -> str:
    return "-" if row is None else str({k: v for k, v in row.items() if v is not None})[:200]


def said_to(methods: list[TelegramMethod[Any]], chat_id: int) -> list[str]:
    texts: list[str] = []
    for method in methods:
        if isinstance(method, AnswerCallbackQuery):
            texts.append(method.text or "")
            continue
        if getattr(method, "chat_id", None) not in (chat_id, str(chat_id)):
            continue
        texts.extend(
            str(getattr(method, name) or "")
            for name in ("text", "caption")
            if hasattr(method, name)
        )
        document = getattr(method, "document", None)
        data = getattr(document, "data", None)
        if isinstance(data, bytes):
            texts.append(data.decode("utf-8", "replace"))
    return texts


def said_to_others(methods: list[TelegramMethod[Any]], actor: int) -> list[str]:
    """Messages the actor's press made the bot send to someone else."""
    return [
        f"{getattr(m, 'chat_id', None)}: {str(getattr(m, 'text', ''))[:120]}"
        for m in methods
        if getattr(m, "chat_id", actor) not in (actor, str(actor))
        and type(m).__name__ in ("SendMessage", "CopyMessage", "SendDocument", "SendPhoto")
    ]


async def test_no_forged_button_or_command_is_accepted(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = make_app(settings)
    sim = Simulator(app.dispatcher, app.bot, clock)
    objects = await build_world(sim, app)
    session = app.bot.session
    assert isinstance(session, RecordingSession)

    sources = handler_sources()
    classes = callback_classes()
    real = harvested(session, VICTIMS)
    payloads = set(real) | {p + ("1" if p.endswith(":") else "") for p in STRING_PREFIXES}
    for cls in classes:
        payloads |= synthesised(cls, objects, sources)
    payloads = {p for p in payloads if len(p.encode()) <= 64 and not p.startswith(NOT_FORGED)}
    covered = {p.split(":")[0] for p in payloads}
    assert {c.__prefix__ for c in classes} - {p.rstrip(":") for p in NOT_FORGED} <= covered
    commands = [c.format(**objects, actor=5002) for c in STAFF_COMMANDS]
    assert {c.lstrip("/").split()[0] for c in commands} >= {
        c
        for c in registered_commands(app.dispatcher)
        if c not in ("start", "help", "menu", "cancel", "forget", "language", "volunteer")
    }

    pairs = 0
    accepted: list[str] = []
    writes = Writes(app)
    before = await snapshot(app)
    victims = {str(objects[k]) for k in ("case", "person", "hearing", "ticket")}
    victims |= {str(v) for v in VICTIMS}
    for kind, actor_id in ACTORS.items():
        actor = sim.user(actor_id, first_name="Mallory")
        if kind != "stranger":
            await actor.send("/start")
            await maybe(actor, "Русский")
        actions = [("press", p) for p in sorted(payloads)] + [("send", c) for c in commands]
        for how, action in actions:
            if actor_id == COORDINATOR and action.startswith(COORDINATOR_MAY):
                continue
            pairs += 1
            written = writes.count
            start = len(session.requests)
            if how == "press":
                await actor.press_data(action)
            else:
                await actor.send(action)
            context = app.dispatcher.fsm.resolve_context(app.bot, actor_id, actor_id)
            if context is not None and await context.get_state() is not None:
                # The press opened a conversation: say something, as an attacker would.
                await actor.send("1")
                await actor.send("/cancel")
            await sim.deliver(app.delivery)
            new = session.requests[start:]
            problems = []
            if writes.count != written:
                after = await snapshot(app)
                problems += forged_changes(before, after, actor_id, victims)
                before = after
            problems += [
                f"reveals {s!r}" for text in said_to(new, actor_id) for s in SECRETS if s in text
            ]
            problems += [f"messages {m}" for m in said_to_others(new, actor_id)]
            if problems:
                accepted.append(f"{kind} {how} {action!r}: {'; '.join(problems)[:500]}")
    logging.getLogger(__name__).info(
        "authz matrix: %d (actor x action) pairs, %d accepted", pairs, len(accepted)
    )
    assert pairs >= 3_000
    assert accepted == [], f"{len(accepted)} of {pairs} forged actions accepted:\n" + "\n".join(
        accepted
    )
    # The checks do see an accepted action: the admin approving a volunteer changes a row
    # that is not the admin's, the owner opening the case reads the names.
    admin, owner = sim.user(ADMIN_ID), sim.user(OWNER)
    before = await snapshot(app)
    await admin.press_data("vol:approve:2201")
    assert forged_changes(before, await snapshot(app), ADMIN_ID, victims) != []
    start = len(session.requests)
    await owner.press_data(f"cs:open:{objects['case']}:0")
    assert any(s in t for t in said_to(session.requests[start:], OWNER) for s in SECRETS)
