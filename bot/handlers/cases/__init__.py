"""Family cases: open a case, add people step by step, invite relatives, work with a volunteer.

One router per module, listed by ``bot/handlers/__init__.py:get_routers``: ``card`` first,
because its ``/cases`` command must win over the free-text handlers of a form in progress.
"""

from __future__ import annotations

from bot.handlers.cases.base import CaseFlow
from bot.handlers.cases.members import resume_join, start_join

__all__ = ["CaseFlow", "resume_join", "start_join"]
