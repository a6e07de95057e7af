"""``python -m bot chat`` driven through a pipe, as the README shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def chat(script: str, tmp_path: Path, *args: str) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "chat",
            "--database",
            f"sqlite+aiosqlite:///{tmp_path / 'sandbox.sqlite3'}",
            *args,
        ],
        input=script,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "ENCRYPTION_KEY_FILE": str(tmp_path / "keys.json")},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_start_prints_the_russian_greeting_with_buttons(tmp_path: Path) -> None:
    out = chat("/start\n", tmp_path)
    assert "Здравствуйте! Я бот-помощник" in out
    assert "[1] 🇷🇺 Русский  [2] 🇬🇧 English" in out


def test_whole_onboarding_in_russian_by_script(tmp_path: Path) -> None:
    out = chat("/start\n[Русский]\n[1]\n[Согласен(на)]\nчто такое бонд\n", tmp_path)
    assert "Главное меню" in out
    assert "Источники:" in out
    assert "[1] 👍 Помогло" in out


def test_whole_onboarding_in_english_by_script(tmp_path: Path) -> None:
    out = chat("/start\n[2]\n[3]\n[1]\n[Reference]\n[The border]\n", tmp_path, "--lang", "en")
    assert "Hello! I help people" in out
    assert "Main menu" in out
    assert "The border: 6 articles" in out


def test_unknown_button_is_explained_not_fatal(tmp_path: Path) -> None:
    out = chat("/start\n[Nope]\n[7]\n/help\n", tmp_path)
    assert "(sandbox: no button 'Nope')" in out
    assert "(sandbox: no button [7])" in out
    assert "Что я умею" in out
