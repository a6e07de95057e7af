"""Settings: clear one-line errors, the no-token message, the sandbox hint."""

from __future__ import annotations

import io
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.__main__ import main as cli_main
from bot.config import Settings, SettingsError, load_settings


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(
    args: list[str],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> Ran:
    """``python -m bot <args>`` in this process, with only ``env`` set among the settings'
    variables and no .env file in the working directory (as a fresh checkout would have)."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    # The command sets logging up for a terminal (levels of the root and aiogram's loggers);
    # put them back, so later tests still see the records they check.
    loggers = [logging.getLogger(), logging.getLogger("aiogram.event")]
    levels = [logger.level for logger in loggers]
    try:
        code = cli_main(args)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    out, err = capsys.readouterr()
    return Ran(code, out, err)


def test_defaults_are_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings(_env_file=None)
    assert settings.database_url == "sqlite+aiosqlite:///data/bot.sqlite3"
    assert settings.default_locale == "ru"
    assert settings.telegram_api_base == "https://api.telegram.org"


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("DEFAULT_LOCALE", "de", "DEFAULT_LOCALE"),
        ("TELEGRAM_API_BASE", "ftp://x", "TELEGRAM_API_BASE"),
        ("WEBHOOK_LISTEN", "nowhere", "WEBHOOK_LISTEN"),
    ],
)
def test_malformed_values_stop_with_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_admin_ids_accept_commas_and_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "12, 34 56")
    assert load_settings(_env_file=None).admin_ids == frozenset({12, 34, 56})


def test_postgres_urls_are_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert load_settings(_env_file=None).database_url == "postgresql+asyncpg://u@h/db"


def test_run_without_token_explains_botfather_and_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"}
    result = run([], env, monkeypatch, capsys, tmp_path)
    assert result.returncode == 1
    assert "@BotFather" in result.stderr
    assert "python -m bot chat" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_on_the_command_line_has_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run([], {"DEFAULT_LOCALE": "klingon"}, monkeypatch, capsys, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DEFAULT_LOCALE" in result.stderr
    assert "Traceback" not in result.stderr


class Terminal(io.StringIO):
    """Typed lines on a terminal: what ``python -m bot`` sees when a person runs it."""

    def isatty(self) -> bool:
        return True


def test_run_without_token_at_a_terminal_opens_the_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(sys, "stdin", Terminal("/start\n"))
    env = {"ENCRYPTION_KEY_FILE": str(tmp_path / "k.json")}
    result = run([], env, monkeypatch, capsys, tmp_path)
    assert result.returncode == 0
    assert "@BotFather" in result.stderr
    assert "Starting the sandbox" in result.stderr
    assert "Здравствуйте! Выберите язык." in result.stdout
