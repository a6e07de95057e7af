"""Immigration courts and ICE detention facilities shipped with the bot (``bot/data/*.csv``).

Admins update the CSV files (or point ``PLACES_DIR`` at their own copies) without a code
change; the source columns are kept so every answer can say where a fact came from.
Ids are stable slugs: ``court:<slug>`` and ``facility:<slug>``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    kind: str  # "court" | "facility"
    name: str
    city: str
    state: str
    tz: str
    address: str
    source: str
    confidence: str
    aliases: tuple[str, ...] = ()
    detained: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.city}, {self.state})"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _place(
    kind: str,
    row: dict[str, str],
    address: str,
    *,
    aliases: tuple[str, ...] = (),
    detained: bool,
) -> Place:
    """A place from a CSV row; its id is ``<kind>:<slug of the name>``."""
    return Place(
        id=f"{kind}:{slug(row['name'])}",
        kind=kind,
        name=row["name"],
        city=row["city"],
        state=row["state"],
        tz=row["iana_tz"],
        address=address,
        source=row["source"],
        confidence=row["confidence"],
        aliases=aliases,
        detained=detained,
    )


class Places:
    def __init__(self, places: list[Place]) -> None:
        self.by_id = {p.id: p for p in places}
        # One entry per name, city and alias, so "Jena" or "Batavia" alone finds its place.
        self._choices: list[tuple[str, str]] = [
            (p.id, label.lower()) for p in places for label in (p.name, p.city, *p.aliases)
        ]

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Places:
        places: list[Place] = []
        for row in _rows(data_dir / "immigration_courts.csv"):
            detained = row.get("detained", "").strip().lower() == "yes"
            places.append(_place("court", row, row["address"], detained=detained))
        for row in _rows(data_dir / "detention_facilities.csv"):
            aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
            address = ", ".join(
                x for x in (row.get("address", ""), row["city"], row["state"]) if x
            )
            places.append(_place("facility", row, address, aliases=aliases, detained=True))
        for place in places:
            ZoneInfo(place.tz)  # fail at start-up on a bad time zone, not at reminder time
        return cls(places)

    def get(self, place_id: str) -> Place | None:
        return self.by_id.get(place_id)

    def of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.by_id.values() if p.kind == kind]

    def search(self, text: str, kind: str | None = None, limit: int = 5) -> list[Place]:
        """Places matching what a person typed ("Jena", "adelanto", "el paso")."""
        query = text.strip().lower()
        if not query:
            return []
        entries = [
            (pid, label)
            for pid, label in self._choices
            if kind is None or self.by_id[pid].kind == kind
        ]
        found = process.extract(
            query,
            [label for _, label in entries],
            scorer=fuzz.WRatio,
            limit=limit * 4,
            score_cutoff=75,
        )
        result: list[Place] = []
        for _label, _score, index in found:
            place = self.by_id[entries[index][0]]
            if place not in result:
                result.append(place)
        return result[:limit]
