"""Thousands of malformed and random updates through the real dispatcher and a real migrated
database: nothing fails unhandled, nothing sent carries a broken Fluent message.

The generator is seeded (``FUZZ_SEED`` picks another run); each update is a raw Telegram
JSON object as a webhook or long polling would deliver it, validated by aiogram's own
``Update`` model and fed with ``Dispatcher.feed_update``. The callback prefixes and commands
come from the dispatcher itself, so a new button or command is fuzzed without touching
this file.
"""

from __future__ import annotations

import logging
import os
import random
import re
import string
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from pydantic import ValidationError

from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatcher import App
from bot.simulator import Simulator
from tests.case_helpers import seed_case
from tests.conftest import ADMIN_ID, START
from tests.desk_helpers import ask, make_volunteer, onboard
from tests.introspection import STRING_PREFIXES, callback_classes, registered_commands

UPDATES = 5_000
SEED = int(os.environ.get("FUZZ_SEED", "20261204"))
BIG = 2**63
NOISY = ("bot.i18n", "aiogram.event")  # any word from these is a broken message or update

EXTRA_COMMANDS = ("note", "start", "join", "admin", "settings", "")


class Fuzzer:
    """Random Telegram updates, as JSON dicts, from a seeded generator."""

    def __init__(
        self, rng: random.Random, commands: list[str], classes: list[type[CallbackData]]
    ) -> None:
        self.rng = rng
        self.commands = [*commands, *EXTRA_COMMANDS]
        self.classes = classes
        self.seen_data: list[str] = []  # callback data of buttons the bot really sent
        self.update_id = 0
        self.message_id = 0
        # Known people (with rows, cases, tickets) and strangers.
        self.people = [ADMIN_ID, 1001, 1002, 1003, 1010, 1011, 1020]

    # ---- values -------------------------------------------------------------------------

    def number(self) -> int:
        r = self.rng.random()
        if r < 0.45:
            return self.rng.randint(0, 12)
        if r < 0.6:
            return self.rng.choice(self.people)
        if r < 0.7:
            return -self.rng.randint(1, 10**6)
        if r < 0.8:
            return self.rng.choice([BIG - 1, BIG, BIG + 1, 2**64, -BIG, -(BIG + 1), 2**31])
        return self.rng.randint(0, 10**12)

    def user_id(self) -> int:
        r = self.rng.random()
        if r < 0.7:
            return self.rng.choice(self.people)
        if r < 0.9:
            return self.rng.randint(1, 10**10)
        return self.rng.choice([0, -1, -(10**12), BIG - 1, BIG, 2**64])

    def text(self) -> str:
        rng = self.rng
        kind = rng.randrange(14)
        if kind == 0:
            return "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 40)))
        if kind == 1:
            return rng.choice(["{ $x }", "{$name}", "{ -brand }", '{"{"}', "{???}", "{ $n ->"])
        if kind == 2:
            return "".join(chr(rng.randint(0, 31)) for _ in range(rng.randint(1, 20)))
        if kind == 3:  # right-to-left, zero-width, combining marks
            return "\u202eשלום مرحبا\u200b\u200f" + "a\u0301" * rng.randint(1, 5)
        if kind == 4:
            return rng.choice("аяёЖ{}$<>&") * rng.choice([2500, 4096, 5000])
        if kind == 5:
            return rng.choice(["<b>", "</code>", "&amp;", "<a href='x'>", "<script>", "&#0;"])
        if kind == 6:
            return "".join(chr(rng.randint(0x400, 0x4FF)) for _ in range(rng.randint(1, 200)))
        if kind == 7:
            return "".join(chr(rng.randint(0x1F300, 0x1FAFF)) for _ in range(rng.randint(1, 9)))
        if kind == 8:
            return str(self.number())
        if kind == 9:
            return rng.choice(
                [
                    "где мой муж",
                    "Мужа задержали на границе, что делать?",
                    "суд завтра",
                    "1",
                    "да",
                    "нет",
                    "пропустить",
                    "A123456789",
                    "15.03.1985",
                    "31.02.2026",
                    "Adelanto",
                    "IVANOV IVAN",
                    "Русский",
                    "English",
                ]
            )
        if kind == 10:
            return "".join(chr(rng.randint(0x20, 0xD7FF)) for _ in range(rng.randint(1, 60)))
        return self.command()

    def command(self) -> str:
        rng = self.rng
        name = rng.choice(self.commands)
        suffix = rng.choice(["", "", "@asylum_help_bot", "@other_bot"])
        args = rng.choice(
            [
                "",
                str(self.number()),
                f"#{self.number()}",
                f"{self.number()} {self.text()[:200]}",
                "join_" + "".join(rng.choice(string.ascii_letters) for _ in range(22)),
                "circle_" + "".join(rng.choice(string.ascii_letters + "-_") for _ in range(22)),
                "topic_" + rng.choice(["asylum", "../../etc", "x" * 300, ""]),
                "{ $x } \x00 \u202e",
                "--all " * rng.randint(1, 30),
            ]
        )
        return f"/{name}{suffix} {args}".rstrip()

    def callback_data(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.35 and self.seen_data:
            return self.mutate(rng.choice(self.seen_data))
        if r < 0.45:
            return rng.choice(STRING_PREFIXES) + rng.choice(["", str(self.number()), "x"])
        if r < 0.5:
            return rng.choice(["", ":", "::::", "x" * 64, "\x00", "кнопка", "{ $x }"])
        cls = rng.choice(self.classes)
        parts = [cls.__prefix__]
        for name, field in cls.model_fields.items():
            parts.append(self.field_value(name, field.annotation))
        if rng.random() < 0.1:
            parts = parts[: rng.randint(1, len(parts))]
        if rng.random() < 0.1:
            parts.append(str(self.number()))
        return cls.__separator__.join(parts)[: rng.choice([64, 64, 200])]

    def field_value(self, name: str, annotation: Any) -> str:
        rng = self.rng
        text = str(annotation)
        if "int" in text:
            return rng.choice([str(self.number()), "", "x", "1.5", "٣", "0x10"])
        if "bool" in text:
            return rng.choice(["1", "0", "", "yes", "2"])
        known = [d.split(":") for d in self.seen_data]
        words = {p for parts in known for p in parts if p and not p.lstrip("-").isdigit()}
        return rng.choice(
            [
                rng.choice(sorted(words)) if words else "x",
                "",
                "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 8))),
                str(self.number()),
                "{ $x }",
                "ü",
            ]
        )

    def mutate(self, data: str) -> str:
        rng = self.rng
        parts = data.split(":")
        i = rng.randrange(len(parts))
        choice = rng.randrange(5)
        if choice == 0:
            parts[i] = str(self.number())
        elif choice == 1:
            parts[i] = ""
        elif choice == 2:
            del parts[i]
        elif choice == 3:
            parts.insert(i, str(self.number()))
        else:
            parts[i] = parts[i] + rng.choice(["x", "0", ":", "9" * 20])
        return ":".join(parts)

    # ---- updates ------------------------------------------------------------------------

    def user(self, uid: int | None = None) -> dict[str, Any]:
        rng = self.rng
        user: dict[str, Any] = {
            "id": self.user_id() if uid is None else uid,
            "is_bot": rng.random() < 0.03,
            "first_name": rng.choice(["Anna", "", "{ $x }", "\u202eX", "А" * 300]),
        }
        if rng.random() < 0.8:
            user["language_code"] = rng.choice(["ru", "en", "uk", "es", "", "zz-ZZ", "RU"])
        if rng.random() < 0.3:
            user["username"] = rng.choice(["anna", "x" * 40, "аня"])
        return user

    def chat(self, user: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        r = rng.random()
        if r < 0.8:
            return {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if r < 0.9:
            return {"id": -rng.randint(1, 10**12), "type": "supergroup", "title": "g"}
        if r < 0.95:
            return {"id": -rng.randint(1, 10**6), "type": "group", "title": "g"}
        return {"id": self.number(), "type": "private"}

    def message(self) -> dict[str, Any]:
        rng = self.rng
        self.message_id += 1
        user = self.user()
        message: dict[str, Any] = {
            "message_id": self.message_id if rng.random() < 0.9 else self.number(),
            "date": int(START.timestamp()) + rng.randint(-(10**6), 10**6),
            "chat": self.chat(user),
        }
        if rng.random() < 0.97:
            message["from"] = user
        content = rng.randrange(12)
        if content < 6:
            message["text"] = self.text()
        elif content == 6:
            message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
            if rng.random() < 0.5:
                message["caption"] = self.text()
        elif content == 7:
            message["document"] = {
                "file_id": "d",
                "file_unique_id": "d",
                "file_name": rng.choice(["a.pdf", "../../x", "{ $x }.exe", "я" * 300]),
            }
            if rng.random() < 0.5:
                message["caption"] = self.text()
        elif content == 8:
            message["sticker"] = {
                "file_id": "s",
                "file_unique_id": "s",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            }
        elif content == 9:
            message["location"] = {
                "latitude": rng.uniform(-90, 90),
                "longitude": rng.uniform(-180, 180),
            }
        elif content == 10:
            message["contact"] = {"phone_number": "+1 555", "first_name": "X"}
        # content 11: a service-like message with no content at all
        if rng.random() < 0.1:
            message["reply_to_message"] = {
                "message_id": rng.randint(1, 2000),
                "date": int(START.timestamp()),
                "chat": message["chat"],
                "text": self.text()[:100],
            }
        if rng.random() < 0.05:
            message["forward_origin"] = {
                "type": "hidden_user",
                "sender_user_name": "x",
                "date": int(START.timestamp()),
            }
        return message

    def callback(self) -> dict[str, Any]:
        rng = self.rng
        user = self.user()
        query: dict[str, Any] = {
            "id": str(rng.randint(1, 10**9)),
            "from": user,
            "chat_instance": "fuzz",
        }
        if rng.random() < 0.92:
            query["message"] = {
                "message_id": rng.randint(1, 3000),
                "date": int(START.timestamp()),
                "chat": self.chat(user),
                "from": {"id": 42, "is_bot": True, "first_name": "Help bot"},
                "text": rng.choice(["", "x", self.text()[:200]]),
            }
        elif rng.random() < 0.5:
            query["inline_message_id"] = "inline"
        if rng.random() < 0.97:
            query["data"] = self.callback_data()
        return query

    def update(self) -> dict[str, Any]:
        rng = self.rng
        self.update_id += 1
        update: dict[str, Any] = {
            "update_id": self.update_id if rng.random() < 0.95 else self.number()
        }
        r = rng.random()
        if r < 0.45:
            update["message"] = self.message()
        elif r < 0.85:
            update["callback_query"] = self.callback()
        elif r < 0.9:
            update["edited_message"] = self.message() | {"edit_date": int(START.timestamp())}
        elif r < 0.94:
            post = self.message()
            post.pop("from", None)
            post["chat"] = {"id": -rng.randint(1, 10**12), "type": "channel", "title": "c"}
            update["channel_post"] = post
        else:
            user = self.user()
            status = rng.choice(["member", "kicked", "left", "administrator"])
            update["my_chat_member"] = {
                "chat": self.chat(user),
                "from": user,
                "date": int(START.timestamp()),
                "old_chat_member": {"status": "member", "user": self.user(42)},
                "new_chat_member": {"status": status, "user": self.user(42)}
                | (
                    {"until_date": 0}
                    if status == "kicked"
                    else {
                        "can_be_edited": False,
                        "is_anonymous": False,
                        "can_manage_chat": True,
                        "can_delete_messages": True,
                        "can_manage_video_chats": True,
                        "can_restrict_members": True,
                        "can_promote_members": True,
                        "can_change_info": True,
                        "can_invite_users": True,
                        "can_post_stories": True,
                        "can_edit_stories": True,
                        "can_delete_stories": True,
                    }
                    if status == "administrator"
                    else {}
                ),
            }
        return update


def sent_texts(method: TelegramMethod[Any]) -> list[str]:
    texts = [getattr(method, name, None) for name in ("text", "caption")]
    markup = getattr(method, "reply_markup", None)
    if markup is not None:
        for row in getattr(markup, "inline_keyboard", None) or getattr(markup, "keyboard", []):
            texts.extend(getattr(b, "text", None) for b in row)
    return [t for t in texts if isinstance(t, str)]


async def build_world(sim: Simulator, app: App) -> None:
    """Real objects for forged buttons to point at: cases, a volunteer, a ticket."""
    await onboard(sim, ADMIN_ID)
    relative = await onboard(sim, 1001)
    await onboard(sim, 1002)
    await seed_case(app, 1001)
    await seed_case(app, 1002)
    await make_volunteer(sim, app, 1010, "Вера")
    await make_volunteer(sim, app, 1011, "Пётр", approve=False)
    await ask(sim, app, relative)
    await sim.deliver(app.delivery)


@pytest.fixture
def fuzz_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"flood_max_messages": 1_000_000})


async def test_thousands_of_random_updates_fail_nothing(
    fuzz_settings: Settings,
    make_app: Any,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app: App = make_app(fuzz_settings)
    sim = Simulator(app.dispatcher, app.bot, clock)
    await build_world(sim, app)
    caplog.set_level(logging.WARNING)
    caplog.clear()

    fuzzer = Fuzzer(random.Random(SEED), registered_commands(app.dispatcher), callback_classes())
    assert len(fuzzer.classes) >= 20
    assert "ticket" in fuzzer.commands
    session = sim.session
    raised: list[str] = []
    failures: dict[str, str] = {}  # what went wrong -> the first update that did it
    fed = rejected = 0
    checked = 0
    while fed < UPDATES:
        raw = fuzzer.update()
        try:
            update = Update.model_validate(raw, context={"bot": app.bot})
        except ValidationError:
            rejected += 1  # refused by aiogram's parser before any handler sees it
            continue
        if fuzzer.rng.random() < 0.01:
            clock.advance(dt_minutes(fuzzer.rng.randint(1, 600)))
        logged = len(caplog.records)
        try:
            await app.dispatcher.feed_update(app.bot, update)
        except Exception as exc:  # pragma: no cover - what this test exists to catch
            raised.append(f"{type(exc).__name__}: {str(exc)[:200]} <- {str(raw)[:300]}")
        for record in caplog.records[logged:]:
            if record.levelno >= logging.ERROR or record.name in NOISY:
                failures.setdefault(summary(record), str(raw)[:400])
        fed += 1
        for method in session.requests[checked:]:
            markup = getattr(method, "reply_markup", None)
            for row in getattr(markup, "inline_keyboard", None) or []:
                fuzzer.seen_data.extend(b.callback_data for b in row if b.callback_data)
        checked = len(session.requests)
        if fed % 250 == 0:
            await sim.deliver(app.delivery)
        if len(fuzzer.seen_data) > 2000:
            del fuzzer.seen_data[:1000]

    broken = [t for m in session.requests for t in sent_texts(m) if "{???}" in t]
    errors = [f"{what}\n    <- {raw}" for what, raw in sorted(failures.items())]
    logging.getLogger(__name__).info(
        "fuzz: %d updates fed (%d refused by the parser), %d unhandled errors, %d {???}, seed %d",
        fed,
        rejected,
        len(raised) + len(failures),
        len(broken),
        SEED,
    )
    assert fed == UPDATES
    assert rejected < fed // 10, rejected  # most fuzz reaches the handlers
    assert raised == [], "\n".join(raised)
    assert errors == [], "\n".join(errors)
    assert broken == []
    answered = sum(1 for m in session.requests if sent_texts(m))
    assert answered > UPDATES // 3  # the bot did answer: the updates were not all dropped


def summary(record: logging.LogRecord) -> str:
    """The logger, the first line and the deepest frame in the bot's own code."""
    text = re.sub(r"update -?\d+ failed", "update failed", record.getMessage())
    frames = re.findall(r'File "[^"]*/(bot/[^"]+)", line (\d+), in (\w+)', text)
    where = ":".join(frames[-1]) if frames else ""
    return f"{record.name}: {text.splitlines()[0][:200]} @ {where}"


def dt_minutes(n: int) -> Any:
    import datetime as dt

    return dt.timedelta(minutes=n)


@pytest.mark.parametrize(
    ("user_id", "is_bot"), [(1001, True), (BIG, False), (2**64, False), (-(BIG + 1), False)]
)
async def test_bots_and_ids_beyond_bigint_are_ignored(
    sim: Simulator, app: App, caplog: pytest.LogCaptureFixture, user_id: int, is_bot: bool
) -> None:
    """Found by the fuzz test: a bot as the sender left handlers without a user row, a sender
    id beyond BIGINT raised OverflowError in the user middleware."""
    await onboard(sim, 1001)
    caplog.set_level(logging.ERROR)
    user = {"id": user_id, "is_bot": is_bot, "first_name": "X", "language_code": "ru"}
    chat = {"id": user_id, "type": "private"}
    date = int(START.timestamp())
    raws: list[dict[str, Any]] = [
        {"message": {"message_id": 1, "date": date, "chat": chat, "from": user, "text": t}}
        for t in ("/start", "/hearings", "где мой муж", "Adelanto")
    ]
    raws += [
        {
            "callback_query": {
                "id": "1",
                "from": user,
                "chat_instance": "x",
                "message": {"message_id": 1, "date": date, "chat": chat, "text": "x"},
                "data": data,
            }
        }
        for data in ("lang:ru", "ann:off", "forget:1", "menu:home")
    ]
    start = len(sim.session.requests)
    for n, raw in enumerate(raws):
        update = Update.model_validate({"update_id": n + 1, **raw}, context={"bot": app.bot})
        await app.dispatcher.feed_update(app.bot, update)
    assert [r.getMessage()[:80] for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert sim.session.requests[start:] == []
