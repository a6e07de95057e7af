"""The one exception every refused case action raises (no Telegram here)."""

from __future__ import annotations


class CaseError(Exception):
    """A refused action; ``code`` names the reason (handlers show ``cases-error-<code>``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
