"""The first rule set: what a calendar title and time turn into."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lifeos_core.interpreter.rules import EventFacts, interpret

BERLIN = ZoneInfo("Europe/Berlin")


def proposals(
    title: str, hour: int = 12, minute: int = 30, minutes: int = 60, description: str = ""
):
    start = datetime(2026, 11, 19, hour, minute, tzinfo=BERLIN)
    facts = EventFacts(title, description, "", start, start + timedelta(minutes=minutes), False)
    return {
        p.record_type: p
        for p in interpret(facts, auto_confirm_threshold=0.85, review_threshold=0.5)
    }


def test_lunch_with_a_person_and_a_price_is_a_meal_an_interaction_and_a_transaction():
    found = proposals("Lunch w/ Sarah @ Cafe Roma ($25)")
    assert set(found) == {"health/meal", "relationships/interaction", "finance/transaction"}
    assert found["finance/transaction"].structure == {
        "amount": "25", "currency": "USD", "description": "Lunch w/ Sarah @ Cafe Roma ($25)"
    }  # fmt: skip
    assert found["relationships/interaction"].structure["person_name"] == "Sarah"
    assert found["health/meal"].decision == "auto_confirm"  # lunch at 12:30 is a usual lunch time
    assert any("12:30" in line for line in found["health/meal"].evidence)


def test_lunch_at_an_odd_hour_waits_for_review():
    assert proposals("Lunch", hour=17)["health/meal"].decision == "review"


def test_morning_run_is_a_confident_workout_with_its_duration():
    run = proposals("Morning run", hour=6, minutes=45)["health/workout"]
    assert run.decision == "auto_confirm"
    assert run.structure == {"workout_type": "run", "duration_minutes": 45}


@pytest.mark.parametrize("title", ["Busy", "Hold for lunch", "OOO", "Flight to Lisbon", "Holiday"])
def test_placeholders_and_travel_produce_nothing(title):
    assert proposals(title) == {}


@pytest.mark.parametrize(
    ("title", "amount", "currency"),
    [
        ("Dinner (€40)", "40", "EUR"),
        ("Groceries 62.40 EUR", "62.40", "EUR"),
        ("Books £12,50", "12.50", "GBP"),
    ],
)
def test_amounts_in_several_currencies(title, amount, currency):
    structure = proposals(title, hour=19)["finance/transaction"].structure
    assert (structure["amount"], structure["currency"]) == (amount, currency)


def test_thresholds_decide():
    start = datetime(2026, 11, 19, 19, tzinfo=BERLIN)
    facts = EventFacts("Piano practice", "", "", start, start + timedelta(minutes=45), False)
    strict = interpret(facts, auto_confirm_threshold=0.99, review_threshold=0.9)
    lenient = interpret(facts, auto_confirm_threshold=0.7, review_threshold=0.5)
    assert [p.decision for p in strict] == ["discard"]
    assert [p.decision for p in lenient] == ["auto_confirm"]
