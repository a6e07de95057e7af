"""The desk's knobs, taken from settings once, so domain code never reads settings itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.config import Settings

# Areas a volunteer can cover; a ticket's category is one of these or "other".
AREAS: tuple[str, ...] = ("border", "detention", "court", "family", "mexico")
CATEGORIES: tuple[str, ...] = (*AREAS, "other")
# Languages a volunteer can read. Tickets are in the bot's languages (ru, en).
LANGUAGES: tuple[str, ...] = ("ru", "en", "uk", "es")
MAX_SLA_PINGS = 3


@dataclass(frozen=True, slots=True)
class DeskPolicy:
    admin_ids: frozenset[int] = frozenset()
    volunteer_chat_id: int | None = None
    sla: dt.timedelta = dt.timedelta(minutes=120)
    autoclose: dt.timedelta = dt.timedelta(days=7)
    max_open: int = 3
    max_sla_pings: int = MAX_SLA_PINGS

    @classmethod
    def from_settings(cls, settings: Settings) -> DeskPolicy:
        return cls(
            admin_ids=settings.admin_ids,
            volunteer_chat_id=settings.volunteer_chat_id,
            sla=dt.timedelta(minutes=settings.ticket_sla_minutes),
            autoclose=dt.timedelta(days=settings.ticket_autoclose_days),
            max_open=settings.max_open_tickets,
        )
