"""Knowledge base: loading the reviewed topic files and checking them.

Content lives in ``bot/knowledge/content/<category>.toml``, one file per category with every
locale side by side, so a reviewer corrects a whole category in one place. The topic
catalogue (``catalogue.json``) fixes the ids that must exist; files may add more topics.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CONTENT_DIR = PACKAGE_DIR / "content"
CATALOGUE_PATH = PACKAGE_DIR / "catalogue.json"

LOCALES: tuple[str, ...] = ("ru", "en")
# Telegram's hard limit is 4096 characters after entity parsing; the answer card adds the
# title, sources, the reviewed date and the disclaimer around the body.
MAX_MESSAGE_CHARS = 4096
MAX_BODY_CHARS = 3400
ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "span",
    }
)
CAVEAT_MARK = "⚠️"
# One vocabulary in Russian text (issue 12): «A-номер», «региональное отделение ICE»,
# «пэрол». Keywords are exempt: they are what people type. A word from this list fails the
# lint and start-up like any other problem.
FORBIDDEN_RU: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"A-number", re.IGNORECASE), "«A-номер», not “A-number”"),
    (re.compile(r"\bномер[ау]?\s+[AА](?![\w-])"), "«A-номер», not «номер A»"),
    (re.compile(r"\bполев\w*\s+офис\w*", re.IGNORECASE), "«региональное отделение ICE»"),
    (re.compile(r"\bпарол[ьяюе]\w*", re.IGNORECASE), "«пэрол» for parole, not «пароль»"),
)


@dataclass(frozen=True, slots=True)
class TopicText:
    title: str
    # The first screen: what to do now, any caveat of a rule in flux, the way to a volunteer.
    body: str
    keywords: tuple[str, ...]
    # Optional background shown on request below the first screen ("Подробнее").
    details: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    category: str
    reviewed: dt.date
    uncertain: bool
    related: tuple[str, ...]
    sources: tuple[str, ...]
    texts: Mapping[str, TopicText]
    # The date of each source page where the file gives one (None where it does not).
    source_dates: tuple[dt.date | None, ...] = ()

    def text(self, locale: str) -> TopicText:
        return self.texts.get(locale) or self.texts[LOCALES[0]]


@dataclass(slots=True)
class KnowledgeBase:
    topics: dict[str, Topic] = field(default_factory=dict)
    # Category order as in the catalogue, then any new ones in file order.
    categories: list[str] = field(default_factory=list)

    def in_category(self, category: str) -> list[Topic]:
        return [t for t in self.topics.values() if t.category == category]

    def get(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)


class KnowledgeError(Exception):
    """The knowledge base is not fit to serve; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} knowledge-base problem(s):\n" + "\n".join(problems))
        self.problems = problems


def vocabulary_problems(kb: KnowledgeBase) -> list[str]:
    """Russian titles, bodies and details that use a word the vocabulary replaces: one
    line per topic, locale and term."""
    problems: list[str] = []
    for topic in kb.topics.values():
        text = topic.texts.get("ru")
        if text is None:
            continue
        plain = visible_text("\n".join((text.title, text.body, text.details)))
        for pattern, wanted in FORBIDDEN_RU:
            found = sorted({m.group(0) for m in pattern.finditer(plain)})
            if found:
                shown = ", ".join(repr(f) for f in found)
                problems.append(f"{topic.id} [ru]: vocabulary: {shown}; write {wanted}")
    return problems


def load_catalogue(path: Path = CATALOGUE_PATH) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    topics: list[dict[str, object]] = data["topics"]
    return topics


