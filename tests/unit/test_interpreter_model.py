"""The owner's model: it learns their words, remembers their recurring events, and blends
with the rules without ever being less sure of what it has not learned."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lifeos_core.interpreter.model import Example, UserModel, memory_key, train
from lifeos_core.interpreter.rules import EventFacts, interpret, interpret_batch, model_version

MONDAY = datetime(2026, 3, 2)
WORKOUT, MEAL, HABIT = "health/workout", "health/meal", "habits/habit_log"


def event(title, day=0, hour=6.5, minutes=45, description="", location=""):
    start = MONDAY + timedelta(days=day, hours=hour)
    return EventFacts(
        title, description, location, start, start + timedelta(minutes=minutes), False
    )


def decisions() -> list[Example]:
    """Four weeks of one person's calendar: their words for a workout, lunch and reading."""
    examples = []
    for week in range(4):
        d = week * 7
        examples += [
            Example(event("Sweat session", d), frozenset({WORKOUT})),
            Example(event("Sweat session", d + 2), frozenset({WORKOUT})),
            Example(event("Fuel", d, 12.25, 30), frozenset({MEAL})),
            Example(event("Fuel", d + 1, 12.25, 30), frozenset({MEAL})),
            Example(event("Pages", d, 21.5, 30), frozenset({HABIT}), structures={
                HABIT: {"habit_name": "Reading"}}),
            Example(event("Lunch duty", d + 2, 12, 30), frozenset()),
            Example(event("Staff meeting", d, 16, 60), frozenset()),
            Example(event("Long run", d + 5, 8, 90), frozenset({WORKOUT})),
        ]  # fmt: skip
    return examples


@pytest.fixture(scope="module")
def model() -> UserModel:
    return train(decisions(), version="user-1-v1")


def given(facts, model=None) -> dict:
    found = interpret(facts, auto_confirm_threshold=0.85, review_threshold=0.5, model=model)
    return {p.record_type: p for p in found if p.decision != "discard"}


def test_the_rules_alone_miss_the_owners_own_words(model):
    assert given(event("Sweat session", 28)) == {}
    assert given(event("Fuel", 29, 12.25, 30)) == {}


def test_a_recurring_event_the_owner_confirmed_comes_back_confirmed(model):
    found = given(event("Sweat session", 28), model)
    assert found[WORKOUT].decision == "auto_confirm"
    assert "you confirmed this event before" in found[WORKOUT].evidence
    reading = given(event("Pages", 30, 21.5, 30), model)[HABIT]
    assert reading.structure == {"habit_name": "Reading"}  # what the owner confirmed


def test_new_wordings_of_a_learned_habit_are_proposed(model):
    found = given(event("Sweat sesh + core", 28), model)
    assert WORKOUT in found
    assert any("past reviews" in line for line in found[WORKOUT].evidence)


def test_what_the_owner_turned_down_is_not_proposed_again(model):
    assert given(event("Lunch duty", 30, 12, 30)) != {}  # the rules think it is lunch
    assert given(event("Lunch duty", 30, 12, 30), model) == {}


def test_the_model_leaves_events_unlike_anything_it_learned_to_the_rules(model):
    for title, hour in (("Dinner with Sarah", 19), ("Piano practice", 19), ("Busy", 10)):
        facts = event(title, 31, hour)
        assert set(given(facts, model)) == set(given(facts))


def test_training_is_deterministic_and_survives_a_round_trip(model):
    again = train(decisions(), version="user-1-v1")
    facts = [event(t, 40) for t in ("Sweat sesh", "Fuel stop", "Pages", "Gym", "Nap")]
    kwargs = {"auto_confirm_threshold": 0.85, "review_threshold": 0.5}
    first = interpret_batch(facts, model=model, **kwargs)
    assert first == interpret_batch(facts, model=again, **kwargs)
    restored = UserModel.from_bytes(model.to_bytes())
    assert first == interpret_batch(facts, model=restored, **kwargs)


def test_a_model_of_nothing_changes_nothing():
    empty = train([], version="user-1-v0")
    facts = [event("Lunch with Sarah $20", 1, 12.5), event("Sweat session", 2)]
    kwargs = {"auto_confirm_threshold": 0.85, "review_threshold": 0.5}
    assert interpret_batch(facts, model=empty, **kwargs) == interpret_batch(facts, **kwargs)


def test_the_model_version_names_rules_and_model():
    assert model_version(None) == "rules-2"
    assert model_version(train([], version="user-7-v3")) == "rules-2+user-7-v3"


def test_a_recurring_event_is_known_by_its_title_without_numbers_or_case():
    assert memory_key("Class prep 7B") == memory_key("class prep 9B") == "class prep b"
    assert memory_key("Groceries €54") == memory_key("GROCERIES €61,20")


def test_a_blob_that_is_not_a_model_is_refused():
    import pickle

    with pytest.raises(ValueError):
        UserModel.from_bytes(pickle.dumps({"not": "a model"}))
