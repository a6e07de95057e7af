"""Dates and times as people type them, in Russian or English.

"15.03.2027 9:00", "15 марта в 9", "March 15 9am", "завтра в 14:30", "2027-03-15 13:00".
Parsing never guesses silently: a slash date like 03/04/2027, a bare hour that could be night
or afternoon ("в 2"), a date that does not exist or has passed come back as a
:class:`DateProblem` with a code the handler explains (``hearings-date-problem-<code>``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

MONTHS: dict[str, int] = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "мая": 5,
    "май": 5,
    "мае": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_WORD = r"(?P<mon>[a-zа-я]{3,9})\.?"
_YEAR = r"(?P<year>\d{4})"
MAX_AHEAD_YEARS = 6

_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<a>\d{1,2})-(?P<b>\d{1,2})\b")
_NUMERIC_Y = re.compile(
    r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})\b"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:-?(?:го|е|st|nd|rd|th))?\s+(?:of\s+)?{_MONTH_WORD}(?:,?\s+{_YEAR})?"
)
_MONTH_DAY = re.compile(
    rf"\b{_MONTH_WORD}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?"
)
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})\b(?![.:/]\d)")
_RELATIVE = {
    "послезавтра": 2,
    "позавчера": -2,
    "сегодня": 0,
    "today": 0,
    "завтра": 1,
    "tomorrow": 1,
    "вчера": -1,
    "yesterday": -1,
}

_MARK = r"(?P<mark>a\.?\s?m\.?|p\.?\s?m\.?|утра|дня|вечера|ночи)"
_HH_MM = re.compile(rf"\b(?P<h>\d{{1,2}})[:.](?P<m>\d{{2}})\b\s*(?:ч\w*\s*)?{_MARK}?")
_HH_MARK = re.compile(rf"\b(?P<h>\d{{1,2}})\s*(?:ч\w*\s*)?{_MARK}")
_AT_HH = re.compile(
    r"(?:^|\s)(?:в|во|at|@)\s*(?P<h>\d{1,2})(?:\s*(?:ч|час|часа|часов|h|o'clock))?\b"
)
_HH_ALONE = re.compile(r"\b(?P<h>\d{1,2})(?:\s*(?:ч|час|часа|часов|h|o'clock))?\b")
_NOON = re.compile(r"\b(?:полдень|noon|в полдень)\b")


@dataclass(frozen=True, slots=True)
class DateProblem:
    """Why the text is not a usable date; ``args`` fill the explanation."""

    code: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Found:
    date: dt.date | None
    relative: bool
    rest: str


def _normalise(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    text = re.sub(r"[,;]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _month(word: str) -> int | None:
    word = word.lower()
    for stem, number in MONTHS.items():
        if word.startswith(stem):
            return number
    return None


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    value = int(raw)
    return 2000 + value if value < 100 else value


def _make(year: int, month: int, day: int) -> dt.date | DateProblem:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return DateProblem("bad-date", {"day": day, "month": month})


def _pick_year(month: int, day: int, today: dt.date, future: bool) -> dt.date | DateProblem:
    """A date typed without a year: the next one for a hearing, the last one for a decision."""
    year = today.year
    if (month, day) == (2, 29):  # the next (or last) leap year, never a silent 28 February
        step = 1 if future else -1
        while True:
            try:
                candidate = dt.date(year, 2, 29)
            except ValueError:
                year += step
                continue
            if (candidate >= today) if future else (candidate <= today):
                return candidate
            year += step
    first = _make(year, month, day)
    if isinstance(first, DateProblem):
        return first
    if future and first < today:
        return _make(year + 1, month, day)
    if not future and first > today:
        return _make(year - 1, month, day)
    return first


def _find_date(text: str, today: dt.date, future: bool) -> _Found | DateProblem:
    for word, days in _RELATIVE.items():
        match = re.search(rf"\b{word}\b", text)
        if match:
            rest = text[: match.start()] + " " + text[match.end() :]
            return _Found(today + dt.timedelta(days=days), True, rest)
    match = _ISO.search(text)
    if match:
        made = _make(int(match["year"]), int(match["a"]), int(match["b"]))
        return made if isinstance(made, DateProblem) else _cut(made, text, match)
    match = _NUMERIC_Y.search(text)
    if match:
        year = _year(match["year"])
        assert year is not None
        return _numeric(int(match["a"]), int(match["b"]), match["sep"], year, text, match)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            month = _month(match["mon"])
            if month is None:
                continue
            day = int(match["day"])
            year = _year(match["year"])
            made = (
                _make(year, month, day)
                if year is not None
                else _pick_year(month, day, today, future)
            )
            if isinstance(made, DateProblem):
                return made
            return _cut(made, text, match)
    first: DateProblem | None = None
    for match in _NUMERIC.finditer(text):  # "9.30 15.03": the first pair that is a date
        result = _numeric(
            int(match["a"]),
            int(match["b"]),
            match["sep"],
            None,
            text,
            match,
            today=today,
            future=future,
        )
        if isinstance(result, _Found):
            return result
        first = first or result
    return first or _Found(None, False, text)


def _cut(date: dt.date, text: str, match: re.Match[str]) -> _Found:
    return _Found(date, False, text[: match.start()] + " " + text[match.end() :])


def _numeric(
    a: int,
    b: int,
    sep: str,
    year: int | None,
    text: str,
    match: re.Match[str],
    *,
    today: dt.date | None = None,
    future: bool = True,
) -> _Found | DateProblem:
    """``.`` and ``-`` are day-month (as written in Russia and Europe); ``/`` is ambiguous
    between the US month/day and day/month unless one part is above 12."""
    if sep == "/" and a != b and a <= 12 and b <= 12:
        return DateProblem("ambiguous-order", {"first": a, "second": b, "year": year or 0})
    day, month = (b, a) if sep == "/" and b > 12 else (a, b)
    if year is not None:
        made = _make(year, month, day)
    else:
        assert today is not None
        made = _pick_year(month, day, today, future)
    return made if isinstance(made, DateProblem) else _cut(made, text, match)


def _apply_mark(hour: int, mark: str | None) -> int | None:
    if mark is None:
        return hour
    mark = mark.replace(".", "").replace(" ", "")
    if mark in {"am", "утра", "ночи"}:
        if hour > 12:
            return None
        return 0 if hour == 12 else hour
    if hour > 12:
        return None
    return hour if hour == 12 else hour + 12  # pm, дня, вечера


def _find_time(text: str) -> tuple[dt.time, bool] | DateProblem | None:
    """The time and whether it was marked (am/pm, утра/вечера) or written as 24-hour > 12."""
    if _NOON.search(text):
        return dt.time(12, 0), True
    hour: int | None = None
    minute = 0
    mark: str | None = None
    for pattern in (_HH_MM, _HH_MARK, _AT_HH):
        match = pattern.search(text)
        if match:
            hour = int(match["h"])
            minute = int(match.groupdict().get("m") or 0)
            mark = match.groupdict().get("mark")
            break
    else:
        numbers = _HH_ALONE.findall(text)
        if len(numbers) == 1:
            hour = int(numbers[0])
        elif len(numbers) > 1:
            return DateProblem("unclear")
    if hour is None:
        return None
    # "25:00" is refused as written ("25:00", not "25:0"); 24:00 is midnight.
    wrong = DateProblem("bad-time", {"hour": hour, "minute": f"{minute:02d}"})
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        return wrong
    converted = _apply_mark(hour % 24 if mark is None else hour, mark)
    if converted is None:
        return wrong
    return dt.time(converted, minute), mark is not None


def to_instant(local: dt.datetime, tz: str) -> dt.datetime | None:
    """The UTC instant of a court's wall-clock time; None when that time does not exist
    (the hour skipped when clocks go forward). In the repeated hour the first is taken."""
    zone = ZoneInfo(tz)
    aware = local.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local:
        return None
    return instant


def parse_hearing_time(
    text: str, now: dt.datetime, tz: str, *, day: dt.date | None = None
) -> dt.datetime | DateProblem:
    """A future court wall-clock time (naive, in ``tz``) from what a person typed. ``day``
    is a date understood from the previous answer, which had no time ("завтра", then
    "9:00"): a time typed alone is on that day."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    norm = _normalise(text)
    if not norm:
        return DateProblem("empty")
    local_now = now.astimezone(ZoneInfo(tz))
    found = _find_date(norm, local_now.date(), future=True)
    if isinstance(found, DateProblem):
        return found
    if found.date is None and day is not None:
        found = _Found(day, False, found.rest)
    if found.date is None:
        return DateProblem("no-date")
    timed = _find_time(found.rest)
    if isinstance(timed, DateProblem):
        return timed
    if timed is None:
        return DateProblem("no-time", {"date": found.date.isoformat()})
    clock, marked = timed
    if not marked and 1 <= clock.hour <= 6:
        # Courts do not sit at night: "в 2" is almost surely 14:00, but a wrong guess costs
        # a hearing, so ask.
        return DateProblem(
            "ambiguous-hour",
            {
                "morning": f"{clock.hour}:{clock.minute:02d}",
                "afternoon": f"{clock.hour + 12}:{clock.minute:02d}",
            },
        )
    local = dt.datetime.combine(found.date, clock)
    if local <= local_now.replace(tzinfo=None):
        return DateProblem("past", {"date": found.date.isoformat()})
    if found.date.year > local_now.year + MAX_AHEAD_YEARS:
        return DateProblem("too-far", {"years": MAX_AHEAD_YEARS})
    if to_instant(local, tz) is None:
        return DateProblem("nonexistent", {"time": f"{clock.hour}:{clock.minute:02d}"})
    return local


