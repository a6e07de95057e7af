"""The one domain-error convention.

Domain code refuses an action by raising a :class:`DomainError` (or a feature's subclass)
with a ``code``; handlers do not catch it. The error handler of ``bot/handlers/kit.py``
renders it in the person's language as the locale message ``<domain>-error-<code>``: an
alert under a pressed button, a reply to a typed message. The update's database session is
rolled back, conversation state included, so a refused action leaves nothing half-done and
the person can try the same step again; ``end_flow=True`` ends the conversation instead
(when the step can never succeed, e.g. access to the case was lost meanwhile).
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused action; ``code`` names the reason, ``domain`` the locale file's prefix."""

    domain = "common"

    def __init__(self, code: str, *, end_flow: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.end_flow = end_flow

    @property
    def key(self) -> str:
        return f"{self.domain}-error-{self.code}"
