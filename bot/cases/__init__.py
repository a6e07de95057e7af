"""Family cases (Telegram-free domain code)."""
