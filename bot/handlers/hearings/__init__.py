"""Hearings and deadlines: /hearings, adding and changing a hearing, what happened after it,
the deadlines that follow, reminder settings, .ics export, and the outbox renderers.

One router a module; ``bot.handlers.get_routers`` lists them in order (``views`` first, so
/hearings typed in the middle of a form leaves it).

Entry points other features can link to (callback data, re-checked here on every press):

* ``HrCb(action="add", id=<case_id>, ref="<person_id>")``: add a hearing for a person;
* ``HrCb(action="dlnew", id=<case_id>, ref="<person_id>")``: add a deadline for a person;
* ``HrCb(action="ics", id=<case_id>)``: send the case's calendar file.
"""

from __future__ import annotations

from bot.handlers.hearings.outbox import install
from bot.handlers.hearings.ui import HrCb

__all__ = ["HrCb", "install"]
