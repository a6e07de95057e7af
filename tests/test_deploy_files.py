"""The deployment files agree with the code: env examples load, compose's env files have
examples, the lock file pins every dependency with hashes, the image checks readiness."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_bot_env_example_loads_and_means_production(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "ENV", "ENCRYPTION_KEYS", "WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=ROOT / "deploy" / "bot.env.example")
    assert settings.is_production
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.redis_url == "redis://redis:6379/0"
    # Empty lines in an env file mean "not set", so production start-up asks for keys.
    assert settings.encryption_keys is None
    assert settings.webhook_url is None
    assert settings.bot_token is None


def test_every_env_file_in_compose_has_an_example() -> None:
    compose = (ROOT / "compose.yaml").read_text()
    files = set(re.findall(r"env_file: \[([^\]]+)\]", compose))
    assert files == {"deploy/postgres.env", "deploy/bot.env"}
    for name in files:
        assert (ROOT / f"{name}.example").is_file()
    assert "service_healthy" in compose
    assert "service_completed_successfully" in compose


def test_lock_file_pins_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {
        m.group(1).lower().replace("_", "-").replace(".", "-")
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==\S+ \\$", lock, re.MULTILINE)
    }
    wanted = [*project["dependencies"], *project["optional-dependencies"]["sentry"]]
    for requirement in wanted:
        name = re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0]
        assert name.lower().replace("_", "-").replace(".", "-") in pinned, name
    assert "--hash=sha256:" in lock
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_image_installs_from_the_lock_and_checks_readiness() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes" in dockerfile
    assert "requirements.lock" in dockerfile
    assert "pip install -e" not in dockerfile
    assert 'CMD ["python", "-m", "bot", "healthcheck"]' in dockerfile
