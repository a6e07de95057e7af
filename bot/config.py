"""Settings from the environment (and an optional ``.env`` file).

There is deliberately no module-level instance: the composition root builds one, tests build
their own, and ``migrations/env.py`` only needs ``DATABASE_URL``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DB_PATH = Path("data") / "bot.sqlite3"
TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]+$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB_PATH.as_posix()}"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_locale: Literal["ru", "en"] = "ru"
    telegram_api_base: str = "https://api.telegram.org"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    # Where the webhook listens: only this machine unless told otherwise (a reverse proxy in
    # front, or 0.0.0.0 inside a container whose port is published deliberately).
    webhook_listen: str = "127.0.0.1:8080"
    # /livez, /readyz and /metrics, in polling and webhook mode alike; "" turns it off.
    health_listen: str = "127.0.0.1:8081"
    # "production" refuses to generate encryption keys next to the database (see README);
    # a webhook or a PostgreSQL database counts as production too.
    env: Literal["development", "production"] = "development"
    log_format: Literal["text", "json"] = "text"
    # Optional error reporting (pip install 'asylum-help-bot[sentry]'); no personal data sent.
    sentry_dsn: SecretStr | None = None
    redis_url: str | None = None
    # Comma-separated Fernet keys, newest first; older ones still decrypt (rotation).
    encryption_keys: SecretStr | None = None
    # HMAC key for blind indexes (A-number matching); must never change once data exists.
    blind_index_key: SecretStr | None = None
    encryption_key_file: Path = Field(
        default=Path("data") / "encryption-keys.json",
        validation_alias=AliasChoices("keys_file", "encryption_key_file"),
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    # The sender (bot/delivery.py): Telegram's overall limit (messages a second, a sliding
    # window; shared by every instance through Redis when REDIS_URL is set), seconds between
    # two messages to one private chat (groups: 20 a minute), seconds before a request is
    # given up (and, having maybe reached Telegram, recorded as uncertain, not re-sent).
    outbox_global_rate: float = Field(default=30.0, gt=0)
    outbox_per_chat_interval: float = Field(default=1.0, ge=0)
    outbox_request_timeout: int = Field(default=30, ge=1, le=300)
    flood_max_messages: int = Field(default=8, ge=1)
    flood_window_seconds: float = Field(default=5.0, gt=0)
    gap_retention_days: int = Field(default=90, ge=1)
    # Retention (days), applied by a daily job: closed tickets with their relayed messages,
    # finished outbox rows (payloads can hold names), audit entries, closed cases.
    retention_tickets_days: int = Field(default=180, ge=1)
    retention_outbox_days: int = Field(default=60, ge=1)
    retention_audit_days: int = Field(default=730, ge=1)
    retention_cases_days: int = Field(default=365, ge=1)
    # Volunteer desk: a group chat for new-ticket notifications (instead of direct messages),
    # minutes before an unclaimed ticket is re-announced and admins are told, days of silence
    # after an answer before a ticket closes itself, open tickets one person may have.
    volunteer_chat_id: int | None = None
    ticket_sla_minutes: int = Field(default=120, ge=1)
    ticket_autoclose_days: int = Field(default=7, ge=1)
    max_open_tickets: int = Field(default=3, ge=1)
    # The BIA appeal window: 30 days (the 2026 rule's 10 days was blocked by a court on
    # 2026-03-08). An operators' switch only: "10" should a court reinstate that rule.
    appeal_rule: Literal["30", "10"] = "30"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            return frozenset(int(p) for p in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator(
        "encryption_keys", "blind_index_key", "webhook_secret", "sentry_dsn", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # "KEY=" in an env file means "not set", not "set to nothing".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _empty_url_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not TOKEN_PATTERN.match(value.get_secret_value().strip()):
            raise ValueError("not a Telegram bot token")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_base")
    @classmethod
    def _check_base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _check_db(cls, value: str) -> str:
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if value.startswith("postgresql://"):
            value = "postgresql+asyncpg://" + value.removeprefix("postgresql://")
        if value.startswith("sqlite://") and not value.startswith("sqlite+aiosqlite://"):
            value = "sqlite+aiosqlite://" + value.removeprefix("sqlite://")
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("expected sqlite+aiosqlite:///path or postgresql://user@host/db")
        return value

    @field_validator("webhook_listen", "health_listen")
    @classmethod
    def _check_listen(cls, value: str) -> str:
        if value == "":
            return value
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("expected host:port, e.g. 0.0.0.0:8080")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def is_production(self) -> bool:
        """Where generated keys must not appear silently: ``ENV=production``, a webhook, or
        PostgreSQL (a deployment, not a laptop)."""
        return self.env == "production" or bool(self.webhook_url) or not self.is_sqlite


EXPECTED: dict[str, str] = {
    "admin_ids": "comma-separated Telegram user ids, e.g. 12345,67890",
    "database_url": "sqlite+aiosqlite:///data/bot.sqlite3 or postgresql://user@host/db",
    "default_locale": "ru or en",
    "telegram_api_base": "a URL such as https://api.telegram.org",
    "bot_token": "the token @BotFather gave, like 123456:ABC-DEF...",
    "webhook_listen": "host:port, e.g. 127.0.0.1:8080",
    "health_listen": "host:port, e.g. 127.0.0.1:8081, or empty to turn it off",
    "env": "development or production",
    "log_format": "text or json",
    "log_level": "DEBUG, INFO, WARNING or ERROR",
    "appeal_rule": "30 (the default) or 10 (only if a court reinstates the 2026 rule)",
}


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "?"
        expected = EXPECTED.get(name, first["msg"])
        raise SettingsError(
            f"Setting {name.upper()} is invalid: {first['msg']} (expected {expected})"
        ) from None
