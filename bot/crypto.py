"""Encryption at rest for sensitive fields, and keyed blind indexes for look-ups.

Names, dates of birth, A-numbers, places and notes are stored as Fernet tokens (AES-128-CBC
with HMAC-SHA256). ``ENCRYPTION_KEYS`` holds one or more keys, newest first: new data is
encrypted with the first, and any of them decrypts, so keys can be rotated (``rotate``).
Equality look-ups (an A-number seen in another case) use an HMAC of the normalised value
under ``BLIND_INDEX_KEY``, which must stay the same for the index to keep matching.

The vault is handed to domain code explicitly; nothing here is global.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import String, Text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base

log = logging.getLogger(__name__)


class VaultError(Exception):
    pass


@dataclass(frozen=True)
class Vault:
    fernet: MultiFernet
    index_key: bytes

    @classmethod
    def from_keys(cls, keys: list[str], index_key: str) -> Vault:
        if not keys:
            raise VaultError("at least one encryption key is needed")
        try:
            fernets = [Fernet(k.strip().encode()) for k in keys if k.strip()]
        except (ValueError, TypeError) as exc:
            raise VaultError(
                "ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes), comma-separated"
            ) from exc
        raw_index = index_key.encode()
        if len(raw_index) < 32:
            raise VaultError("BLIND_INDEX_KEY must be at least 32 characters")
        return cls(MultiFernet(fernets), raw_index)

    @classmethod
    def generate(cls) -> Vault:
        return cls.from_keys([Fernet.generate_key().decode()], _new_index_key())

    def encrypt(self, value: str) -> str:
        return self.fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self.fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise VaultError("cannot decrypt: unknown key or damaged data") from exc

    def encrypt_opt(self, value: str | None) -> str | None:
        return None if value is None else self.encrypt(value)

    def decrypt_opt(self, token: str | None) -> str | None:
        return None if token is None else self.decrypt(token)

    def rotate(self, token: str) -> str:
        """Re-encrypt a token under the newest key."""
        return self.fernet.rotate(token.encode("ascii")).decode("ascii")

    def blind_index(self, value: str, purpose: str) -> str:
        digest = hmac.new(self.index_key, f"{purpose}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()


def _new_index_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def generate_env_keys() -> str:
    """A fresh key pair as env-file lines (``python -m bot keys generate``)."""
    return (
        f"ENCRYPTION_KEYS={Fernet.generate_key().decode()}\nBLIND_INDEX_KEY={_new_index_key()}\n"
    )


def load_vault(keys: str | None, index_key: str | None, key_file: Path) -> Vault:
    """Keys from settings; without them, from (or into) a local key file, so that a fresh
    install works with no set-up. Production should set both variables."""
    if keys:
        if not index_key:
            raise VaultError("BLIND_INDEX_KEY must be set together with ENCRYPTION_KEYS")
        return Vault.from_keys(keys.split(","), index_key)
    if key_file.exists():
        data = json.loads(key_file.read_text(encoding="utf-8"))
        return Vault.from_keys(list(data["encryption_keys"]), str(data["blind_index_key"]))
    key_file.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "encryption_keys": [Fernet.generate_key().decode()],
        "blind_index_key": _new_index_key(),
    }
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    log.warning("generated encryption keys in %s: back this file up", key_file)
    return Vault.from_keys(data["encryption_keys"], data["blind_index_key"])


# ---- the key canary ----------------------------------------------------------------------
# A known value encrypted with the keys at first start, kept with the data. Every start
# decrypts it: keys that cannot (a lost key file replaced by new keys, the wrong environment)
# stop the bot with one clear line instead of a volunteer queue of apologies. Its blind index
# checks BLIND_INDEX_KEY the same way. ``rotate-keys`` re-encrypts it like any ``*_enc``.

CANARY_TEXT = "asylum-help-bot key canary v1"
CANARY_PURPOSE = "canary"


class KeyCanary(Base):
    __tablename__ = "key_canary"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token_enc: Mapped[str] = mapped_column(Text)
    blind_index: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class KeyCheckError(VaultError):
    """The keys do not match the data; the message is one line for the operator."""


WRONG_KEYS = (
    "ENCRYPTION_KEYS cannot decrypt this database's data (a lost or replaced key file, or "
    "another installation's keys): restore the keys it was written with (README, 'Keys'); "
    "refusing to start so that nothing is written under the wrong keys"
)
WRONG_INDEX_KEY = (
    "BLIND_INDEX_KEY is not the one this database was written with: restore it (README, "
    "'Keys'); refusing to start"
)


async def canary_exists(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    async with sessionmaker() as session:
        return (await session.get(KeyCanary, 1)) is not None


async def verify_keys(
    sessionmaker: async_sessionmaker[AsyncSession], vault: Vault, now: dt.datetime
) -> bool:
    """Check the keys against the canary, writing it at first start; returns True when it
    was written now. Raises :class:`KeyCheckError` when the keys do not match."""
    async with sessionmaker() as session:
        row = await session.get(KeyCanary, 1)
    if row is None:
        try:
            async with sessionmaker() as session, session.begin():
                session.add(
                    KeyCanary(
                        id=1,
                        token_enc=vault.encrypt(CANARY_TEXT),
                        blind_index=vault.blind_index(CANARY_TEXT, CANARY_PURPOSE),
                        created_at=now,
                    )
                )
            return True
        except IntegrityError:  # another instance wrote it first: check against that one
            async with sessionmaker() as session:
                row = await session.get(KeyCanary, 1)
            assert row is not None
    try:
        plain = vault.decrypt(row.token_enc)
    except VaultError:
        raise KeyCheckError(WRONG_KEYS) from None
    if plain != CANARY_TEXT:
        raise KeyCheckError(WRONG_KEYS)
    if not hmac.compare_digest(row.blind_index, vault.blind_index(CANARY_TEXT, CANARY_PURPOSE)):
        raise KeyCheckError(WRONG_INDEX_KEY)
    return False
