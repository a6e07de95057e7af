"""Rules the case handlers rely on, tested without Telegram: the form's steps, who may do
what in a case, and what leaving or removing would touch."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cases import service
from bot.cases.anumber import ANumberError
from bot.cases.fields import FieldError, Location, PersonData
from bot.cases.form import (
    CONFIRM,
    OPTIONAL,
    STEPS,
    Draft,
    apply_choice,
    can_go_back,
    known_code,
    next_step,
    open_draft,
    parse_step,
    previous_step,
    remember_search,
    seal_draft,
)
from bot.cases.models import Case, CaseMember, LocationKind, MemberRole, MemberStatus
from bot.crypto import Vault
from bot.dispatcher import App
from bot.places import Places
from tests.case_helpers import add_member, member_rows, seed_case

TODAY = dt.date(2026, 11, 22)
RU_COUNTRY = {"RU": "Россия", "BY": "Беларусь"}


def country_label(code: str) -> str:
    return RU_COUNTRY.get(code, code)


def relation_label(code: str) -> str:
    return {"mother": "мать"}.get(code, code)


# ---- the person form ---------------------------------------------------------------------


def test_steps_walk_forward_to_the_summary_and_back() -> None:
    assert next_step(STEPS[0], review=False) == STEPS[1]
    assert next_step(STEPS[-1], review=False) == CONFIRM
    assert next_step("birth_date", review=True) == CONFIRM  # a review edit returns at once
    assert previous_step(STEPS[1], review=False) == STEPS[0]
    assert previous_step(STEPS[0], review=False) == STEPS[0]
    assert previous_step(CONFIRM, review=False) == STEPS[-1]
    assert previous_step("a_number", review=True) == CONFIRM
    assert previous_step(CONFIRM, review=True) == STEPS[-1]


def test_only_the_first_question_of_a_new_person_has_no_back() -> None:
    assert not can_go_back(STEPS[0], review=False, mode="new")
    assert can_go_back(STEPS[0], review=True, mode="new")
    assert can_go_back(STEPS[0], review=False, mode="field")
    assert can_go_back(STEPS[1], review=False, mode="new")


def test_name_and_place_cannot_be_skipped() -> None:
    assert "latin_name" not in OPTIONAL
    assert "location" not in OPTIONAL
    assert {"a_number", "notes", "birth_date"} <= OPTIONAL


def test_a_country_typed_in_words_keeps_the_button_code() -> None:
    assert known_code(" россия ", {"RU": "Russia"}, country_label) == "RU"
    assert known_code("russia", {"RU": "Russia"}, country_label) == "RU"
    assert known_code("ru", {"RU": "Russia"}, country_label) == "RU"
    assert known_code("Мать", ("mother", "father"), relation_label) == "mother"
    assert known_code("Кузина", ("mother",), relation_label) is None


def test_typed_answers_are_parsed_into_the_person() -> None:
    person = PersonData()

    def typed(step: str, text: str) -> None:
        parse_step(step, text, person, TODAY, country_label, relation_label)

    typed("latin_name", "Ivanov Ivan")
    typed("birth_date", "15.03.1985")
    typed("birth_country", "Россия")
    typed("a_number", "A-123-456-789")
    typed("relation", "мать")
    typed("notes", "диабет")
    assert person.latin_name == "IVANOV IVAN"
    assert person.birth_date == dt.date(1985, 3, 15)
    assert person.birth_country == "RU"
    assert person.a_number == "123456789"
    assert person.relation == "mother"
    assert person.notes == "диабет"
    with pytest.raises(FieldError):
        typed("detained_on", "01.01.1980")  # before the birth date
    with pytest.raises(ANumberError):
        typed("a_number", "12")


def test_buttons_fill_the_step_they_belong_to_and_nothing_else() -> None:
    places = Places.load()
    draft = Draft(person=PersonData(latin_name="A B", notes="x"))
    assert apply_choice(draft, places, "notes", "skip", "")
    assert draft.person.notes is None
    assert not apply_choice(draft, places, "latin_name", "skip", "")  # required
    assert apply_choice(draft, places, "birth_country", "country", "BY")
    assert draft.person.birth_country == "BY"
    assert not apply_choice(draft, places, "birth_country", "country", "XX")
    assert not apply_choice(draft, places, "relation", "country", "RU")  # wrong step
    assert apply_choice(draft, places, "location", "loc", LocationKind.SHELTER)
    assert draft.person.location == Location(kind=LocationKind.SHELTER)
    assert not apply_choice(draft, places, "location", "loc", LocationKind.FACILITY)


def test_a_place_is_chosen_from_the_last_search_or_kept_as_typed() -> None:
    places = Places.load()
    draft = Draft()
    found = remember_search(draft, places, "  Jena  ")
    assert found
    assert found[0].kind == "facility"
    assert draft.typed == "Jena"
    assert not apply_choice(draft, places, "location", "place", str(len(found)))
    assert apply_choice(draft, places, "location", "place", "0")
    assert draft.person.location.ref == found[0].id
    assert apply_choice(draft, places, "location", "typed", "")
    assert draft.person.location == Location(kind=LocationKind.OTHER, text="Jena")
    draft.forget_search()
    assert not apply_choice(draft, places, "location", "typed", "")
    assert remember_search(draft, places, "   ") == []
    assert draft.typed is None


def test_the_draft_is_stored_encrypted() -> None:
    vault = Vault.generate()
    draft = Draft(person=PersonData(latin_name="IVANOV IVAN"), choices=["x"], typed="Jena")
    token = seal_draft(vault, draft)
    assert "IVANOV" not in token
    assert open_draft(vault, token) == draft
    assert open_draft(vault, None) == Draft()


# ---- who may do what ---------------------------------------------------------------------


def access(
    *, role: str | None = None, volunteer: bool = False, admin: bool = False
) -> service.CaseAccess:
    member = None
    if role is not None:
        member = CaseMember(case_id=1, user_id=5, role=role, status=MemberStatus.ACTIVE)
    return service.CaseAccess(Case(id=1), member, volunteer, admin)


def test_roles_and_what_they_allow() -> None:
    owner = access(role=MemberRole.OWNER)
    member = access(role=MemberRole.MEMBER)
    volunteer = access(volunteer=True)
    admin = access(admin=True)
    assert [a.role for a in (owner, member, volunteer, admin)] == [
        "owner",
        "member",
        "volunteer",
        "admin",
    ]
    assert access(role=MemberRole.MEMBER, admin=True).role == "member"
    assert [a.can_release for a in (owner, member, volunteer, admin)] == [
        False,
        False,
        True,
        True,
    ]
    # Admins may remove members, only the owner gives ownership away.
    assert [a.can_remove_members for a in (owner, member, volunteer, admin)] == [
        True,
        False,
        False,
        True,
    ]


def test_volunteer_state_of_a_case() -> None:
    assert service.volunteer_state(Case(id=1)) == "none"
    asked = Case(id=1, volunteer_requested_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    assert service.volunteer_state(asked) == "waiting"
    assert service.volunteer_state(Case(id=1, volunteer_id=7)) == "assigned"


def test_needs_in_callback_data_are_checked() -> None:
    assert service.need_at(0) == service.NEEDS[0]
    assert service.need_at(len(service.NEEDS)) is None
    assert service.need_at(-1) is None


# ---- leaving and removing ----------------------------------------------------------------


async def test_leaving_is_previewed_as_it_will_happen(app: App) -> None:
    case_id = await seed_case(app, 1001)
    async with app.sessionmaker() as session:
        owner = await service.get_access(session, case_id, 1001, False)
        assert owner is not None
        assert (await service.preview_leave(session, owner, 1001)).kind == "last"
    await add_member(app, case_id, 1002)
    await add_member(app, case_id, 1003)
    async with app.sessionmaker() as session:
        owner = await service.get_access(session, case_id, 1001, False)
        member = await service.get_access(session, case_id, 1003, False)
        assert owner is not None
        assert member is not None
        preview = await service.preview_leave(session, owner, 1001)
        assert preview.kind == "owner"
        assert preview.successor is not None
        assert preview.successor.user_id == 1002
        assert await service.preview_leave(session, member, 1003) == service.LeavePreview("member")


async def test_only_members_still_in_can_be_removed(app: App) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002)
    other_case = await seed_case(app, 2001)
    rows = {m.user_id: m for m in await member_rows(app, case_id)}
    async with app.sessionmaker() as session, session.begin():
        found = await service.removable_member(session, case_id, rows[1002].id)
        assert found.user_id == 1002
        with pytest.raises(service.CaseError, match="not_found"):
            await service.removable_member(session, other_case, rows[1002].id)
        found.status = MemberStatus.LEFT
        with pytest.raises(service.CaseError, match="not_found"):
            await service.removable_member(session, case_id, rows[1002].id)
