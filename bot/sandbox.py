"""``python -m bot chat``: try the bot in a terminal, no token and no network needed.

Every input line is a message from the current user. Special lines:

* ``[2]`` or ``[Button text]`` presses a button of the newest message that has buttons;
* ``@user``, ``@volunteer``, ``@admin`` or ``@<name>`` switches who is typing (``@admin`` is
  in ADMIN_IDS inside the sandbox);
* ``@wait 2h`` / ``@wait 3d`` moves the sandbox clock forward and sends what became due;
* ``@link`` opens the newest ``t.me/<bot>?start=…`` link the bot sent (an invitation, say) as
  the current user, as tapping it in Telegram would;
* ``@photo``, ``@sticker``, ``@voice``, ``@document`` send that kind of message;
* ``#`` starts a comment.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
import sys
from pathlib import Path
from typing import TextIO

from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup, EditMessageText

from bot.config import Settings
from bot.db import migrate
from bot.dispatcher import Knowledge, build_app
from bot.i18n import Translator
from bot.recording import RecordingSession, Sent
from bot.simulator import NoSuchButton, Simulator, SimUser

SANDBOX_ADMIN_ID = 9000
PERSONAS: dict[str, tuple[int, str]] = {
    "user": (1001, "User"),
    "relative": (1002, "Relative"),
    "volunteer": (2001, "Volunteer"),
    "volunteer2": (2002, "Volunteer2"),
    "admin": (SANDBOX_ADMIN_ID, "Admin"),
}
_WAIT = re.compile(r"@wait\s+(\d+)\s*([smhd])", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


_LINK = re.compile(r"https://t\.me/[^\s?]+\?start=([A-Za-z0-9_-]+)")


class OffsetClock:
    """Real time plus an offset the operator moves with ``@wait``; with ``start`` (``--now``)
    time stands still at that moment until ``@wait`` moves it, so a script's output repeats."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.offset = dt.timedelta()
        self.start = start

    def now(self) -> dt.datetime:
        return (self.start or dt.datetime.now(dt.UTC)) + self.offset


