"""``python -m bot export-case <id>``: one case as a self-contained HTML file a lawyer can
read (people, hearings, deadlines, the whole timeline), for an admin at the server.

It reuses the bot's own cards, so the file says exactly what the family and the volunteer
see, in the chosen language. Every export is written to the audit log; the file is created
with mode 600 because it holds names, dates of birth and A-numbers in clear text.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.cases import service, timeline
from bot.cases.access import audit
from bot.cases.models import Case, Person
from bot.crypto import Vault
from bot.hearings import texts
from bot.hearings.models import Deadline, Hearing
from bot.i18n import L10n
from bot.places import Places

STYLE = """
body { font-family: -apple-system, 'Segoe UI', Arial, sans-serif; max-width: 48rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
section.card { margin: .75rem 0; padding: .5rem .75rem; background: #f6f6f6; border-radius: 6px; }
.note { color: #555; font-size: .9rem; }
"""
# The case's own rows listed in the export.
Row = TypeVar("Row", Hearing, Deadline)


async def _of_case(
    session: AsyncSession, model: type[Row], case_id: int, order: InstrumentedAttribute[Any]
) -> list[Row]:
    """The case's rows of ``model``, ordered by ``order``."""
    return list(
        await session.scalars(select(model).where(model.case_id == case_id).order_by(order))
    )


_TG_TAGS = re.compile(r"</?(tg-spoiler|tg-emoji)[^>]*>")


def _block(telegram_html: str) -> str:
    """Telegram HTML (b, i, a, code…) is valid HTML; only line breaks need markup."""
    return _TG_TAGS.sub("", telegram_html).replace("\n", "<br>\n")


class CaseNotFoundError(LookupError):
    pass


async def render(
    session: AsyncSession,
    case_id: int,
    *,
    vault: Vault,
    places: Places,
    l10n: L10n,
    now: dt.datetime,
) -> str:
    from bot.handlers.cases import ui  # the family's own cards, reused as they are

    case = await session.get(Case, case_id)
    if case is None:
        raise CaseNotFoundError(case_id)
    parts = [
        f"<h1>{html.escape(l10n('export-title', case=case_id))}</h1>",
        f"<p class=note>{html.escape(l10n('export-generated', date=l10n.datetime(now, 'UTC')))}"
        f"<br>{html.escape(l10n('export-confidential'))}</p>",
        f"<h2>{html.escape(l10n('export-people'))}</h2>",
    ]
    for person in await service.persons(session, case_id):
        data = service.open_person(vault, person)
        card = ui.person_card(person, data, l10n, places, now)
        parts.append(f"<section class=card>{_block(card)}</section>")
    parts.append(f"<h2>{html.escape(l10n('export-hearings'))}</h2>")
    hearings = await _of_case(session, Hearing, case_id, Hearing.starts_at)
    for hearing in hearings:
        view = await texts.load_view(session, vault, places, hearing, l10n.locale)
        status = l10n(
            "export-hearing-status", status=hearing.status, outcome=hearing.outcome or "—"
        )
        card = texts.hearing_card(l10n, view, None)
        parts.append(f"<section class=card>{_block(card)}<br>{html.escape(status)}</section>")
    if not hearings:
        parts.append(f"<p>{html.escape(l10n('export-none'))}</p>")
    parts.append(f"<h2>{html.escape(l10n('export-deadlines'))}</h2>")
    deadlines = await _of_case(session, Deadline, case_id, Deadline.due_date)
    for deadline in deadlines:
        whom = await session.get(Person, deadline.person_id) if deadline.person_id else None
        name = texts.person_name(vault, whom, l10n.locale)
        parts.append(
            f"<section class=card>{_block(texts.deadline_card(l10n, deadline, name, now, None))}"
            "</section>"
        )
    if not deadlines:
        parts.append(f"<p>{html.escape(l10n('export-none'))}</p>")
    parts.append(f"<h2>{html.escape(l10n('export-timeline'))}</h2>")
    events = await service.timeline(session, case_id, staff=True, limit=10_000)
    views = [await timeline.describe(session, vault, case, e) for e in events]
    lines = [ui.event_line(l10n, places, view, "UTC") for view in views]
    parts.append("<p>" + "<br>\n".join(_block(line) for line in lines) + "</p>")
    parts.append(f"<p class=note>{html.escape(l10n('not-legal-advice'))}</p>")
    await audit(session, None, "case.export", case_id, now)
    title = html.escape(l10n("export-title", case=case_id))
    return (
        f"<!doctype html>\n<html lang={l10n.locale}><head><meta charset=utf-8>"
        f"<title>{title}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def write_private(path: Path, content: str) -> None:
    """Create the file readable by its owner only (it holds personal data in clear text)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(content)
