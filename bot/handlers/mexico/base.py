"""Shared pieces of the Mexico section's handlers: callback data, states, the draft."""

from __future__ import annotations

import json
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from pydantic import BaseModel

from bot.crypto import Vault
from bot.mexico.signup import Locator, SignupData


class MexicoFlow(StatesGroup):
    signup = State()
    crossing_when = State()
    crossing_place = State()
    crossing_plan = State()
    joining = State()


class MxCb(CallbackData, prefix="mx"):
    """Sign-up form buttons: ``action`` is pick, toggle, next, skip, back or cancel."""

    action: str
    value: str = ""


class HomeCb(CallbackData, prefix="mxh"):
    action: str
    arg: str = ""


class SignupState(BaseModel):
    """Where the form stands; the answers themselves are encrypted (``enc``)."""

    step: str
    enc: str
    editing: bool = False


class CrossingState(BaseModel):
    enc: str  # the crossing time (ISO, UTC) and place, encrypted


def seal(vault: Vault, data: SignupData) -> str:
    raw: dict[str, Any] = {
        "city": data.city,
        "city_other": data.city_other,
        "adults": data.adults,
        "children": data.children,
        "languages": data.languages,
        "helper": data.helper,
        "planned_on": data.planned_on.isoformat() if data.planned_on else None,
        "locator": data.locator.to_dict() if data.locator else None,
        "share": data.share,
        "case_mode": data.case_mode,
    }
    return vault.encrypt(json.dumps(raw, ensure_ascii=False))


def unseal(vault: Vault, token: str) -> SignupData:
    import datetime as dt

    raw = json.loads(vault.decrypt(token))
    planned = raw.get("planned_on")
    locator = raw.get("locator")
    return SignupData(
        city=str(raw.get("city") or ""),
        city_other=raw.get("city_other"),
        adults=int(raw.get("adults", 1)),
        children=[int(a) for a in raw.get("children", [])],
        languages=list(raw.get("languages", [])),
        helper=raw.get("helper"),
        planned_on=dt.date.fromisoformat(planned) if planned else None,
        locator=Locator.from_dict(locator) if isinstance(locator, dict) else None,
        share=list(raw.get("share", [])),
        case_mode=str(raw.get("case_mode") or "auto"),
    )