def plain(text: str) -> str:
    text = re.sub(r"<a href=\"([^\"]+)\">([^<]*)</a>", r"\2 (\1)", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def render(sent: Sent, name: str, out: TextIO) -> None:
    """One message as the person sees it; an edit is shown as the new state of an earlier
    message, not as a new one."""
    body = plain(sent.text) if sent.text else "(a copied message or file)"
    if isinstance(sent.method, EditMessageText | EditMessageReplyMarkup):
        out.write(f"bot → {name} (edits its message above):\n")
    else:
        out.write(f"bot → {name}:\n")
    for line in body.splitlines() or [""]:
        out.write(f"  {line}\n")
    buttons = sent.buttons()
    if buttons:
        out.write(
            "  " + "  ".join(f"[{i}] {text}" for i, (text, _) in enumerate(buttons, 1)) + "\n"
        )
    out.write("\n")


async def run_sandbox(
    settings: Settings,
    stdin: TextIO,
    out: TextIO,
    lang: str | None,
    start_at: dt.datetime | None = None,
    *,
    knowledge: Knowledge | None = None,
    translator: Translator | None = None,
) -> int:
    """Read the script from ``stdin``, write the transcript to ``out``. Tests run it in
    process with a shared ``knowledge`` base and ``translator``."""
    clock = OffsetClock(start_at)
    session = RecordingSession(clock=clock.now)
    # One operator types for everyone, often through a pipe: no flood limit here.
    settings = settings.model_copy(
        update={
            "admin_ids": settings.admin_ids | {SANDBOX_ADMIN_ID},
            "redis_url": None,
            "flood_max_messages": 1_000_000,
        }
    )
    await migrate(settings.database_url)
    app = build_app(
        settings, session=session, clock=clock, knowledge=knowledge, translator=translator
    )
    sim = Simulator(app.dispatcher, app.bot, clock)
    names = {pid: name for name, (pid, _) in PERSONAS.items()}
    # Every persona exists from the start, so messages to them before they first type (an
    # admin's approval request, say) can be answered with buttons later.
    for pid, first in PERSONAS.values():
        sim.user(pid, first, language_code=lang)
    current: SimUser = sim.user(*PERSONAS["user"], language_code=lang)
    interactive = stdin.isatty()

    def show(batch: dict[int, list[Sent]]) -> None:
        for chat_id, items in batch.items():
            for sent in items:
                render(sent, names.get(chat_id, str(chat_id)), out)

    try:
        while True:
            if interactive:
                out.write(f"{names.get(current.id, current.id)}> ")
                out.flush()
            line = stdin.readline()
            if not line:
                break
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not interactive:
                out.write(f"{names.get(current.id, current.id)}: {line}\n")
            start = len(session.sent)
            requests_before = len(session.requests)
            stripped = line.strip()
            try:
                if stripped.startswith("@"):
                    word = stripped[1:].split()[0].lower() if len(stripped) > 1 else ""
                    wait = _WAIT.fullmatch(stripped)
                    if wait:
                        clock.offset += dt.timedelta(**{_UNITS[wait[2].lower()]: int(wait[1])})
                        out.write(f"(clock: {clock.now():%Y-%m-%d %H:%M} UTC)\n")
                        await app.run_periodic()
                    elif word == "link":
                        links = [m for s in session.sent if (m := _LINK.search(s.text or ""))]
                        if not links:
                            out.write("(sandbox: no link to open)\n")
                            continue
                        await current.send(f"/start {links[-1][1]}")
                    elif word in {"photo", "sticker", "voice", "document"}:
                        await getattr(current, f"send_{word}")()
                    else:
                        pid, first = PERSONAS.get(word, (3000 + len(sim.users), word.title()))
                        names[pid] = word
                        current = sim.user(pid, first, language_code=lang)
                        out.write(f"(now typing: {word})\n")
                        continue
                elif stripped.startswith("[") and stripped.endswith("]"):
                    label = stripped[1:-1].strip()
                    await current.press(int(label) if label.isdigit() else label)
                else:
                    await current.send(line)
                await sim.deliver(app.delivery)
            except NoSuchButton as exc:
                out.write(f"(sandbox: {exc})\n")
                continue
            for request in session.requests[requests_before:]:
                if isinstance(request, AnswerCallbackQuery) and request.text:
                    # An alert waits for "OK"; a toast shows for a moment at the top.
                    kind = "pop-up" if request.show_alert else "toast"
                    out.write(
                        f"({kind} for {names.get(current.id, current.id)}: "
                        f"{plain(request.text)})\n"
                    )
            batch: dict[int, list[Sent]] = {}
            for sent in session.sent[start:]:
                batch.setdefault(sent.chat_id, []).append(sent)
            show(batch)
            out.flush()
    finally:
        await app.close()
    return 0


def main(settings: Settings, argv: list[str]) -> int:
    lang = None
    start_at = None
    if "--now" in argv:
        index = argv.index("--now")
        start_at = dt.datetime.fromisoformat(argv[index + 1]).astimezone(dt.UTC)
    if "--lang" in argv:
        index = argv.index("--lang")
        lang = argv[index + 1] if index + 1 < len(argv) else None
    if "--database" in argv:
        index = argv.index("--database")
        settings = settings.model_copy(update={"database_url": argv[index + 1]})
    elif "--keep" not in argv:
        # A fresh sandbox database each run, unless asked to continue the previous one.
        path = "data/sandbox.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        settings = settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{path}"})
    else:
        settings = settings.model_copy(
            update={"database_url": "sqlite+aiosqlite:///data/sandbox.sqlite3"}
        )
    return asyncio.run(run_sandbox(settings, sys.stdin, sys.stdout, lang, start_at))
