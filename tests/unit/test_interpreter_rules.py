"""The rule path: what a calendar title, its time and its place turn into."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lifeos_core.interpreter.rules import (
    NO_NAMES,
    RECORD_TYPES,
    EventFacts,
    KnownNames,
    find_amount,
    interpret,
    interpret_batch,
)

BERLIN = ZoneInfo("Europe/Berlin")


def facts(title, hour=12, minute=30, minutes=60, description="", location="", all_day=False):
    start = datetime(2026, 11, 19, hour, minute, tzinfo=BERLIN)
    end = start + (timedelta(days=1) if all_day else timedelta(minutes=minutes))
    return EventFacts(title, description, location, start, end, all_day)


def proposals(title, hour=12, minute=30, minutes=60, known=NO_NAMES, **kwargs):
    found = interpret(
        facts(title, hour, minute, minutes, **kwargs),
        auto_confirm_threshold=0.85,
        review_threshold=0.5,
        known=known,
    )
    return {p.record_type: p for p in found}


def given(title, **kwargs) -> set[str]:
    """The record types proposed for review or auto-confirmed."""
    return {t for t, p in proposals(title, **kwargs).items() if p.decision != "discard"}


def test_lunch_with_a_person_and_a_price_is_a_meal_an_interaction_and_a_transaction():
    found = proposals("Lunch w/ Sarah @ Cafe Roma ($25)")
    assert set(found) == {"health/meal", "relationships/interaction", "finance/transaction"}
    money = found["finance/transaction"].structure
    assert (money["amount"], money["currency"]) == ("25", "USD")
    assert found["relationships/interaction"].structure["person_name"] == "Sarah"
    assert found["relationships/interaction"].decision == "review"  # a name alone: ask
    assert found["health/meal"].decision == "auto_confirm"  # lunch at 12:30 is a usual lunch time
    evidence = " ; ".join(p for f in found.values() for p in f.evidence)
    assert "matched 'lunch' at 12:30" in evidence
    assert "amount $25" in evidence and "person 'Sarah'" in evidence


def test_lunch_at_an_odd_hour_waits_for_review():
    lunch = proposals("Lunch", hour=17)["health/meal"]
    assert lunch.decision == "review"
    assert any("unusual" in line for line in lunch.evidence)


def test_run_at_six_is_a_confident_workout_with_its_duration():
    run = proposals("Run", hour=6, minute=0, minutes=45)["health/workout"]
    assert run.decision == "auto_confirm"
    assert run.structure == {"workout_type": "run", "duration_minutes": 45}


def test_a_run_that_is_not_exercise_is_no_workout():
    assert given("Run errands", hour=10) == set()
    assert given("Dry run: board demo", hour=10) == set()
    assert given("Run payroll", hour=9) == set()


@pytest.mark.parametrize(
    "title",
    ["Busy", "Hold for lunch", "OOO", "Flight to Lisbon", "Holiday", "Canceled: Dinner with Tom",
     "Urlaub", "Vacaciones", "Congés", "✈️ JFK → LIS", "Tentative: offsite"],
)  # fmt: skip
def test_placeholders_travel_and_holidays_produce_nothing(title):
    assert proposals(title) == {}


def test_a_holiday_all_day_is_nothing_but_a_christmas_dinner_is_a_meal():
    assert proposals("Christmas Day", all_day=True) == {}
    assert "health/meal" in given("Christmas dinner with family", hour=19)


@pytest.mark.parametrize(
    ("title", "amount", "currency"),
    [
        ("Dinner (€40)", "40", "EUR"),
        ("Groceries 62.40 EUR", "62.40", "EUR"),
        ("Books £12,50", "12.50", "GBP"),
        ("Rent $1,200", "1200", "USD"),
        ("Miete 1.250,00 €", "1250", "EUR"),
        ("Museum CHF 35", "35", "CHF"),
        ("Deposit $5k", "5000", "USD"),
    ],
)
def test_amounts_in_several_currencies_and_notations(title, amount, currency):
    structure = proposals(title, hour=19)["finance/transaction"].structure
    assert (structure["amount"], structure["currency"]) == (amount, currency)


def test_numbers_that_are_not_money_are_no_transaction():
    assert find_amount("Room 25, gate 12") is None
    assert "finance/transaction" not in given("5k run", hour=7)


def test_income_is_told_from_spending():
    assert proposals("Salary €3,200", hour=9)["finance/transaction"].structure["direction"] == (
        "income"
    )
    assert proposals("Pay rent €950", hour=9)["finance/transaction"].structure["direction"] == (
        "expense"
    )


@pytest.mark.parametrize(
    ("title", "record_types"),
    [
        ("Mittagessen mit Jonas", {"health/meal", "relationships/interaction"}),
        ("Abendessen", {"health/meal"}),
        ("Klavierunterricht", {"skills/practice_session"}),
        ("Clase de guitarra", {"skills/practice_session"}),
        ("Almuerzo con Lucía", {"health/meal", "relationships/interaction"}),
        ("Cours de piano", {"skills/practice_session"}),
        ("Déjeuner avec Chloé", {"health/meal", "relationships/interaction"}),
        ("Schwimmen", {"health/workout"}),
        ("Correr", {"health/workout"}),
        ("Méditation", {"habits/habit_log"}),
        ("Fokuszeit", {"projects/work_session"}),
        ("🏃 5k", {"health/workout"}),
        ("🎹 Piano", {"skills/practice_session"}),
    ],
)
def test_german_spanish_french_and_emoji(title, record_types):
    hour = 7 if record_types <= {"health/workout", "habits/habit_log"} else 12
    if record_types == {"skills/practice_session"}:
        hour = 18
    assert given(title, hour=hour) == record_types


def test_people_after_with_and_ampersand_and_call_are_found():
    assert proposals("Dinner w/ Anna & Ben", hour=19)["relationships/interaction"].structure[
        "person_names"
    ] == ["Anna", "Ben"]
    call = proposals("Call Mom", hour=19)["relationships/interaction"]
    assert call.structure["interaction_type"] == "call"
    assert (
        proposals("Coffee with Priya Sharma", hour=10)["relationships/interaction"].structure[
            "person_name"
        ]
        == "Priya Sharma"
    )


def test_groups_and_companies_are_not_people():
    assert "relationships/interaction" not in given("Lunch with the team")
    assert "relationships/interaction" not in given("Meeting with Acme Corp", hour=10)
    assert "relationships/interaction" not in given("Sync with Marketing", hour=10)


def test_someone_the_owner_knows_is_matched_and_trusted():
    known = KnownNames(people=("Sarah Connor",))
    talk = proposals("Coffee with Sarah", hour=10, known=known)["relationships/interaction"]
    assert talk.structure["person_name"] == "Sarah Connor"
    assert talk.decision == "auto_confirm"


def test_a_known_project_and_skill_are_named_in_the_structure():
    known = KnownNames(projects=("Apollo",), skills=("Piano",))
    work = proposals("Apollo review prep", hour=10, minutes=90, known=known)
    assert work["projects/work_session"].structure["project_name"] == "Apollo"
    practice = proposals("Piano", hour=19, minutes=30, known=known)["skills/practice_session"]
    assert practice.structure["skill_name"] == "Piano"


def test_a_sport_lesson_is_a_workout_and_practice_but_a_yoga_class_only_a_workout():
    assert given("Tennis lesson", hour=18) == {"health/workout", "skills/practice_session"}
    assert given("Yoga class", hour=18) == {"health/workout"}


def test_work_sessions_name_their_project():
    assert (
        proposals("Deep work: Apollo", hour=9, minutes=120)["projects/work_session"].structure[
            "project_name"
        ]
        == "Apollo"
    )
    assert (
        proposals("Work on the website", hour=14)["projects/work_session"].structure["project_name"]
        == "the website"
    )


def test_routines_wait_for_the_owner_until_the_model_has_learned_them():
    meditation = proposals("Meditation", hour=7, minute=0, minutes=15)["habits/habit_log"]
    assert meditation.decision == "review"
    assert meditation.structure == {"habit_name": "meditation"}


def test_the_place_backs_a_vague_title():
    assert given("Session", hour=18, location="CrossFit Mitte") == {"health/workout"}
    assert given("Session", hour=18) == set()


def test_an_all_day_event_is_less_certain_except_a_bill():
    assert proposals("Gym", all_day=True)["health/workout"].decision != "auto_confirm"
    assert proposals("Rent due $1,400", all_day=True)["finance/transaction"].decision == (
        "auto_confirm"
    )


def test_thresholds_decide():
    piano = facts("Piano practice", hour=19, minutes=45)
    strict = interpret(piano, auto_confirm_threshold=0.99, review_threshold=0.95)
    lenient = interpret(piano, auto_confirm_threshold=0.7, review_threshold=0.5)
    assert [p.decision for p in strict] == ["discard"]
    assert [p.decision for p in lenient] == ["auto_confirm"]


def test_every_proposal_is_one_of_the_seven_record_types_with_a_confidence_in_range():
    batch = interpret_batch(
        [facts(t) for t in ("Lunch w/ Sarah $25", "Gym", "Busy", "", "🍕🍕🍕", "x" * 500)],
        auto_confirm_threshold=0.85,
        review_threshold=0.5,
    )
    assert len(batch) == 6
    for found in batch:
        for p in found:
            assert p.record_type in RECORD_TYPES and p.domain == p.record_type.split("/")[0]
            assert 0 <= p.confidence <= 1


def test_accents_and_case_do_not_matter():
    assert given("FRUHSTUCK", hour=8) == given("Frühstück", hour=8) == {"health/meal"}
