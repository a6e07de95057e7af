"""The operators' side: statistics, the knowledge-gap report, audit queries and retention.

Telegram-free: handlers and the CLI call these with a session and a clock.
"""
