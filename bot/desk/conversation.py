"""A ticket's conversation: messages both ways, internal notes, files, who may read it.

Everything people write is encrypted before it is stored, and relayed through the outbox by
id (see ``bot/desk/notify.py``), so it is decrypted only at the moment it is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.desk import notify, tickets
from bot.desk import volunteers as vols
from bot.desk.errors import ensure
from bot.desk.models import Author, Ticket, TicketLink, TicketMessage, TicketStatus
from bot.desk.tickets import Outcome, get

MAX_TEXT = 4096  # Telegram's own limit for one message: what a person sends is kept whole
# Characters of a person's text per relayed message: with the header ("Question #12, the
# person writes:") it stays under Telegram's 4,096; a longer text goes in several messages.
RELAY_CHUNK = 3800


def relay_chunks(text: str, size: int = RELAY_CHUNK) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, cut at a paragraph, line or word
    break near the end of each piece when there is one. Joined, the pieces are the text."""
    pieces: list[str] = []
    rest = text
    while len(rest) > size:
        cut = size
        for sep in ("\n\n", "\n", " "):
            at = rest.rfind(sep, size // 2, size)
            if at > 0:
                cut = at + len(sep)
                break
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    author: str
    kind: str
    text: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Said:
    outcome: Outcome
    recipient: int | None = None  # whom it was relayed to; None: nobody holds the ticket yet


@dataclass(frozen=True, slots=True)
class Card:
    """What a volunteer or an admin reads about a ticket."""

    question: str
    entries: list[Entry]  # the conversation after the question, notes included
    files: int


async def remember(
    session: AsyncSession,
    *,
    ticket_id: int,
    chat_id: int,
    message_id: int,
    purpose: str,
    now: dt.datetime,
) -> None:
    """Remember a message the bot sent about a ticket: a Telegram reply to it reaches the same
    ticket, and /forget can blank it later."""
    exists = await session.scalar(
        select(TicketLink.id).where(
            TicketLink.chat_id == chat_id, TicketLink.message_id == message_id
        )
    )
    if exists is None:
        session.add(
            TicketLink(
                ticket_id=ticket_id,
                chat_id=chat_id,
                message_id=message_id,
                purpose=purpose,
                round=0,
                created_at=now,
            )
        )


async def relay_sent(
    session: AsyncSession, *, message_id: int, chat_id: int, sent_id: int, now: dt.datetime
) -> None:
    ticket_id = await session.scalar(
        select(TicketMessage.ticket_id).where(TicketMessage.id == message_id)
    )
    if ticket_id is not None:
        await remember(
            session,
            ticket_id=ticket_id,
            chat_id=chat_id,
            message_id=sent_id,
            purpose="relay",
            now=now,
        )


async def by_link(session: AsyncSession, chat_id: int, message_id: int) -> Ticket | None:
    ticket_id = await session.scalar(
        select(TicketLink.ticket_id).where(
            TicketLink.chat_id == chat_id, TicketLink.message_id == message_id
        )
    )
    return None if ticket_id is None else await get(session, ticket_id)


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message typed or sent into a conversation: ``kind`` "text" or a media kind, its
    text or caption, and for media the (chat, message) to copy it from."""

    kind: str
    text: str | None
    src: tuple[int, int] | None = None


async def add_message(
    session: AsyncSession,
    vault: Vault,
    ticket_id: int,
    actor_id: int,
    incoming: Incoming,
    *,
    as_volunteer: bool,
    now: dt.datetime,
) -> Said:
    """Store one message of the conversation and relay it to the other side, if there is
    one yet (before a claim, the person's messages wait for whoever takes the ticket)."""
    kind, text, src = incoming.kind, incoming.text, incoming.src
    ticket = await get(session, ticket_id)
    if ticket is None:
        return Said(Outcome.MISSING)
    recipient: int | None
    if as_volunteer:
        if await vols.approved(session, actor_id) is None:
            return Said(Outcome.NOT_VOLUNTEER)
        if ticket.status == TicketStatus.CLOSED:
            return Said(Outcome.CLOSED)
        if not tickets.holds(ticket, actor_id):
            return Said(Outcome.OPEN if ticket.status == TicketStatus.OPEN else Outcome.NOT_YOURS)
        recipient = ticket.user_id
    else:
        if ticket.user_id != actor_id:
            return Said(Outcome.NOT_YOURS)
        if ticket.status == TicketStatus.CLOSED:
            return Said(Outcome.CLOSED)
        recipient = ticket.volunteer_id if ticket.status == TicketStatus.CLAIMED else None
    message = TicketMessage(
        ticket_id=ticket.id,
        author=Author.VOLUNTEER if as_volunteer else Author.USER,
        author_id=actor_id,
        kind=kind,
        text_enc=vault.encrypt(text[:MAX_TEXT]) if text else None,
        src_chat_id=src[0] if src else None,
        src_message_id=src[1] if src else None,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    ticket.last_activity_at = now
    if as_volunteer and ticket.first_response_at is None:
        ticket.first_response_at = now
    if recipient is not None:
        parts = len(relay_chunks(text)) if kind == "text" and text else 1
        await notify.relay(
            session, recipient, message.id, media=kind != "text", now=now, parts=parts
        )
    return Said(Outcome.OK, recipient)


async def add_note(
    session: AsyncSession,
    vault: Vault,
    ticket_id: int,
    actor_id: int,
    text: str,
    now: dt.datetime,
    *,
    is_admin: bool = False,
) -> Outcome:
    """A note in the ticket that only its volunteers and admins see: whoever may read the
    conversation (``reader_outcome``) may add one."""
    ticket = await get(session, ticket_id)
    if ticket is None:
        return Outcome.MISSING
    allowed = await reader_outcome(session, ticket, actor_id, is_admin=is_admin)
    if allowed != Outcome.OK:
        return allowed
    session.add(
        TicketMessage(
            ticket_id=ticket_id,
            author=Author.NOTE,
            author_id=actor_id,
            kind="text",
            text_enc=vault.encrypt(text[:MAX_TEXT]),
            created_at=now,
        )
    )
    return Outcome.OK


async def resend_media(
    session: AsyncSession, ticket: Ticket, chat_id: int, now: dt.datetime, batch: str
) -> int:
    """Queue copies of the person's files for a volunteer who just opened the ticket."""
    rows = await session.scalars(
        select(TicketMessage)
        .where(
            TicketMessage.ticket_id == ticket.id,
            TicketMessage.author == Author.USER,
            TicketMessage.kind != "text",
        )
        .order_by(TicketMessage.id)
    )
    count = 0
    for row in rows:
        await notify.relay(session, chat_id, row.id, media=True, now=now, batch=batch)
        count += 1
    return count


async def may_view(session: AsyncSession, ticket: Ticket, user_id: int, is_admin: bool) -> bool:
    """Admins see every conversation; a volunteer only the ones they hold."""
    if is_admin:
        return True
    if ticket.volunteer_id != user_id:
        return False
    return await vols.approved(session, user_id) is not None


async def reader_outcome(
    session: AsyncSession, ticket: Ticket | None, user_id: int, *, is_admin: bool
) -> Outcome:
    """OK when this person may read the ticket, else why not. A ticket that does not exist
    is refused like someone else's: a typed number must not tell which tickets exist."""
    if ticket is not None and await may_view(session, ticket, user_id, is_admin):
        return Outcome.OK
    if not is_admin and await vols.approved(session, user_id) is None:
        return Outcome.NOT_VOLUNTEER
    return Outcome.NOT_YOURS


async def writes_as(
    session: AsyncSession, ticket_id: int, user_id: int
) -> tuple[Outcome, Author | None]:
    """Which side of the conversation this person writes on: the person who asked (until
    the ticket is closed), or the volunteer holding it."""
    ticket = await get(session, ticket_id)
    if ticket is None:
        return Outcome.MISSING, None
    if ticket.user_id == user_id:
        if ticket.status == TicketStatus.CLOSED:
            return Outcome.CLOSED, None
        return Outcome.OK, Author.USER
    if await vols.approved(session, user_id) is None:
        return Outcome.NOT_VOLUNTEER, None
    if not tickets.holds(ticket, user_id):
        return Outcome.NOT_YOURS, None
    return Outcome.OK, Author.VOLUNTEER


async def read_card(
    session: AsyncSession, vault: Vault, ticket: Ticket, reader_id: int, now: dt.datetime
) -> Card:
    """The whole ticket for someone allowed to read it; every such read is audited."""
    entries = await history(session, vault, ticket.id, notes=True)
    # The conversation opens with the question itself, which the card shows on its own.
    rest = entries[1:] if entries and entries[0].author == Author.USER else entries
    files = await media_count(session, ticket.id)
    tickets.audit(session, reader_id, "desk.view", ticket.id, now)
    return Card(question=tickets.question(vault, ticket), entries=rest, files=files)


async def history(
    session: AsyncSession, vault: Vault, ticket_id: int, *, notes: bool
) -> list[Entry]:
    query = select(TicketMessage).where(TicketMessage.ticket_id == ticket_id)
    if not notes:
        query = query.where(TicketMessage.author != Author.NOTE)
    rows = await session.scalars(query.order_by(TicketMessage.id))
    return [
        Entry(
            id=row.id,
            author=row.author,
            kind=row.kind,
            text=vault.decrypt(row.text_enc) if row.text_enc else "",
            created_at=row.created_at,
        )
        for row in rows
    ]


async def media_count(session: AsyncSession, ticket_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(TicketMessage)
        .where(TicketMessage.ticket_id == ticket_id, TicketMessage.kind != "text")
    )
    return int(count or 0)


async def readable(
    session: AsyncSession, ticket_id: int, reader_id: int, *, is_admin: bool, pressed: bool
) -> Ticket:
    """The ticket, if this person may read its conversation (its volunteer, or an admin);
    otherwise a :class:`DeskError` saying why not. A ticket that is gone is named so only
    under a button (the button came from the bot, so that reveals nothing)."""
    ticket = await get(session, ticket_id)
    if ticket is None and pressed:
        ensure(Outcome.MISSING)
    ensure(await reader_outcome(session, ticket, reader_id, is_admin=is_admin))
    assert ticket is not None  # reader_outcome refuses a missing ticket
    return ticket
