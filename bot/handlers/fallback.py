"""Last resort: buttons nobody recognises (stale or forged) and errors."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from aiogram.types import CallbackQuery, ErrorEvent

from bot.handlers.template import RouterTemplate
from bot.i18n import L10n, Translator, pick_locale

router = RouterTemplate("fallback")
log = logging.getLogger("bot.errors")


@router.callback_query()
async def stale_callback(query: CallbackQuery, l10n: L10n) -> None:
    await query.answer(l10n("callback-stale"), show_alert=True)


@router.errors()
async def on_error(event: ErrorEvent, translator: Translator, **data: Any) -> bool:
    # The update id and error class only: message text and personal data stay out of logs.
    # The exception's message can quote user input, so only its class and frames are logged.
    log.error(
        "update %s failed: %s\n%s",
        event.update.update_id,
        type(event.exception).__name__,
        "".join(traceback.format_tb(event.exception.__traceback__)).rstrip(),
    )
    l10n: L10n | None = data.get("l10n")
    update = event.update
    source = update.message or (update.callback_query.message if update.callback_query else None)
    tg_user = (
        update.message.from_user
        if update.message
        else (update.callback_query.from_user if update.callback_query else None)
    )
    if l10n is None:
        l10n = translator.get(
            pick_locale(None, tg_user.language_code if tg_user else None, translator.default)
        )
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(l10n("error-generic"), show_alert=True)
        elif source is not None and tg_user is not None:
            await update.message.answer(l10n("error-generic"))  # type: ignore[union-attr]
    except Exception as exc:
        log.warning("could not send the apology: %s", type(exc).__name__)
    return True
