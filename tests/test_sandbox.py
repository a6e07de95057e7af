"""``python -m bot chat``: the sandbox driven by a script, as the README shows.

One test starts the real command through a pipe (the smoke test of the command line); the
others run the same sandbox loop in this process, with the shared knowledge base and
translator, which is what makes them cheap."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from bot.config import Settings
from bot.sandbox import run_sandbox
from tests.conftest import shared_knowledge, shared_translator

ROOT = Path(__file__).resolve().parent.parent


def sandbox_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        bot_token=None,
        database_url=database_url,
        encryption_key_file=tmp_path / "keys.json",
        admin_ids=frozenset(),
        redis_url=None,
        _env_file=None,
    )


async def chat(script: str, database_url: str, tmp_path: Path, lang: str | None = None) -> str:
    """The sandbox's transcript of ``script``, run in this process on a copy of the
    migrated template database (``sqlite_url``)."""
    out = io.StringIO()
    code = await run_sandbox(
        sandbox_settings(database_url, tmp_path),
        io.StringIO(script),
        out,
        lang,
        knowledge=shared_knowledge(),
        translator=shared_translator(),
    )
    assert code == 0
    return out.getvalue()


def test_the_command_prints_the_russian_greeting_with_buttons(tmp_path: Path) -> None:
    """The one subprocess: ``python -m bot chat`` really starts and talks through a pipe."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "chat",
            "--database",
            f"sqlite+aiosqlite:///{tmp_path / 'sandbox.sqlite3'}",
        ],
        input="/start\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "ENCRYPTION_KEY_FILE": str(tmp_path / "keys.json")},
    )
    assert result.returncode == 0, result.stderr
    assert "Здравствуйте! Я бот-помощник" in result.stdout
    assert "[1] 🇷🇺 Русский  [2] 🇬🇧 English" in result.stdout


async def test_whole_onboarding_in_russian_by_script(sqlite_url: str, tmp_path: Path) -> None:
    out = await chat(
        "/start\n[Русский]\n[1]\n[Согласен(на)]\nчто такое бонд\n", sqlite_url, tmp_path
    )
    assert "Главное меню" in out
    assert "Источники:" in out
    assert "[1] 👍 Помогло" in out


async def test_whole_onboarding_in_english_by_script(sqlite_url: str, tmp_path: Path) -> None:
    out = await chat(
        "/start\n[2]\n[3]\n[1]\n[Reference]\n[The border]\n", sqlite_url, tmp_path, "en"
    )
    assert "Hello! I help people" in out
    assert "Main menu" in out
    assert "The border: 6 articles" in out


async def test_unknown_button_is_explained_not_fatal(sqlite_url: str, tmp_path: Path) -> None:
    out = await chat("/start\n[Nope]\n[7]\n/help\n", sqlite_url, tmp_path)
    assert "(sandbox: no button 'Nope')" in out
    assert "(sandbox: no button [7])" in out
    assert "Что я умею" in out


async def test_toasts_and_edits_are_shown_as_what_they_are(
    sqlite_url: str, tmp_path: Path
) -> None:
    """A transcript must not mislead: a toast is not a message, an edit is not a new one."""
    out = await chat("/start\n[Русский]\n", sqlite_url, tmp_path)
    assert "(toast for user: Готово, теперь говорю по-русски.)" in out
    # docs/sandbox-desk.md shows the edit of a ticket card taken by a volunteer.
    doc = (ROOT / "docs" / "sandbox-desk.md").read_text(encoding="utf-8")
    assert "bot → volunteer (edits its message above):" in doc
