"""Telegram bot for Russian-speaking asylum seekers in the US and their families."""
