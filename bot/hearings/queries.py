"""Look-ups the hearing screens share: the people of a case and where their court is.
Telegram-free; authorisation is the caller's (``access``)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Person
from bot.crypto import Vault
from bot.hearings import texts
from bot.hearings.models import Hearing
from bot.places import Place, Places


async def persons_of(session: AsyncSession, case_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person).where(Person.case_id == case_id).order_by(Person.id)
    )
    return list(rows)


async def person_name(
    session: AsyncSession, vault: Vault, person_id: int | None, locale: str
) -> str:
    person = await session.get(Person, person_id) if person_id else None
    return texts.person_name(vault, person, locale)


async def case_label(session: AsyncSession, vault: Vault, case_id: int, locale: str) -> str:
    """ "№12: IVANOV IVAN, …": how a person with several cases tells them apart."""
    names = [texts.person_name(vault, p, locale) for p in await persons_of(session, case_id)]
    return f"№{case_id}: " + (", ".join(names) if names else "—")


async def suggested_place(
    session: AsyncSession, vault: Vault, places: Places, person_id: int | None
) -> Place | None:
    """The court or facility the case already records for this person, if any."""
    person = await session.get(Person, person_id) if person_id else None
    if person is None or not person.location_enc:
        return None
    try:
        location = json.loads(vault.decrypt(person.location_enc))
    except Exception:  # a damaged or foreign value is just no suggestion
        return None
    ref = location.get("ref") if isinstance(location, dict) else None
    place = places.get(str(ref)) if ref else None
    if place is None and ref:
        for kind in ("court", "facility"):
            place = places.get(f"{kind}:{ref}")
            if place is not None:
                break
    return place


async def court_zone(session: AsyncSession, person_id: int | None) -> str | None:
    """The zone of the person's latest hearing: where their court is."""
    if person_id is None:
        return None
    tz = await session.scalar(
        select(Hearing.tz)
        .where(Hearing.person_id == person_id)
        .order_by(Hearing.starts_at.desc())
        .limit(1)
    )
    return str(tz) if tz else None
