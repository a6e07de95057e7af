"""Settings: clear one-line errors, the no-token message, the sandbox hint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


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


def test_run_without_token_explains_botfather_and_sandbox(tmp_path: Path) -> None:
    result = run([], {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"})
    assert result.returncode == 1
    assert "@BotFather" in result.stderr
    assert "python -m bot chat" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_on_the_command_line_has_no_traceback() -> None:
    result = run([], {"DEFAULT_LOCALE": "klingon"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DEFAULT_LOCALE" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_without_token_at_a_terminal_opens_the_sandbox(tmp_path: Path) -> None:
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "ENCRYPTION_KEY_FILE": str(tmp_path / "k.json")},
    )
    os.close(follower)
    os.write(leader, b"/start\n\x04")
    try:
        out, err = process.communicate(timeout=120)
    finally:
        os.close(leader)
    assert "@BotFather" in err.decode()
    assert "Starting the sandbox" in err.decode()
    assert "Здравствуйте! Выберите язык." in out.decode()
