"""Outbox renderer for "your appeal deadline was corrected" (bot/hearings/corrections.py)."""

from __future__ import annotations

import datetime as dt

from bot.crypto import Vault
from bot.delivery import Outgoing, RenderContext, Renderer
from bot.handlers.hearings import ui
from bot.hearings import access, queries, texts, timezones
from bot.hearings.corrections import KIND_DEADLINE_CORRECTED
from bot.hearings.models import Deadline, DeadlineStatus
from bot.models import OutboxMessage


def renderers(vault: Vault) -> dict[str, Renderer]:
    async def corrected(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        deadline = await ctx.session.get(Deadline, int(row.payload.get("d", 0)))
        if deadline is None or deadline.revision != int(row.payload.get("r", -1)):
            return None  # changed or closed since: the newer state was told separately
        if deadline.status != DeadlineStatus.ACTIVE:
            return None
        if row.chat_id not in await access.recipients(ctx.session, deadline.case_id):
            return None
        l10n = ctx.l10n
        tz = ctx.user.timezone if ctx.user else None
        old = dt.date.fromisoformat(str(row.payload.get("old")))
        person = await queries.person_name(ctx.session, vault, deadline.person_id, l10n.locale)
        head = l10n(
            "deadline-corrected",
            old=l10n.date(old, "full"),
            new=l10n.date(deadline.due_date, "full"),
        )
        card = texts.deadline_card(
            l10n, deadline, person, ctx.now, tz if timezones.is_valid(tz) else None
        )
        return Outgoing(
            text=f"{head}\n\n{card}", buttons=[[ui.btn(l10n("hearings-btn-list"), "list")]]
        )

    return {KIND_DEADLINE_CORRECTED: corrected}
