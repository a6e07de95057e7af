"""What a family can do right now for each person, built from what they entered.

Facts behind these steps (numbers, what each service covers) come from the shared fact sheet
(sections 1, 2, 7 and 9): the ICE Online Detainee Locator, EOIR's case portal and hotline, the
ORR National Call Center and ICE's Detention Reporting and Information Line. Steps are
(Fluent key, arguments) pairs; the handler renders them in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.cases.fields import PersonData, split_latin_name
from bot.cases.models import LocationKind, PersonStatus
from bot.places import Place, Places

# The USSR ended in December 1991; the locator's country list for people born before that
# is not documented (fact sheet 1.1, uncertain), so older people get a tip.
USSR_LAST_YEAR = 1991


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    args: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class PersonPlan:
    steps: list[Step]
    place: Place | None


def plan_for(data: PersonData, status: str, places: Places, today: dt.date) -> PersonPlan:
    steps: list[Step] = []
    kind = data.location.kind
    place = places.get(data.location.ref) if data.location.ref else None
    child = data.is_child(today)
    country = data.country_english or ""
    released = kind == LocationKind.RELEASED or status in {
        PersonStatus.RELEASED,
        PersonStatus.REMOVED,
    }
    if place is not None:
        steps.append(
            Step(
                "cases-next-facility" if place.kind == "facility" else "cases-next-court",
                {"name": place.name, "city": place.city, "state": place.state, "tz": place.tz},
            )
        )
    if child:
        steps.append(Step("cases-next-orr"))
    elif not released and kind != LocationKind.MEXICO:
        if data.a_number:
            steps.append(
                Step("cases-next-locator-anumber", {"digits": data.a_number, "country": country})
            )
        last, first = split_latin_name(data.latin_name)
        steps.append(
            Step(
                "cases-next-locator-name",
                {
                    "last": last,
                    "first": first,
                    "country": country,
                    "dob": data.birth_date.strftime("%m/%d/%Y") if data.birth_date else "",
                },
            )
        )
        if data.birth_date is not None and data.birth_date.year <= USSR_LAST_YEAR:
            steps.append(Step("cases-next-locator-ussr"))
        steps.append(Step("cases-next-locator-limits"))
    if kind in {LocationKind.UNKNOWN, LocationKind.OTHER} and not child:
        steps.append(Step("cases-next-unknown"))
    if data.a_number:
        steps.append(Step("cases-next-eoir", {"digits": data.a_number}))
    elif kind != LocationKind.MEXICO:
        steps.append(Step("cases-next-no-anumber"))
    if released and status != PersonStatus.REMOVED:
        steps.append(Step("cases-next-released"))
    if status == PersonStatus.REMOVED:
        steps.append(Step("cases-next-removed"))
    if kind == LocationKind.MEXICO:
        steps.append(Step("cases-next-mexico"))
    return PersonPlan(steps=steps, place=place)


# Most urgent first: a child, someone nobody can find, then release and court.
TOPIC_PRIORITY: tuple[str, ...] = (
    "family-children",
    "detention-find-person",
    "detention-transfer",
    "detention-a-number",
    "release-bond",
    "detention-phone-calls",
    "court-hearing-date",
    "court-address-change",
    "deport-russia-risk",
    "mexico-waiting",
    "family-spouses",
    "legal-find-lawyer",
)


def topics_for(items: list[tuple[PersonData, str]], today: dt.date, limit: int = 5) -> list[str]:
    """Knowledge-base topics worth reading for this family, most urgent first."""
    topics: set[str] = {"legal-find-lawyer"}
    for data, status in items:
        kind = data.location.kind
        child = data.is_child(today)
        if child:
            topics.add("family-children")
        if status == PersonStatus.TRANSFERRED:
            topics.add("detention-transfer")
        if kind in {LocationKind.UNKNOWN, LocationKind.OTHER}:
            topics.add("detention-find-person")
        if not data.a_number and kind != LocationKind.MEXICO:
            topics.add("detention-a-number")
        if kind in {LocationKind.FACILITY, LocationKind.COURT} and not child:
            topics.update({"detention-phone-calls", "release-bond"})
        if kind == LocationKind.RELEASED or status == PersonStatus.RELEASED:
            topics.add("court-address-change")
        if status == PersonStatus.REMOVED:
            topics.add("deport-russia-risk")
        if kind == LocationKind.MEXICO:
            topics.add("mexico-waiting")
        if data.a_number:
            topics.add("court-hearing-date")
    if len(items) > 1:
        topics.add("family-spouses")
    return [t for t in TOPIC_PRIORITY if t in topics][:limit]
