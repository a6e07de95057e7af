"""Every key in every locale, every key used in code exists, every message renders."""

from __future__ import annotations

import re
from pathlib import Path

from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor as FluentVisitor

from bot.i18n import LOCALES_DIR, SUPPORTED_LOCALES, Translator

ROOT = Path(__file__).resolve().parent.parent


def messages(locale: str) -> dict[str, ast.Message]:
    parser = FluentParser()
    found: dict[str, ast.Message] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = parser.parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, ast.Junk):
                raise AssertionError(f"{path}: syntax error {(entry.content or '')[:60]}")
            if isinstance(entry, ast.Message):
                assert entry.id.name not in found, f"duplicate key {entry.id.name}"
                found[entry.id.name] = entry
    return found


def variables(message: ast.Message) -> set[str]:
    names: set[str] = set()

    class Visitor(FluentVisitor):
        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            names.add(node.id.name)
            self.generic_visit(node)

    Visitor().visit(message)
    return names


def test_every_key_exists_in_every_locale() -> None:
    keys = {locale: set(messages(locale)) for locale in SUPPORTED_LOCALES}
    for locale in SUPPORTED_LOCALES:
        assert keys[locale] == keys["ru"], f"{locale}: {keys[locale] ^ keys['ru']}"


def test_locales_use_the_same_variables() -> None:
    ru, en = messages("ru"), messages("en")
    for key, message in ru.items():
        assert variables(message) == variables(en[key]), key


def test_every_message_renders_in_every_locale() -> None:
    translator = Translator()
    for locale in SUPPORTED_LOCALES:
        l10n = translator.get(locale)
        for key, message in messages(locale).items():
            args: dict[str, object] = dict.fromkeys(variables(message), 3)
            rendered = l10n(key, **args)
            assert rendered, (locale, key)
            assert rendered != key, (locale, key)
            assert "{" not in rendered, (locale, key, rendered)


def test_russian_plurals_have_all_four_categories() -> None:
    plural_messages = 0
    for key, message in messages("ru").items():
        for node in _selects(message):
            if isinstance(node.selector, ast.VariableReference):
                variants = {v.key.name for v in node.variants if isinstance(v.key, ast.Identifier)}
                if variants & {"one", "few", "many"}:
                    plural_messages += 1
                    assert {"one", "few", "many", "other"} <= variants, key
    assert plural_messages >= 1


def test_russian_plural_forms_render_correctly() -> None:
    l10n = Translator().get("ru")
    assert "1 статья" in l10n("kb-category-title", category="X", count=1)
    assert "3 статьи" in l10n("kb-category-title", category="X", count=3)
    assert "14 статей" in l10n("kb-category-title", category="X", count=14)
    assert "21 статья" in l10n("kb-category-title", category="X", count=21)


def _selects(message: ast.Message) -> list[ast.SelectExpression]:
    found: list[ast.SelectExpression] = []

    class Visitor(FluentVisitor):
        def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
            found.append(node)
            self.generic_visit(node)

    Visitor().visit(message)
    return found


_KEY_CALL = re.compile(r"""l10n\(\s*["']([a-z0-9-]+)["']""")
_KEY_SPEC = re.compile(
    r"""["']t["']\s*:\s*["']([a-z0-9-]+)["']|["']l10n["']\s*:\s*["']([a-z0-9-]+)["']"""
)
_PREFIX = re.compile(r"""l10n\(\s*f["']([a-z0-9-]+)-\{""")


def test_every_key_used_in_code_exists() -> None:
    known = set(messages("ru"))
    used: set[str] = set()
    prefixes: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(_KEY_CALL.findall(source))
        for pair in _KEY_SPEC.findall(source):
            used |= {k for k in pair if k}
        prefixes |= set(_PREFIX.findall(source))
    missing = sorted(k for k in used if k not in known)
    assert missing == []
    for prefix in prefixes:
        assert any(k.startswith(prefix + "-") for k in known), prefix


def test_dates_are_formatted_with_babel_per_locale() -> None:
    import datetime as dt

    translator = Translator()
    day = dt.date(2027, 3, 15)
    # Babel separates "г." with a narrow no-break space, as Russian typography wants.
    assert translator.get("ru").date(day) == "15 марта 2027\u202fг."
    assert translator.get("en").date(day) == "March 15, 2027"
    moment = dt.datetime(2027, 3, 15, 14, 0, tzinfo=dt.UTC)
    assert translator.get("ru").datetime(moment, "Europe/Moscow") == "15 марта 2027\u202fг., 17:00"
