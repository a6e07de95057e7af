"""Hearings, deadlines and reminders (Telegram-free domain code)."""
