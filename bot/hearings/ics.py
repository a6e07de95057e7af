"""A case's hearings and deadlines as an iCalendar file (RFC 5545) for any calendar app.

Hearings are timed events in UTC (calendars show them in the phone's own zone), with the
court's wall-clock time in the description; deadlines are all-day events. Each event has
alarms a day and three hours before (deadlines: a week and a day before).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//asylum-help-bot//hearings//EN"
HEARING_LENGTH = dt.timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class IcsEvent:
    uid: str
    summary: str
    description: str
    location: str | None = None
    start: dt.datetime | None = None  # timed (aware)
    day: dt.date | None = None  # all-day
    alarms: tuple[dt.timedelta, ...] = ()


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1),
    never splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current = " "
            size = 1
            limit = 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    out = "-P"
    if days:
        out += f"{days}D"
    if hours or mins:
        out += "T" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "")
    return out if out != "-P" else "-PT0M"


def calendar(events: Iterable[IcsEvent], now: dt.datetime, name: str) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_stamp(now)}"]
        if event.start is not None:
            lines.append(f"DTSTART:{_stamp(event.start)}")
            lines.append(f"DTEND:{_stamp(event.start + HEARING_LENGTH)}")
        elif event.day is not None:
            lines.append(f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}")
            lines.append(f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}")
        lines.append(f"SUMMARY:{escape(event.summary)}")
        lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        for alarm in event.alarms:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape(event.summary)}",
                f"TRIGGER:{_duration(alarm)}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