def visible_text(body: str) -> str:
    """What Telegram shows of an HTML body: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", body))


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"unsupported tag <{tag}>")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if not href.startswith(("https://", "tg://", "tel:")):
                self.problems.append(f"link must be https: {href!r}")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def close(self) -> None:
        super().close()
        if self.stack:
            self.problems.append("unclosed " + ", ".join(f"<{t}>" for t in self.stack))


def html_problems(body: str) -> list[str]:
    checker = _TagChecker()
    # A bare "&" or "<" that is not markup breaks Telegram's parser.
    if re.search(r"&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)", body):
        checker.problems.append("bare '&' (write &amp;)")
    checker.feed(body)
    checker.close()
    return checker.problems


def _parse_file(path: Path, problems: list[str]) -> Iterable[Topic]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: not valid TOML: {exc}")
        return
    category = data.get("category")
    if not isinstance(category, str) or not category:
        problems.append(f"{path.name}: missing top-level `category`")
        return
    for index, raw in enumerate(data.get("topic", [])):
        where = f"{path.name}: topic #{index + 1}"
        topic_id = raw.get("id")
        if not isinstance(topic_id, str) or not topic_id:
            problems.append(f"{where}: missing id")
            continue
        where = f"{path.name}: {topic_id}"
        reviewed = raw.get("reviewed")
        if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
            problems.append(f"{where}: `reviewed` must be a date like 2026-11-22")
            reviewed = dt.date.min
        sources, source_dates = _sources(raw.get("sources") or [], reviewed, where, problems)
        texts: dict[str, TopicText] = {}
        for locale in LOCALES:
            loc = raw.get(locale)
            if not isinstance(loc, dict):
                problems.append(f"{where}: missing [{locale}] text")
                continue
            title, body = loc.get("title", ""), loc.get("body", "")
            details = loc.get("details", "")
            if not title or not body:
                problems.append(f"{where} [{locale}]: empty title or body")
            if not isinstance(details, str):
                problems.append(f"{where} [{locale}]: `details` must be text")
                details = ""
            for part in (body, details):
                for problem in html_problems(part):
                    problems.append(f"{where} [{locale}]: {problem}")
            size = len(visible_text(body)) + len(visible_text(details))
            if size > MAX_BODY_CHARS:
                problems.append(
                    f"{where} [{locale}]: body and details are {size} characters"
                    f" (max {MAX_BODY_CHARS})"
                )
            uncertain = bool(raw.get("uncertain", False))
            if uncertain and CAVEAT_MARK not in body:
                problems.append(
                    f"{where} [{locale}]: marked uncertain but has no '{CAVEAT_MARK}' caveat"
                )
            keywords = tuple(str(k) for k in loc.get("keywords", []))
            texts[locale] = TopicText(
                title=title.strip(), body=body.strip(), keywords=keywords, details=details.strip()
            )
        yield Topic(
            id=topic_id,
            category=category,
            reviewed=reviewed,
            uncertain=bool(raw.get("uncertain", False)),
            related=tuple(raw.get("related", [])),
            sources=sources,
            texts=texts,
            source_dates=source_dates,
        )


def _sources(
    raw: object, reviewed: dt.date, where: str, problems: list[str]
) -> tuple[tuple[str, ...], tuple[dt.date | None, ...]]:
    """Sources are URLs, or ``{ url = "https://…", date = 2026-03-08 }`` with the page's date.

    A page dated after the topic's reviewed date means the review could not have read it.
    """
    urls: list[str] = []
    dates: list[dt.date | None] = []
    entries = raw if isinstance(raw, list) else []
    if not entries:
        problems.append(f"{where}: no sources")
    for entry in entries:
        url, date = (
            (entry.get("url"), entry.get("date")) if isinstance(entry, dict) else (entry, None)
        )
        if not isinstance(url, str) or not url.startswith("https://"):
            problems.append(f"{where}: source is not https: {url!r}")
            continue
        if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
            problems.append(f"{where}: source date must be a date like 2026-03-08: {url}")
            date = None
        if date is not None and date > reviewed:
            problems.append(
                f"{where}: source dated {date} is newer than reviewed {reviewed}: {url}"
            )
        urls.append(url)
        dates.append(date)
    return tuple(urls), tuple(dates)


def load_knowledge(
    content_dir: Path = CONTENT_DIR,
    catalogue_path: Path = CATALOGUE_PATH,
    *,
    strict: bool = True,
) -> tuple[KnowledgeBase, list[str]]:
    """Load every topic file; return the base and the list of problems found.

    With ``strict`` a non-empty problem list raises :class:`KnowledgeError`, which is what
    start-up and the tests use: a broken knowledge base must never be served.
    """
    problems: list[str] = []
    catalogue = load_catalogue(catalogue_path)
    kb = KnowledgeBase()
    for entry in catalogue:
        cat = str(entry["category"])
        if cat not in kb.categories:
            kb.categories.append(cat)
    for path in sorted(content_dir.glob("*.toml")):
        for topic in _parse_file(path, problems):
            if topic.id in kb.topics:
                problems.append(f"{path.name}: duplicate topic id {topic.id}")
                continue
            kb.topics[topic.id] = topic
            if topic.category not in kb.categories:
                kb.categories.append(topic.category)
    for entry in catalogue:
        topic_id = str(entry["id"])
        if topic_id not in kb.topics:
            problems.append(f"catalogue id {topic_id} has no topic")
        elif kb.topics[topic_id].category != entry["category"]:
            problems.append(f"{topic_id}: category differs from the catalogue")
    for topic in kb.topics.values():
        for rel in topic.related:
            if rel not in kb.topics:
                problems.append(f"{topic.id}: related id {rel} does not exist")
            elif rel == topic.id:
                problems.append(f"{topic.id}: relates to itself")
    kb.categories = [c for c in kb.categories if kb.in_category(c)] or kb.categories
    problems.extend(vocabulary_problems(kb))
    if strict and problems:
        raise KnowledgeError(problems)
    return kb, problems
