"""What the bot does not cover: an honest "not my area" instead of a wrong answer.

Questions that share words with the base but are about something else ("пенсия по
доверенности в России", "автобус из Мехико в Тихуану", "шенгенская виза", "продлить
загранпаспорт", "лотерея грин-карт", "тариф на телефон") would otherwise get an answer about
detention money or the Russian consulate. A message matching :func:`is_out_of_scope` is
declined, unless it also names something the base is about (ICE, court, asylum...): "можно ли
передать телефон мужу в детеншн" stays a question.
"""

from __future__ import annotations

import re
from typing import Final

_OFF_TOPIC: Final = (
    # Russian pensions, benefits, banks, taxes
    r"пенси\w*",
    r"pensi\w*",
    r"pension\w*",
    r"сбер\w*",
    r"налог\w*",
    r"taxes",
    r"tax\s+return",
    # travel that is not the border crossing
    r"автобус\w*",
    r"bus(es)?",
    r"билет\w*",
    r"tickets?",
    r"авиабилет\w*",
    r"flights?",
    r"рейс\w*",
    r"отел\w*",
    r"hotels?",
    r"шенген\w*",
    r"schengen",
    r"туристическ\w+\s+виз\w*",
    r"tourist\s+visa",
    # passports of the home country
    r"загранпаспорт\w*",
    r"загран\w*",
    r"(продлить|продление|замен\w*|поменять|переоформ\w*|получить|сделать)\s+(рф\s+|российск\w+\s+)?паспорт\w*",
    r"паспорт\w*\s+(продлить|продление|замен\w*|поменять|переоформ\w*)",
    r"(renew|renewal\s+of|replace)\s+(my\s+|a\s+|the\s+)?(russian\s+)?passport",
    r"passport\s+renewal",
    # the green card lottery and other immigration paths the base does not cover
    r"лотере\w*",
    r"lotter\w*",
    r"dv-?\d{4}",
    r"green\s+card\s+lottery",
    # phones, internet, shopping, everyday life
    r"тариф\w*",
    r"сим-?карт\w*",
    r"phone\s+plans?",
    r"sim\s+card",
    r"mobile\s+plan",
    r"рецепт\w*",
    r"recipes?",
    r"погод\w*",
    r"weather",
    r"learn\s+english",
    r"выучить\s+английск\w*",
    r"курсы\s+английск\w*",
    r"medicaid",
    r"страховк\w*",
    r"ипотек\w*",
    r"кредит\w*",
    r"mortgage",
    r"водительск\w+\s+(прав|удостоверени)\w*",
    r"driver'?s\s+licen[sc]e",
)
_OFF_TOPIC_RE: Final = re.compile(
    r"(?<![\w-])(?:" + "|".join(_OFF_TOPIC) + r")(?![\w-])", re.IGNORECASE
)
# Words that put a question back inside the base's area.
_IN_SCOPE: Final = (
    r"детенш\w*",
    r"detention",
    r"detained",
    r"ice",
    r"айс",
    r"убежищ\w*",
    r"азюль\w*",
    r"asylum",
    r"депорт\w*",
    r"deport\w*",
    r"суд\w*",
    r"court",
    r"judge",
    r"судь\w*",
    r"адвокат\w*",
    r"lawyer\w*",
    r"attorney",
    r"задерж\w*",
    r"тюрьм\w*",
    r"бонд\w*",
    r"bond",
    r"пароль?\w*",
    r"parole",
    r"границ\w*",
    r"border",
    r"cbp",
    r"i-?589",
    r"ворк\s*пермит\w*",
    r"work\s+permit",
)
_IN_SCOPE_RE: Final = re.compile(
    r"(?<![\w-])(?:" + "|".join(_IN_SCOPE) + r")(?![\w-])", re.IGNORECASE
)


def is_out_of_scope(text: str) -> bool:
    """The question is about something the base does not cover (and names nothing it does)."""
    folded = text.casefold().replace("ё", "е")
    return bool(_OFF_TOPIC_RE.search(folded)) and not _IN_SCOPE_RE.search(folded)
