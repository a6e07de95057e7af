"""A person's own time zone: a suggestion from their language, a short list, or a city.

Relatives are in Russia, elsewhere in the former USSR, in Europe, in Mexico or in the US, so
the short list covers those; anything else is found by typing a city (Russian or English
name, small typos forgiven), an IANA name ("Europe/Moscow") or an offset ("UTC+3").
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import get_timezone_location
from rapidfuzz import fuzz, process

from bot.i18n import L10n

# The short list, in display order; each zone's name is the Fluent message `tz-<zone>`
# (locales/*/hearings.ftl), e.g. tz-europe-moscow.
SHORT_LIST: tuple[str, ...] = (
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "Europe/Kyiv",
    "Europe/Minsk",
    "Asia/Almaty",
    "Asia/Tbilisi",
    "Asia/Yerevan",
    "Europe/Berlin",
)

# Telegram language code -> the zone most speakers of it live in.
BY_LANGUAGE: dict[str, str] = {
    "ru": "Europe/Moscow", "uk": "Europe/Kyiv", "be": "Europe/Minsk", "kk": "Asia/Almaty",
    "ky": "Asia/Bishkek", "uz": "Asia/Tashkent", "tg": "Asia/Dushanbe", "hy": "Asia/Yerevan",
    "ka": "Asia/Tbilisi", "az": "Asia/Baku", "tk": "Asia/Ashgabat", "ro": "Europe/Chisinau",
    "en": "America/New_York", "es": "America/Mexico_City",
}  # fmt: skip

CITIES: dict[str, str] = {
    # Russia
    "москва": "Europe/Moscow", "moscow": "Europe/Moscow", "мск": "Europe/Moscow",
    "санкт-петербург": "Europe/Moscow", "петербург": "Europe/Moscow", "питер": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow", "st petersburg": "Europe/Moscow",
    "нижний новгород": "Europe/Moscow", "казань": "Europe/Moscow", "kazan": "Europe/Moscow",
    "ростов-на-дону": "Europe/Moscow", "ростов": "Europe/Moscow", "краснодар": "Europe/Moscow",
    "сочи": "Europe/Moscow", "воронеж": "Europe/Moscow", "махачкала": "Europe/Moscow",
    "грозный": "Europe/Moscow", "нальчик": "Europe/Moscow", "владикавказ": "Europe/Moscow",
    "ярославль": "Europe/Moscow", "тула": "Europe/Moscow", "крым": "Europe/Simferopol",
    "симферополь": "Europe/Simferopol", "калининград": "Europe/Kaliningrad",
    "kaliningrad": "Europe/Kaliningrad", "самара": "Europe/Samara", "samara": "Europe/Samara",
    "ижевск": "Europe/Samara", "саратов": "Europe/Saratov", "волгоград": "Europe/Volgograd",
    "ульяновск": "Europe/Ulyanovsk", "астрахань": "Europe/Astrakhan",
    "екатеринбург": "Asia/Yekaterinburg", "yekaterinburg": "Asia/Yekaterinburg",
    "пермь": "Asia/Yekaterinburg", "уфа": "Asia/Yekaterinburg", "челябинск": "Asia/Yekaterinburg",
    "тюмень": "Asia/Yekaterinburg", "оренбург": "Asia/Yekaterinburg", "омск": "Asia/Omsk",
    "новосибирск": "Asia/Novosibirsk", "novosibirsk": "Asia/Novosibirsk",
    "томск": "Asia/Tomsk", "барнаул": "Asia/Barnaul", "кемерово": "Asia/Novokuznetsk",
    "новокузнецк": "Asia/Novokuznetsk", "красноярск": "Asia/Krasnoyarsk",
    "иркутск": "Asia/Irkutsk", "улан-удэ": "Asia/Irkutsk", "чита": "Asia/Chita",
    "якутск": "Asia/Yakutsk", "владивосток": "Asia/Vladivostok", "хабаровск": "Asia/Vladivostok",
    "vladivostok": "Asia/Vladivostok", "магадан": "Asia/Magadan", "сахалин": "Asia/Sakhalin",
    "южно-сахалинск": "Asia/Sakhalin", "камчатка": "Asia/Kamchatka",
    "петропавловск-камчатский": "Asia/Kamchatka",
    # Former USSR
    "киев": "Europe/Kyiv", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv", "харьков": "Europe/Kyiv",
    "одесса": "Europe/Kyiv", "днепр": "Europe/Kyiv", "львов": "Europe/Kyiv",
    "минск": "Europe/Minsk", "minsk": "Europe/Minsk", "кишинев": "Europe/Chisinau",
    "chisinau": "Europe/Chisinau", "тбилиси": "Asia/Tbilisi", "tbilisi": "Asia/Tbilisi",
    "батуми": "Asia/Tbilisi", "ереван": "Asia/Yerevan", "yerevan": "Asia/Yerevan",
    "баку": "Asia/Baku", "baku": "Asia/Baku", "алматы": "Asia/Almaty", "алма-ата": "Asia/Almaty",
    "almaty": "Asia/Almaty", "астана": "Asia/Almaty", "astana": "Asia/Almaty",
    "бишкек": "Asia/Bishkek", "bishkek": "Asia/Bishkek", "ташкент": "Asia/Tashkent",
    "tashkent": "Asia/Tashkent", "самарканд": "Asia/Samarkand", "душанбе": "Asia/Dushanbe",
    "ашхабад": "Asia/Ashgabat", "рига": "Europe/Riga", "riga": "Europe/Riga",
    "вильнюс": "Europe/Vilnius", "vilnius": "Europe/Vilnius", "таллин": "Europe/Tallinn",
    "tallinn": "Europe/Tallinn",
    # Europe, Middle East
    "берлин": "Europe/Berlin", "berlin": "Europe/Berlin", "варшава": "Europe/Warsaw",
    "warsaw": "Europe/Warsaw", "прага": "Europe/Prague", "prague": "Europe/Prague",
    "вена": "Europe/Vienna", "париж": "Europe/Paris", "paris": "Europe/Paris",
    "лондон": "Europe/London", "london": "Europe/London", "хельсинки": "Europe/Helsinki",
    "белград": "Europe/Belgrade", "belgrade": "Europe/Belgrade", "стамбул": "Europe/Istanbul",
    "istanbul": "Europe/Istanbul", "анталья": "Europe/Istanbul", "тель-авив": "Asia/Jerusalem",
    "израиль": "Asia/Jerusalem", "tel aviv": "Asia/Jerusalem", "дубай": "Asia/Dubai",
    "dubai": "Asia/Dubai", "бангкок": "Asia/Bangkok", "пхукет": "Asia/Bangkok",
    "бали": "Asia/Makassar",
    # Mexico
    "тихуана": "America/Tijuana", "tijuana": "America/Tijuana", "мехико": "America/Mexico_City",
    "mexico city": "America/Mexico_City", "канкун": "America/Cancun", "cancun": "America/Cancun",
    "мексикали": "America/Tijuana", "mexicali": "America/Tijuana",
    "сьюдад-хуарес": "America/Ciudad_Juarez", "ciudad juarez": "America/Ciudad_Juarez",
    "монтеррей": "America/Monterrey", "monterrey": "America/Monterrey",
    "матаморос": "America/Matamoros", "matamoros": "America/Matamoros",
    # United States
    "нью-йорк": "America/New_York", "new york": "America/New_York", "nyc": "America/New_York",
    "бруклин": "America/New_York", "brooklyn": "America/New_York", "майами": "America/New_York",
    "miami": "America/New_York", "бостон": "America/New_York", "boston": "America/New_York",
    "филадельфия": "America/New_York", "philadelphia": "America/New_York",
    "вашингтон": "America/New_York", "washington": "America/New_York",
    "атланта": "America/New_York", "atlanta": "America/New_York", "орландо": "America/New_York",
    "нью-джерси": "America/New_York", "new jersey": "America/New_York",
    "детройт": "America/Detroit", "detroit": "America/Detroit", "кливленд": "America/New_York",
    "чикаго": "America/Chicago", "chicago": "America/Chicago", "хьюстон": "America/Chicago",
    "houston": "America/Chicago", "даллас": "America/Chicago", "dallas": "America/Chicago",
    "сан-антонио": "America/Chicago", "san antonio": "America/Chicago",
    "новый орлеан": "America/Chicago", "new orleans": "America/Chicago",
    "луизиана": "America/Chicago", "louisiana": "America/Chicago", "техас": "America/Chicago",
    "texas": "America/Chicago", "миннеаполис": "America/Chicago", "остин": "America/Chicago",
    "austin": "America/Chicago", "денвер": "America/Denver", "denver": "America/Denver",
    "эль-пасо": "America/Denver", "el paso": "America/Denver", "солт-лейк-сити": "America/Denver",
    "феникс": "America/Phoenix", "phoenix": "America/Phoenix", "аризона": "America/Phoenix",
    "arizona": "America/Phoenix", "тусон": "America/Phoenix", "tucson": "America/Phoenix",
    "лос-анджелес": "America/Los_Angeles", "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles", "сан-диего": "America/Los_Angeles",
    "san diego": "America/Los_Angeles", "сан-франциско": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles", "сакраменто": "America/Los_Angeles",
    "sacramento": "America/Los_Angeles", "сиэтл": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "портленд": "America/Los_Angeles",
    "лас-вегас": "America/Los_Angeles", "las vegas": "America/Los_Angeles",
    "калифорния": "America/Los_Angeles", "california": "America/Los_Angeles",
    "анкоридж": "America/Anchorage", "аляска": "America/Anchorage", "гонолулу": "Pacific/Honolulu",
    "гавайи": "Pacific/Honolulu", "honolulu": "Pacific/Honolulu",
    "торонто": "America/Toronto", "toronto": "America/Toronto", "ванкувер": "America/Vancouver",
    "vancouver": "America/Vancouver", "монреаль": "America/Toronto",
}  # fmt: skip

_OFFSET = re.compile(r"^(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?00)?$")
_ZONES = frozenset(available_timezones())
_ZONES_LOWER = {z.lower(): z for z in _ZONES}


def suggest(language_code: str | None) -> str:
    base = (language_code or "ru").split("-")[0].lower()
    return BY_LANGUAGE.get(base, "Europe/Moscow")


def choices(current: str | None, language_code: str | None) -> list[str]:
    """Zones to offer as buttons: the person's current one, the one their Telegram language
    suggests, then the usual ones; each once."""
    zones = [current] if current else []
    zones += [z for z in [suggest(language_code), *SHORT_LIST] if z not in zones]
    return list(dict.fromkeys(zones))


def is_valid(tz: str | None) -> bool:
    return tz is not None and tz in _ZONES


def find(text: str, limit: int = 4) -> list[str]:
    """Zones for what a person typed; the best first, several when unsure."""
    query = re.sub(r"\s+", " ", text.strip().lower().replace("ё", "е"))
    if not query:
        return []
    if query in _ZONES_LOWER:
        return [_ZONES_LOWER[query]]
    offset = _OFFSET.match(query)
    if offset:
        hours = int(offset[2])
        if hours <= 14:
            if hours == 0:
                return ["Etc/UTC"]
            # POSIX-style Etc zones have the sign inverted: UTC+3 is Etc/GMT-3.
            sign = "-" if offset[1] == "+" else "+"
            return [f"Etc/GMT{sign}{hours}"]
    if query in CITIES:
        return [CITIES[query]]
    found = process.extract(
        query, list(CITIES), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=85
    )
    zones: list[str] = []
    for name, _score, _index in found:
        zone = CITIES[name]
        if zone not in zones:
            zones.append(zone)
    if not zones:
        tail = [
            z for low, z in _ZONES_LOWER.items() if low.endswith("/" + query.replace(" ", "_"))
        ]
        zones.extend(tail)
    return zones[:limit]


def message_key(tz: str) -> str:
    return "tz-" + re.sub(r"[^a-z0-9]+", "-", tz.lower()).strip("-")


def label(tz: str, l10n: L10n) -> str:
    """The zone's name in the reader's language: ours for the short list, else the city's
    name from the Unicode CLDR (Babel: "Asia/Vladivostok" is «Владивосток»), never the raw
    IANA name unless CLDR has none either."""
    key = message_key(tz)
    if l10n.has(key):
        return l10n(key)
    try:
        return str(get_timezone_location(tz, locale=l10n.locale, return_city=True))
    except (LookupError, ValueError):
        return tz.replace("_", " ")


def offset_text(tz: str, when: dt.datetime) -> str:
    """ "UTC+3", "UTC−5", "UTC+5:30" at a given instant."""
    delta = when.astimezone(ZoneInfo(tz)).utcoffset() or dt.timedelta()
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
