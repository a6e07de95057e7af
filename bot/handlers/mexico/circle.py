"""The emergency circle: one-time invitation links for relatives (anywhere in the world) and a
volunteer; each invited person accepts. Nobody else sees what the person shared."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from pydantic import BaseModel

from bot.handlers.callbacks import MenuCb
from bot.handlers.kit import button, load_state, markup, save_state, target
from bot.handlers.mexico.base import HomeCb, MexicoFlow
from bot.handlers.template import private_router
from bot.mexico import service
from bot.mexico.signup import MexicoError
from bot.outbox import enqueue
from bot.turn import Turn

router = private_router("mexico-circle", presses=True)


class JoiningState(BaseModel):
    enc: str  # the invitation's token, encrypted: it proves the link was opened


async def show_circle(message: Message, turn: Turn) -> None:
    if await service.get_profile(turn.session, turn.user.id) is None:
        raise MexicoError("no-profile")
    members = await service.circle(turn.session, turn.user.id)
    lines = [
        turn.l10n(
            "mexico-circle-line",
            n=number,
            role=turn.l10n(f"mexico-role-{m.role}"),
            since=turn.l10n.date(m.joined_at.date()) if m.joined_at else "",
        )
        for number, m in enumerate(members, start=1)
    ]
    rows: list[list[InlineKeyboardButton]] = [
        [button(turn.l10n("mexico-btn-invite-relative"), HomeCb(action="inv", arg="relative"))],
        [button(turn.l10n("mexico-btn-invite-volunteer"), HomeCb(action="inv", arg="volunteer"))],
    ]
    rows += [
        [button(turn.l10n("mexico-btn-remove", n=n), HomeCb(action="rm", arg=str(m.id)))]
        for n, m in enumerate(members, start=1)
    ]
    rows.append([button(turn.l10n("mexico-btn-home"), MenuCb(item="mexico"))])
    text = turn.l10n(
        "mexico-circle", lines="\n".join(lines) if lines else turn.l10n("mexico-circle-empty")
    )
    await message.answer(text, reply_markup=markup(rows))


@router.callback_query(HomeCb.filter(F.action == "circle"))
async def on_circle(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    await show_circle(message, turn)


@router.callback_query(HomeCb.filter(F.action == "inv"))
async def on_invite(query: CallbackQuery, callback_data: HomeCb, turn: Turn) -> None:
    message = target(query)
    if await service.get_profile(turn.session, turn.user.id) is None:
        raise MexicoError("no-profile")
    token = await service.invite(turn.session, turn.user.id, callback_data.arg, turn.now())
    me = await message.bot.me() if message.bot else None
    username = me.username if me else "bot"
    await query.answer()
    await message.answer(
        turn.l10n(
            f"mexico-invite-{callback_data.arg}",
            link=f"https://t.me/{username}?start=circle_{token}",
            days=service.INVITE_TTL.days,
        )
    )


@router.callback_query(HomeCb.filter(F.action == "rm"))
async def on_remove(query: CallbackQuery, callback_data: HomeCb, turn: Turn) -> None:
    message = target(query)
    if not callback_data.arg.isdigit() or len(callback_data.arg) > 18:
        raise MexicoError("stale")
    await service.remove_member(turn.session, turn.user.id, int(callback_data.arg))
    await query.answer(turn.l10n("mexico-removed"))
    await show_circle(message, turn)


async def start_circle_join(message: Message, token: str, state: FSMContext, turn: Turn) -> None:
    """``/start circle_<token>``: check the link, then ask the invited person to accept."""
    if turn.user.consent_at is None:
        await message.answer(turn.l10n("mexico-join-onboard-first"))
        return
    await service.invitation(turn.session, token, turn.user.id, turn.now())
    await state.set_state(MexicoFlow.joining)
    await save_state(state, JoiningState(enc=turn.vault.encrypt(token)))
    await message.answer(
        turn.l10n("mexico-join-ask"),
        reply_markup=markup(
            [
                [button(turn.l10n("mexico-btn-join-yes"), HomeCb(action="join-yes"))],
                [button(turn.l10n("mexico-btn-join-no"), HomeCb(action="join-no"))],
            ]
        ),
    )


@router.callback_query(HomeCb.filter(F.action == "join-yes"), MexicoFlow.joining)
async def on_join_yes(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    flow = await load_state(state, JoiningState)
    await state.clear()
    if flow is None:
        raise MexicoError("stale")
    row = await service.accept(
        turn.session, turn.vault.decrypt(flow.enc), turn.user.id, turn.now()
    )
    await query.answer()
    await message.edit_text(turn.l10n("mexico-joined"))
    await enqueue(
        turn.session,
        chat_id=row.owner_id,
        kind="mx_joined",
        payload={"l10n": f"mexico-member-joined-{row.role}"},
        due_at=turn.now(),
        dedup_key=f"mx:joined:{row.id}",
        now=turn.now(),
    )


@router.callback_query(HomeCb.filter(F.action.in_({"join-yes", "join-no"})))
async def on_join_no(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    if await state.get_state() == MexicoFlow.joining.state:
        await state.clear()
    await query.answer()
    await message.edit_text(turn.l10n("mexico-join-declined"))
