"""Outbox renderer for "your appeal deadline was corrected" (bot/hearings/corrections.py),
registered by :func:`install`."""

from __future__ import annotations

import datetime as dt

from bot.crypto import Vault
from bot.delivery import DeliveryHooks, Outgoing, RenderContext, Renderer
from bot.handlers.hearings import ui
from bot.hearings import queries, sending, texts, timezones
from bot.hearings.corrections import KIND_DEADLINE_CORRECTED
from bot.models import OutboxMessage


def install(hooks: DeliveryHooks, vault: Vault) -> None:
    hooks.renderers.update(renderers(vault))


def renderers(vault: Vault) -> dict[str, Renderer]:
    async def corrected(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        # Changed or closed since (the newer state was told separately), or the recipient
        # left the case: moot.
        deadline = await sending.Batch(ctx.session, ctx.cache, ctx.now).deadline(row)
        if deadline is None:
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
