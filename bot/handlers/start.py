"""First contact: /start with deep links, language, role, privacy consent, then the menu."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.deeplinks import DeepLink, parse_start_payload
from bot.handlers.callbacks import ConsentCb, LangCb, RoleCb
from bot.handlers.template import RouterTemplate
from bot.handlers.volunteers import offer_signup
from bot.i18n import L10n, Translator
from bot.keyboards import language_keyboard, menu_keyboard, role_keyboard
from bot.knowledge.base import KnowledgeBase
from bot.models import Role, User
from bot.turn import Turn

router = RouterTemplate("start")


class Onboarding(StatesGroup):
    language = State()
    role = State()
    consent = State()


def consent_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=l10n("start-consent-yes"), callback_data=ConsentCb(agree=True))
    builder.button(text=l10n("start-consent-no"), callback_data=ConsentCb(agree=False))
    return builder.as_markup()


async def show_menu(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("menu-title"), reply_markup=menu_keyboard(l10n))


async def continue_onboarding(message: Message, user: User, state: FSMContext, l10n: L10n) -> None:
    """Show the first step this person has not done yet (also after a restart)."""
    if user.locale is None:
        await state.set_state(Onboarding.language)
        await message.answer(l10n("start-choose-language"), reply_markup=language_keyboard())
    elif user.role is None:
        await state.set_state(Onboarding.role)
        await message.answer(l10n("start-ask-role"), reply_markup=role_keyboard(l10n))
    elif user.consent_at is None:
        await state.set_state(Onboarding.consent)
        await message.answer(l10n("start-privacy"), reply_markup=consent_keyboard(l10n))
    else:
        await state.clear()
        await show_menu(message, l10n)


@router.message(CommandStart())
async def cmd_start(
    message: Message,
    command: CommandObject,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    turn: Turn,
    kb: KnowledgeBase,
) -> None:
    link = parse_start_payload(command.args)
    if link.kind == DeepLink.TOPIC:
        if kb.get(link.value) is None:
            await message.answer(l10n("kb-deeplink-topic-unknown"))
        elif user.consent_at is not None and user.locale is not None and user.role is not None:
            await state.clear()
            await open_topic(message, link.value, kb, l10n)
            return
        else:  # shown once onboarding is done (see on_consent)
            await state.update_data(open_topic=link.value)
    elif link.kind == DeepLink.JOIN:
        from bot.handlers.cases import start_join  # bot.handlers.cases imports this module

        joined = await start_join(
            message, link.value, user=user, state=state, session=session, l10n=l10n, clock=clock
        )
        if joined:
            return
    elif link.kind == DeepLink.CIRCLE and turn.user.consent_at is not None:
        from bot.handlers.mexico.circle import start_circle_join

        await start_circle_join(message, link.value, state, turn)
        return
    elif link.kind == DeepLink.CIRCLE:
        await message.answer(l10n("mexico-join-onboard-first"))
    elif link.kind == DeepLink.UNKNOWN:
        await message.answer(l10n("deeplink-unknown"))
    if user.consent_at is None and user.locale is None:
        await message.answer(l10n("start-greeting"))
    await continue_onboarding(message, user, state, l10n)


async def open_topic(message: Message, topic_id: str, kb: KnowledgeBase, l10n: L10n) -> bool:
    """A shared link to an answer (``/start topic_<id>``): the answer, as if chosen."""
    from bot.handlers.knowledge import send_topic  # imports the desk, which imports cases

    topic = kb.get(topic_id)
    if topic is None:
        return False
    await send_topic(message, topic, kb, l10n)
    return True


@router.callback_query(LangCb.filter())
async def on_language(
    query: CallbackQuery,
    callback_data: LangCb,
    user: User,
    state: FSMContext,
    translator: Translator,
) -> None:
    if callback_data.code not in translator.locales:
        await query.answer(translator.get(user.locale)("callback-stale"), show_alert=True)
        return
    user.locale = callback_data.code
    l10n = translator.get(user.locale)
    await query.answer(l10n("language-saved"))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        if user.consent_at is None or await state.get_state() is not None:
            await continue_onboarding(query.message, user, state, l10n)
        else:
            await query.message.answer(l10n("language-saved"))
            await show_menu(query.message, l10n)


@router.callback_query(RoleCb.filter())
async def on_role(
    query: CallbackQuery, callback_data: RoleCb, state: FSMContext, turn: Turn
) -> None:
    user, l10n = turn.user, turn.l10n
    if callback_data.role not in set(Role):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    user.role = callback_data.role
    await query.answer(l10n("role-saved", role=l10n(f"role-{user.role}")))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await continue_onboarding(query.message, user, state, l10n)
        if user.role == Role.VOLUNTEER and user.consent_at is not None:
            await offer_signup(query.message, l10n)


@router.callback_query(ConsentCb.filter())
async def on_consent(
    query: CallbackQuery,
    callback_data: ConsentCb,
    state: FSMContext,
    turn: Turn,
    kb: KnowledgeBase,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    user, l10n = turn.user, turn.l10n
    await query.message.edit_reply_markup(reply_markup=None)
    if callback_data.agree:
        data = await state.get_data()
        pending_join = data.get("join_invitation")
        pending_topic = data.get("open_topic")
        user.consent_at = turn.now()
        await state.clear()
        await query.message.answer(l10n("start-consent-thanks"))
        if pending_join is not None:  # opened a family invitation before onboarding
            from bot.handlers.cases import resume_join

            await resume_join(query.message, str(pending_join), state, l10n)
            return
        opened = isinstance(pending_topic, str) and await open_topic(
            query.message, pending_topic, kb, l10n
        )
        if not opened:
            await show_menu(query.message, l10n)
        if user.role == Role.VOLUNTEER:
            await offer_signup(query.message, l10n)
    else:
        await state.clear()
        await query.message.answer(l10n("start-consent-declined"))


@router.message(Command("language"))
async def cmd_language(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("language-choose"), reply_markup=language_keyboard())


@router.message(Onboarding.language, F.text)
@router.message(Onboarding.role, F.text)
@router.message(Onboarding.consent, F.text)
async def onboarding_text(message: Message, user: User, state: FSMContext, l10n: L10n) -> None:
    """Typed text in the middle of onboarding: point at the buttons and show them again."""
    if message.text and message.text.startswith("/"):
        await continue_onboarding(message, user, state, l10n)
        return
    await message.answer(l10n("onboarding-use-buttons"))
    await continue_onboarding(message, user, state, l10n)
