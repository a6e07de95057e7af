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


def _any_word(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``patterns`` as a whole word (a hyphen counts as part of a word)."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


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
    # tourists and visas of other countries
    r"турист\w*",
    r"tourists?",
    r"(продлить|продление|продлевать)\s+(\w+\s+)?виз\w*",
    r"виз\w*\s+(\w+\s+)?(продлить|продление)",
    # shopping for gadgets
    r"айфон\w*",
    r"iphone\w*",
    r"самсунг\w*",
    r"samsung",
    # looking for a job (the work permit is a question; a job search is not)
    r"устроит\w*\s+на\s+работу",
    r"найти\s+работу",
    r"ваканси\w*",
    r"резюме",
    r"таксист\w*",
    r"find\s+a\s+job",
    r"job\s+(search|offers?|interview)",
    # criminal (not immigration) custody
    r"county\s+jail",
    r"dui",
    r"dwi",
    # sending money or parcels home
    r"(посылк\w*|бандерол\w*|деньги|денег)\s+(\w+\s+){0,3}(в|из)\s+росси\w*",
    r"(money|parcels?|packages?)\s+(\w+\s+){0,3}(to|from)\s+russia",
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
    r"(?<!за\s)(?<!за-)границ\w*",  # not "из-за границы", "abroad"
    r"border",
    r"cbp",
    r"i-?589",
    r"ворк\s*пермит\w*",
    r"work\s+permit",
)


# What the base is about, named outright: detention, immigration court, asylum, removal,
# release, the border, lawyers. A question naming one of these is in the base's area even
# when it explains itself at length ("судья сказал нет, прошло три недели, еще не поздно
# чтобы это пересмотрели повыше?"); a question naming none must match a topic more fully
# before it is answered ("как перевести деньги маме в россию" is not about commissary).
_DOMAIN: Final = (
    *_IN_SCOPE,
    r"детейн\w*",
    r"detain\w*",
    r"detent\w*",
    r"иммиграц\w*",
    r"эмиграц\w*",
    r"immigra\w*",
    r"убежищ\w*",
    r"залог\w*",
    r"пэрол\w*",
    r"перол\w*",
    r"парол\w*",
    r"бонт\w*",
    r"спонсор\w*",
    r"sponsor\w*",
    r"депортац\w*",
    r"высыл\w*",
    r"выслат\w*",
    r"removal",
    r"апелляц\w*",
    r"апеляц\w*",
    r"аппеляц\w*",
    r"обжалов\w*",
    r"appeal\w*",
    r"bia",
    r"биа",
    r"eoir\w*",
    r"uscis",
    r"заседани\w*",
    r"слушани\w*",
    r"hearing\w*",
    r"хиринг\w*",
    r"юрист\w*",
    r"лоер\w*",
    r"лойер\w*",
    r"атторне\w*",
    r"(a|а)-?(номер|number|nomer)\w*",
    r"кредибл",
    r"credible",
    r"fear",
    r"интервью\s+(на|о|по)\s+страх\w*",
    r"браслет\w*",
    r"ankle",
    r"пограничн\w*",
    r"консульств\w*",
    r"consulate",
    r"интерпол\w*",
    r"interpol",
    r"мобилизац\w*",
    r"уклонист\w*",
    r"draft",
    r"бот\w*",
    r"bot",
    r"волонт[её]р\w*",
    r"volunteer\w*",
    r"охранник\w*",
    r"guards?",
    r"одиночк\w*",
    r"solitary",
    r"карцер\w*",
    r"голодовк\w*",
    r"hunger",
    r"commissary",
    r"комиссари",
    r"ворк\s*пермит\w*",
    r"пермит\w*",
    r"разрешени\w+\s+на\s+работу",
    r"work\s+permit",
    r"ead",
    r"грин\s*-?\s*карт\w*",
    r"green\s+card",
    r"нотари\w*",
    r"notar\w*",
    r"мошенни\w*",
    r"fraud\w*",
    r"scam\w*",
    r"похищ\w*",
    r"вымогат\w*",
    r"kidnap\w*",
    r"extort\w*",
)
_OFF_TOPIC_RE: Final = _any_word(_OFF_TOPIC)
_IN_SCOPE_RE: Final = _any_word(_IN_SCOPE)
_DOMAIN_RE: Final = _any_word(_DOMAIN)


def names_domain(text: str) -> bool:
    """The message names something the base is about (see ``_DOMAIN``)."""
    return bool(_DOMAIN_RE.search(text.casefold().replace("ё", "е")))


def is_out_of_scope(text: str) -> bool:
    """The question is about something the base does not cover (and names nothing it does)."""
    folded = text.casefold().replace("ё", "е")
    return bool(_OFF_TOPIC_RE.search(folded)) and not _IN_SCOPE_RE.search(folded)
