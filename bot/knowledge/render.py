"""Turning a topic into the message a person reads (Telegram HTML, no aiogram)."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from bot.i18n import L10n
from bot.knowledge.base import Topic


def source_label(url: str) -> str:
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return host or url


def has_details(topic: Topic, locale: str) -> bool:
    return bool(topic.text(locale).details)


def answer_card(topic: Topic, l10n: L10n, *, full: bool = False) -> str:
    """Title, body, sources, reviewed date and the not-legal-advice line. The first card
    shows the body only; ``full`` (the «Подробнее» button) adds the topic's details."""
    text = topic.text(l10n.locale)
    body = text.body
    if full and text.details:
        # The body's last paragraph is the way to a volunteer: it stays last.
        head, _, last = body.rpartition("\n\n")
        body = f"{head}\n\n{text.details}\n\n{last}" if head else f"{body}\n\n{text.details}"
    sources = "\n".join(
        f'• <a href="{html.escape(url, quote=True)}">{html.escape(source_label(url))}</a>'
        for url in topic.sources
    )
    return (
        f"<b>{html.escape(text.title)}</b>\n\n"
        f"{body}\n\n"
        f"{l10n('kb-sources')}\n{sources}\n"
        f"{l10n('kb-reviewed', date=l10n.date(topic.reviewed))}\n\n"
        f"<i>{l10n('not-legal-advice')}</i>"
    )


def topic_title(topic: Topic, locale: str) -> str:
    return topic.text(locale).title
