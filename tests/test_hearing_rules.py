"""Telegram-free parts of hearings: dates as people type them, deadline rules, time zones,
the calendar file."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.hearings import ics, rules, timezones
from bot.hearings.dates import DateProblem, parse_hearing_time, parse_past_date, to_instant
from bot.hearings.models import DeadlineKind, HearingKind

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
CHICAGO = "America/Chicago"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.03.2027 9:00", dt.datetime(2027, 3, 15, 9, 0)),
        ("15.03.27 9:00", dt.datetime(2027, 3, 15, 9, 0)),
        ("15 марта в 9", dt.datetime(2027, 3, 15, 9, 0)),
        ("15 марта 2027 года в 14:30", dt.datetime(2027, 3, 15, 14, 30)),
        ("в 3 дня 15 марта", dt.datetime(2027, 3, 15, 15, 0)),
        ("1 января в 9 вечера", dt.datetime(2027, 1, 1, 21, 0)),
        ("March 15 9am", dt.datetime(2027, 3, 15, 9, 0)),
        ("March 15, 2027 at 1:30 PM", dt.datetime(2027, 3, 15, 13, 30)),
        ("15 March 2027 08:30", dt.datetime(2027, 3, 15, 8, 30)),
        ("3/15/2027 10:00", dt.datetime(2027, 3, 15, 10, 0)),
        ("2027-03-15 13:00", dt.datetime(2027, 3, 15, 13, 0)),
        ("завтра в 10", dt.datetime(2026, 11, 23, 10, 0)),
        ("tomorrow at noon", dt.datetime(2026, 11, 23, 12, 0)),
        ("9.30 15.03", dt.datetime(2027, 3, 15, 9, 30)),
    ],
)
def test_dates_as_people_type_them(text: str, expected: dt.datetime) -> None:
    assert parse_hearing_time(text, NOW, CHICAGO) == expected


def test_a_date_without_year_is_the_next_one() -> None:
    # 22 November 2026: "20 ноября" is next year's, "25 ноября" this year's.
    assert parse_hearing_time("20 ноября в 9", NOW, CHICAGO) == dt.datetime(2027, 11, 20, 9)
    assert parse_hearing_time("25 ноября в 9", NOW, CHICAGO) == dt.datetime(2026, 11, 25, 9)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("когда-нибудь", "no-date"),
        ("15 марта", "no-time"),
        ("31.02.2027 9:00", "bad-date"),
        ("15.03.2027 9:75", "bad-time"),
        ("15.03.2020 9:00", "past"),
        ("22.11.2026 5:30 am", "past"),  # earlier today at the court
        ("03/04/2027 10:00", "ambiguous-order"),
        ("15 марта в 2", "ambiguous-hour"),
        ("15.03.2027 3:30", "ambiguous-hour"),
        ("15.03.2040 9:00", "too-far"),
        # 14 March 2027: US clocks jump from 2:00 to 3:00, 2:30 never happens in Chicago.
        ("14 March 2027 2:30 am", "nonexistent"),
    ],
)
def test_unusable_dates_are_explained_not_guessed(text: str, code: str) -> None:
    result = parse_hearing_time(text, NOW, CHICAGO)
    assert isinstance(result, DateProblem)
    assert result.code == code


def test_ambiguous_slash_date_offers_both_readings() -> None:
    result = parse_hearing_time("03/04/2027 10:00", NOW, CHICAGO)
    assert isinstance(result, DateProblem)
    assert result.args == {"first": 3, "second": 4, "year": 2027}


def test_past_dates_for_decisions_and_arrivals() -> None:
    today = NOW.date()
    assert parse_past_date("10 марта", today) == dt.date(2026, 3, 10)
    assert parse_past_date("вчера", today) == dt.date(2026, 11, 21)
    assert parse_past_date("December 1", today) == dt.date(2025, 12, 1)
    future = parse_past_date("01.12.2026", today)
    assert isinstance(future, DateProblem)
    assert future.code == "future"


def test_instants_follow_each_zone_rules() -> None:
    # Arizona keeps MST all year; Louisiana is CDT the day after the change.
    assert to_instant(dt.datetime(2027, 7, 15, 9), "America/Phoenix") == dt.datetime(
        2027, 7, 15, 16, tzinfo=dt.UTC
    )
    assert to_instant(dt.datetime(2027, 1, 15, 9), "America/Phoenix") == dt.datetime(
        2027, 1, 15, 16, tzinfo=dt.UTC
    )
    assert to_instant(dt.datetime(2027, 3, 13, 9), CHICAGO) == dt.datetime(
        2027, 3, 13, 15, tzinfo=dt.UTC
    )
    assert to_instant(dt.datetime(2027, 3, 15, 9), CHICAGO) == dt.datetime(
        2027, 3, 15, 14, tzinfo=dt.UTC
    )
    assert to_instant(dt.datetime(2027, 3, 14, 2, 30), CHICAGO) is None


# ---- deadline rules (facts.md §6.1, §2, §5) ----------------------------------------------


def test_bia_before_the_2026_rule_is_30_days() -> None:
    spec = rules.bia_appeal(dt.date(2026, 3, 2), asylum_merits=False, appeal_rule="30")
    assert spec is not None
    assert spec.due_date == dt.date(2026, 4, 1)
    assert spec.alt_due_date is None
    assert spec.rule_key == "deadline-rule-bia-thirty"
    assert spec.source == rules.SOURCE_BIA
    assert spec.inputs["days"] == 30


def test_bia_appeal_is_30_days_because_the_10_day_rule_was_blocked() -> None:
    """facts.md §15: the 10-day deadline was blocked on 2026-03-08 and never took effect."""
    for merits in (False, True):
        spec = rules.bia_appeal(dt.date(2026, 12, 1), asylum_merits=merits, appeal_rule="30")
        assert spec is not None
        assert (spec.due_date, spec.alt_due_date) == (dt.date(2026, 12, 31), None)
        assert spec.rule_key == "deadline-rule-bia-thirty-blocked"
        assert spec.source == rules.SOURCE_BIA_BLOCKED
        assert spec.kind == DeadlineKind.BIA_APPEAL
        assert spec.remind
    # Including the first day the rule would have applied to.
    first_day = rules.bia_appeal(dt.date(2026, 3, 9), asylum_merits=False, appeal_rule="30")
    assert first_day is not None
    assert first_day.due_date == dt.date(2026, 4, 8)


def test_operators_switch_applies_10_days_only_if_a_court_reinstates_the_rule() -> None:
    ten = rules.bia_appeal(dt.date(2027, 3, 15), asylum_merits=False, appeal_rule="10")
    merits = rules.bia_appeal(dt.date(2027, 3, 15), asylum_merits=True, appeal_rule="10")
    before = rules.bia_appeal(dt.date(2026, 3, 2), asylum_merits=False, appeal_rule="10")
    assert ten is not None
    assert merits is not None
    assert before is not None
    assert (ten.due_date, ten.rule_key) == (dt.date(2027, 3, 25), "deadline-rule-bia-ten")
    assert (merits.due_date, merits.rule_key) == (dt.date(2027, 4, 14), "deadline-rule-bia-merits")
    assert before.due_date == dt.date(2026, 4, 1)


def test_the_default_setting_is_30_days() -> None:
    from bot.config import Settings

    assert Settings.model_fields["appeal_rule"].default == "30"


def test_bia_deadline_is_the_end_of_the_day_at_the_board() -> None:
    spec = rules.bia_appeal(dt.date(2027, 3, 15), asylum_merits=False, appeal_rule="30")
    assert spec is not None
    # 14 April 2027 23:59 in Falls Church, Virginia (EDT, UTC-4).
    assert spec.due_at == dt.datetime(2027, 4, 15, 3, 59, tzinfo=dt.UTC)


def test_no_bia_appeal_from_a_credible_fear_review() -> None:
    assert (
        rules.bia_appeal(
            dt.date(2027, 3, 15), asylum_merits=False, appeal_rule="30", hearing_kind="cfr"
        )
        is None
    )
    assert HearingKind.CFR.value == "cfr"


def test_a_grant_gives_dhs_a_window_without_reminders() -> None:
    spec = rules.bia_appeal(
        dt.date(2027, 3, 15), asylum_merits=True, appeal_rule="30", appellant="dhs"
    )
    assert spec is not None
    assert spec.kind == DeadlineKind.DHS_APPEAL
    assert not spec.remind
    assert spec.rule_key == "deadline-rule-dhs-thirty-blocked"
    assert spec.due_date == dt.date(2027, 4, 14)


def test_eoir33_is_five_days_after_a_move() -> None:
    spec = rules.eoir33(dt.date(2026, 11, 20), CHICAGO)
    assert spec.due_date == dt.date(2026, 11, 25)
    assert spec.source == rules.SOURCE_EOIR33


def test_one_year_deadline_is_counted_to_the_day_before_the_anniversary() -> None:
    spec = rules.one_year(dt.date(2026, 3, 15), CHICAGO)
    assert spec.due_date == dt.date(2027, 3, 14)
    assert spec.inputs == {"start": "2026-03-15", "anniversary": "2027-03-15"}
    leap = rules.one_year(dt.date(2028, 2, 29), CHICAGO)
    assert leap.due_date == dt.date(2029, 2, 27)


def test_deadline_reminders_are_at_nine_in_the_morning_where_it_is_due() -> None:
    times = dict(rules.deadline_reminder_times(dt.date(2027, 3, 25), "America/New_York"))
    assert times[0] == dt.datetime(2027, 3, 25, 13, 0, tzinfo=dt.UTC)
    assert times[7] == dt.datetime(2027, 3, 18, 13, 0, tzinfo=dt.UTC)


# ---- the person's own time zone ----------------------------------------------------------


def test_time_zone_suggested_from_the_language() -> None:
    assert timezones.suggest("ru") == "Europe/Moscow"
    assert timezones.suggest("uk-UA") == "Europe/Kyiv"
    assert timezones.suggest(None) == "Europe/Moscow"
    assert timezones.suggest("en-US") == "America/New_York"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Москва", "Europe/Moscow"),
        ("казань", "Europe/Moscow"),
        ("Новосибирск", "Asia/Novosibirsk"),
        ("Brooklyn", "America/New_York"),
        ("Тусон", "America/Phoenix"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("UTC+3", "Etc/GMT-3"),
        ("екатеринбур", "Asia/Yekaterinburg"),  # a typo
    ],
)
def test_time_zone_from_a_typed_city(typed: str, zone: str) -> None:
    assert timezones.find(typed)[0] == zone


def test_unknown_city_finds_nothing() -> None:
    assert timezones.find("Шмутцбург") == []


# ---- calendar file -----------------------------------------------------------------------


def test_ics_file_is_valid_and_folded() -> None:
    event = ics.IcsEvent(
        uid="hearing-1@x",
        summary="Заседание; важно, очень",
        description="Строка 1\nСтрока 2 " + "длинный текст " * 10,
        location="LaSalle Immigration Court (Jena, LA)",
        start=dt.datetime(2027, 3, 15, 14, 0, tzinfo=dt.UTC),
        alarms=(dt.timedelta(days=1), dt.timedelta(hours=3)),
    )
    deadline = ics.IcsEvent(uid="d-1@x", summary="BIA", description="x", day=dt.date(2027, 3, 25))
    data = ics.calendar([event, deadline], NOW, "Case 1").decode("utf-8")
    lines = data.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    assert "DTSTART:20270315T140000Z" in lines
    assert "DTSTART;VALUE=DATE:20270325" in lines
    assert "TRIGGER:-P1D" in lines
    assert "TRIGGER:-PT3H" in lines
    assert "SUMMARY:Заседание\\; важно\\, очень" in lines
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long description was folded


def test_every_short_list_zone_is_named_in_both_languages() -> None:
    from bot.i18n import Translator

    translator = Translator()
    for zone in timezones.SHORT_LIST:
        key = timezones.message_key(zone)
        for locale in ("ru", "en"):
            assert translator.get(locale).has(key), (locale, zone)
    assert timezones.label("Europe/Moscow", translator.get("ru")) == "Москва"
    assert timezones.label("Europe/Moscow", translator.get("en")) == "Moscow"
    # Zones outside the short list are named by their city in the reader's language (CLDR),
    # never shown as raw codes such as "Asia/Vladivostok".
    assert timezones.label("Asia/Kolkata", translator.get("ru")) == "Калькутта"
    assert timezones.label("Asia/Vladivostok", translator.get("ru")) == "Владивосток"
    assert (
        timezones.label("America/Argentina/Buenos_Aires", translator.get("en")) == "Buenos Aires"
    )
