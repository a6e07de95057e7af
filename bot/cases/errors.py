"""The one exception every refused case action raises (no Telegram here)."""

from __future__ import annotations

from bot.errors import DomainError


class CaseError(DomainError):
    """A refused action; ``code`` names the reason (shown as ``cases-error-<code>``)."""

    domain = "cases"
