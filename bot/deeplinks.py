"""Parsing ``/start <payload>`` deep links (``t.me/<bot>?start=<payload>``)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class DeepLink(enum.StrEnum):
    NONE = "none"
    JOIN = "join"  # join_<token>: an invitation to a family case
    TOPIC = "topic"  # topic_<id>: open a knowledge-base answer
    CIRCLE = "circle"  # circle_<token>: an invitation to someone's emergency circle (Mexico)
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class StartPayload:
    kind: DeepLink
    value: str = ""


_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,60}")
# The whole payload is at most 64 characters: "topic_" leaves 58 for the id.
_TOPIC = re.compile(r"[a-z0-9-]{2,58}")


def parse_start_payload(args: str | None) -> StartPayload:
    """Telegram allows up to 64 characters of ``[A-Za-z0-9_-]``; anything else is unknown."""
    if not args:
        return StartPayload(DeepLink.NONE)
    args = args.strip()
    prefix, _, rest = args.partition("_")
    if prefix == "join" and _TOKEN.fullmatch(rest):
        return StartPayload(DeepLink.JOIN, rest)
    if prefix == "circle" and _TOKEN.fullmatch(rest):
        return StartPayload(DeepLink.CIRCLE, rest)
    if prefix == "topic" and _TOPIC.fullmatch(rest):
        return StartPayload(DeepLink.TOPIC, rest)
    return StartPayload(DeepLink.UNKNOWN, "")


def topic_link(bot_username: str, topic_id: str) -> str:
    """The link that opens one knowledge-base answer: ``/start topic_<id>``."""
    return f"https://t.me/{bot_username}?start=topic_{topic_id}"
