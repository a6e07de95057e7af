"""The volunteer desk in Telegram, one router per module (their order is fixed in
``bot/handlers/__init__.py``):

- ``conversation``: a ticket's conversation both ways; first, so that a Telegram reply to a
  ticket message reaches its ticket from whatever form the person is in;
- ``asking``: the person's side: asking, their questions, cancel / solved / rate / reopen;
- ``tools``: volunteers' tools: take, card, release, close, notes, proposals, /answer;
- ``queue``: the waiting tickets and one's own (/queue, /mine);
- ``admin``: coordinators' lists and proposal reviews.

``ui`` and ``volunteer_ui`` build keyboards and texts, ``outbox`` renders the desk's outbox
rows, ``shared`` holds states, filters and refusals. Every decision is made in ``bot/desk``.
"""

from bot.handlers.desk.asking import start_ticket

__all__ = ["start_ticket"]
