"""Fluent translations, locale choice and Babel date formatting."""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from fluent.runtime import FluentBundle, FluentResource

from bot.db import resource_dir

LOCALES_DIR = resource_dir("locales")
SUPPORTED_LOCALES: tuple[str, ...] = ("ru", "en")
log = logging.getLogger(__name__)


# fluent.runtime renders a whole message as "{???}" when one placeable is longer than 2,500
# characters. Text values (whatever people typed, lists built in code) never go through
# Fluent: each is replaced by a marker that cannot occur in a message (private-use
# characters and a per-call nonce), and put back after formatting, in one pass, so nothing a
# person typed is ever scanned for markers. Short values stay: plural and select
# expressions need the real value, and a selector is never this long.
GUARD_OVER = 64
_MARKER = re.compile("\ue000([0-9a-f]{8}):([0-9]+)\ue001")


def _guard(args: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    stash: dict[str, str] = {}
    if not any(isinstance(v, str) and len(v) > GUARD_OVER for v in args.values()):
        return args, stash
    nonce = secrets.token_hex(4)
    guarded = dict(args)
    for name, value in args.items():
        if isinstance(value, str) and len(value) > GUARD_OVER:
            marker = f"\ue000{nonce}:{len(stash)}\ue001"
            stash[marker] = value
            guarded[name] = marker
    return guarded, stash


def _restore(text: str, stash: dict[str, str]) -> str:
    if not stash:
        return text
    return _MARKER.sub(lambda m: stash.get(m.group(0), m.group(0)), text)


class L10n:
    """Messages of one locale; calling it with a message id and arguments renders it."""

    def __init__(self, locale: str, bundle: FluentBundle, fallback: L10n | None = None) -> None:
        self.locale = locale
        self._bundle = bundle
        self._fallback = fallback

    def has(self, key: str) -> bool:
        return bool(self._bundle.has_message(key))

    def __call__(self, key: str, **args: Any) -> str:
        if not self._bundle.has_message(key):
            if self._fallback is not None:
                log.warning("missing message %s in %s", key, self.locale)
                return self._fallback(key, **args)
            log.error("missing message %s", key)
            return key
        message = self._bundle.get_message(key)
        if message.value is None:
            return key
        return self._format(key, message.value, args)

    def attr(self, key: str, attribute: str, **args: Any) -> str:
        message = self._bundle.get_message(key)
        return self._format(key, message.attributes[attribute], args)

    def _format(self, key: str, pattern: Any, args: dict[str, Any]) -> str:
        guarded, stash = _guard(args)
        text, errors = self._bundle.format_pattern(pattern, guarded)
        if errors:
            log.warning("message %s in %s: %d formatting error(s)", key, self.locale, len(errors))
        return _restore(str(text), stash)

    # Babel: dates in this locale's words ("15 марта 2027 г.", "March 15, 2027").
    def date(self, value: dt.date, fmt: str = "long") -> str:
        return str(format_date(value, format=fmt, locale=self.locale))

    def time(self, value: dt.datetime, fmt: str = "short") -> str:
        return str(format_time(value, format=fmt, locale=self.locale, tzinfo=value.tzinfo))

    def datetime(self, value: dt.datetime, tz: str | None = None, fmt: str = "long") -> str:
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        zone = ZoneInfo(tz) if tz else value.tzinfo
        local = value.astimezone(zone)
        if fmt == "long":
            return f"{self.date(local.date(), 'long')}, {self.time(local)}"
        return str(format_datetime(local, format=fmt, locale=self.locale, tzinfo=zone))


class Translator:
    """All locales, loaded once. ``translator.get("en")`` gives that locale's ``L10n``."""

    def __init__(self, locales_dir: Path = LOCALES_DIR, default: str = "ru") -> None:
        self.default = default
        self.resources: dict[str, dict[str, Any]] = {}
        self._by_locale: dict[str, L10n] = {}
        bundles: dict[str, FluentBundle] = {}
        for locale in SUPPORTED_LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            self.resources[locale] = {}
            for path in sorted((locales_dir / locale).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                self.resources[locale][path.name] = resource
                bundle.add_resource(resource)
            bundles[locale] = bundle
        default_l10n = L10n(default, bundles[default])
        for locale, bundle in bundles.items():
            self._by_locale[locale] = (
                default_l10n if locale == default else L10n(locale, bundle, default_l10n)
            )

    @property
    def locales(self) -> Iterable[str]:
        return self._by_locale.keys()

    def get(self, locale: str | None) -> L10n:
        return self._by_locale.get(locale or self.default) or self._by_locale[self.default]


def pick_locale(chosen: str | None, telegram_code: str | None, default: str = "ru") -> str:
    """The user's choice, else Telegram's language when we speak it, else the default."""
    if chosen in SUPPORTED_LOCALES:
        return chosen
    if telegram_code:
        base = telegram_code.split("-")[0].lower()
        if base in SUPPORTED_LOCALES:
            return base
        # Russian speakers from the former USSR often run Telegram in Ukrainian, Belarusian,
        # Kazakh ... and read Russian more easily than English.
        if base in {"uk", "be", "kk", "ky", "uz", "tg", "hy", "az", "ka", "tk", "ro"}:
            return "ru"
    return default