def _typed_day(text: str, today: dt.date, *, future: bool) -> dt.date | DateProblem:
    """The day named in what a person typed (times are ignored); ``future`` decides which
    way a date without a year is read."""
    norm = _normalise(text)
    if not norm:
        return DateProblem("empty")
    found = _find_date(norm, today, future=future)
    if isinstance(found, DateProblem):
        return found
    if found.date is None:
        return DateProblem("no-date")
    return found.date


def _past_day(text: str, today: dt.date, max_years: int) -> dt.date | DateProblem:
    """A typed day that already happened, at most ``max_years`` years ago."""
    day = _typed_day(text, today, future=False)
    if isinstance(day, DateProblem):
        return day
    if day > today:
        return DateProblem("future", {"date": day.isoformat()})
    if day.year < today.year - max_years:
        return DateProblem("too-old")
    return day


def parse_past_date(text: str, today: dt.date) -> dt.date | DateProblem:
    """A day that already happened (a decision, an arrival, a move); times are ignored."""
    return _past_day(text, today, 30)


def parse_future_date(text: str, today: dt.date) -> dt.date | DateProblem:
    """A day still to come (a planned date); times are ignored."""
    day = _typed_day(text, today, future=True)
    if isinstance(day, DateProblem):
        return day
    if day < today:
        return DateProblem("past", {"date": day.isoformat()})
    if day.year > today.year + MAX_AHEAD_YEARS:
        return DateProblem("too-far", {"years": MAX_AHEAD_YEARS})
    return day


def parse_birth_date(text: str, today: dt.date) -> dt.date | DateProblem:
    """A date of birth: in the past, at most 110 years ago."""
    return _past_day(text, today, 110)
