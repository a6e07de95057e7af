"""Knowledge-base proposals: a volunteer offers a ticket's answer, an admin accepts or rejects.

The question and answer stay encrypted like the conversation they came from; /forget deletes
the proposals made from a person's tickets (``bot/desk/sweep.py:forget``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.desk import notify, tickets
from bot.desk import volunteers as vols
from bot.desk.conversation import history
from bot.desk.models import Author, KbProposal, ProposalStatus
from bot.desk.policy import DeskPolicy
from bot.desk.tickets import Outcome, get

REVIEW_PAGE = 5


async def propose(
    session: AsyncSession,
    vault: Vault,
    ticket_id: int,
    volunteer_id: int,
    policy: DeskPolicy,
    now: dt.datetime,
) -> tuple[Outcome, KbProposal | None]:
    """Offer this ticket's question and the volunteer's answers for the knowledge base."""
    ticket = await get(session, ticket_id)
    if ticket is None:
        return Outcome.MISSING, None
    if await vols.approved(session, volunteer_id) is None:
        return Outcome.NOT_VOLUNTEER, None
    if ticket.volunteer_id != volunteer_id:
        return Outcome.NOT_YOURS, None
    answers = [
        e.text
        for e in await history(session, vault, ticket_id, notes=False)
        if e.author == Author.VOLUNTEER and e.text
    ]
    if not answers:
        return Outcome.NO_ANSWER, None
    proposal = KbProposal(
        ticket_id=ticket_id,
        proposed_by=volunteer_id,
        category=ticket.category,
        language=ticket.language,
        question_enc=ticket.question_enc or vault.encrypt(""),
        answer_enc=vault.encrypt("\n\n".join(answers)),
        created_at=now,
    )
    session.add(proposal)
    await session.flush()
    tickets.audit(session, volunteer_id, "desk.propose", ticket_id, now)
    await notify.admins(
        session,
        policy,
        "desk-admin-proposal",
        now=now,
        dedup=f"proposal:{proposal.id}",
        args={"proposal": proposal.id, "ticket": ticket_id},
        kb="proposal",
        ref=proposal.id,
    )
    return Outcome.OK, proposal


async def pending(session: AsyncSession, limit: int = REVIEW_PAGE) -> list[KbProposal]:
    """The oldest proposals still waiting for an admin."""
    rows = await session.scalars(
        select(KbProposal)
        .where(KbProposal.status == ProposalStatus.PENDING)
        .order_by(KbProposal.id)
        .limit(limit)
    )
    return list(rows)


async def review(
    session: AsyncSession, proposal_id: int, *, accept: bool, admin_id: int, now: dt.datetime
) -> bool:
    """Record an admin's decision; False when there is nothing left to decide (another admin
    was first, or the proposal is gone)."""
    proposal = await session.get(KbProposal, proposal_id)
    if proposal is None or proposal.status != ProposalStatus.PENDING:
        return False
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.reviewed_by = admin_id
    proposal.reviewed_at = now
    return True
