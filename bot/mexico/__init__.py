"""People waiting in Mexico: sign-up, the preparation programme, the emergency circle and the
crossing-day safety net. Telegram-free; handlers live in bot/handlers/mexico/."""
