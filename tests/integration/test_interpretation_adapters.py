"""Interpretations become domain records through the domains' services, and review decisions
move those records: confirmed ones appear in their domain, rejected and ignored ones never do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from lifeos_core.calendar import service as calendar
from lifeos_core.errors import InvalidInput
from lifeos_core.finance import service as finance
from lifeos_core.habits import service as habits
from lifeos_core.health import service as health
from lifeos_core.interpreter import review
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.relationships import service as relationships

MONDAY = datetime(2026, 11, 16, tzinfo=UTC)


def add(runtime, actor, title: str, start: datetime, minutes: int = 60) -> int:
    with runtime.uow() as uow:
        event = calendar.create_event(
            uow, actor, title=title, start_time=start, end_time=start + timedelta(minutes=minutes)
        )
        uow.commit()
    return event.id


def interpretations(runtime, actor, event_id: int) -> dict[str, object]:
    with runtime.uow() as uow:
        views = calendar.list_interpretations(
            uow, actor, statuses=("inferred", "confirmed", "rejected", "ignored", "withdrawn")
        )
    return {v.record_type: v for v in views if v.calendar_event_id == event_id}


def test_a_lunch_with_a_price_becomes_a_meal_a_transaction_and_an_interaction(
    runtime, owner, settings
):
    event_id = add(
        runtime, owner, "Lunch w/ Sarah @ Cafe Roma ($25)", MONDAY.replace(hour=11, minute=30)
    )
    interpret_new_events(runtime.uow, settings)
    found = interpretations(runtime, owner, event_id)
    assert all(v.record_id is not None for v in found.values())
    with runtime.uow() as uow:
        [meal] = health.list_meals(uow, owner)
        [txn] = finance.list_transactions(uow, owner)
        [talk] = relationships.list_interactions(uow, owner)
    assert (meal.meal_type, meal.inferred_status) == ("lunch", "confirmed")  # auto-confirmed
    assert (txn.amount, txn.inferred_status) == (Decimal("-25.00"), "confirmed")
    assert talk.inferred_status == "inferred"  # waits for review


def test_confirming_in_the_review_queue_confirms_the_record(runtime, owner, settings):
    event_id = add(runtime, owner, "Coffee with Priya", MONDAY.replace(hour=15))
    interpret_new_events(runtime.uow, settings)
    pending = interpretations(runtime, owner, event_id)["relationships/interaction"]
    with runtime.uow() as uow:
        review.decide(uow, owner, interpretation_ids=[pending.id], decision="confirm")
        uow.commit()
    with runtime.uow() as uow:
        [talk] = relationships.list_interactions(uow, owner)
    assert talk.inferred_status == "confirmed"


def test_rejecting_keeps_the_record_out_of_its_domain(runtime, owner, settings):
    event_id = add(runtime, owner, "Call with Sam", MONDAY.replace(hour=17))
    interpret_new_events(runtime.uow, settings)
    pending = interpretations(runtime, owner, event_id)["relationships/interaction"]
    with runtime.uow() as uow:
        review.decide(uow, owner, interpretation_ids=[pending.id], decision="reject")
        uow.commit()
    with runtime.uow() as uow:
        assert relationships.list_interactions(uow, owner) == []


def test_a_confirmed_habit_that_does_not_exist_yet_is_created_with_its_log(
    runtime, owner, settings
):
    event_id = add(runtime, owner, "Meditation", MONDAY.replace(hour=6), minutes=15)
    interpret_new_events(runtime.uow, settings)
    pending = interpretations(runtime, owner, event_id)["habits/habit_log"]
    assert pending.record_id is None  # no habit called meditation yet: nothing in habits
    with runtime.uow() as uow:
        assert habits.list_habits(uow, owner) == []
        review.decide(uow, owner, interpretation_ids=[pending.id], decision="confirm")
        uow.commit()
    with runtime.uow() as uow:
        [habit] = habits.list_habits(uow, owner)
        [log] = habits.list_logs(uow, owner)
    assert (habit.name, log.habit_id, log.inferred_status) == ("Meditation", habit.id, "confirmed")
    assert interpretations(runtime, owner, event_id)["habits/habit_log"].record_id == log.id


def test_an_edit_that_withdraws_a_proposal_takes_its_record_out_of_sight(runtime, owner, settings):
    event_id = add(runtime, owner, "Call with Sam", MONDAY.replace(hour=17))
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        calendar.update_event(uow, owner, event_id, title="Quiet evening")
        uow.commit()
    interpret_new_events(runtime.uow, settings)
    assert (
        interpretations(runtime, owner, event_id)["relationships/interaction"].status == "withdrawn"
    )
    with runtime.uow() as uow:
        assert relationships.list_interactions(uow, owner) == []


@pytest.mark.parametrize("title", ["Busy", "Flight to Lisbon"])
def test_events_that_mean_nothing_make_no_records(runtime, owner, settings, title):
    add(runtime, owner, title, MONDAY.replace(hour=12))
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        assert health.list_meals(uow, owner) == [] and finance.list_transactions(uow, owner) == []


def test_correcting_a_pending_interaction_replaces_its_record(runtime, owner, settings):
    event_id = add(runtime, owner, "Call with Sam", MONDAY.replace(hour=17))
    interpret_new_events(runtime.uow, settings)
    pending = interpretations(runtime, owner, event_id)["relationships/interaction"]
    with runtime.uow() as uow:
        review.confirm_corrected(
            uow, owner, interpretation_id=pending.id, corrections={"person_name": "Samira"}
        )
        uow.commit()
    with runtime.uow() as uow:
        shown = relationships.list_interactions(uow, owner)
    assert [(i.person_name, i.inferred_status) for i in shown] == [("Samira", "confirmed")]
    confirmed = interpretations(runtime, owner, event_id)["relationships/interaction"]
    assert (confirmed.status, confirmed.structure["person_name"]) == ("confirmed", "Samira")


def test_a_correction_the_domain_refuses_changes_nothing(runtime, owner, settings):
    event_id = add(runtime, owner, "Call with Sam", MONDAY.replace(hour=17))
    interpret_new_events(runtime.uow, settings)
    pending = interpretations(runtime, owner, event_id)["relationships/interaction"]
    with runtime.uow() as uow, pytest.raises(InvalidInput, match="interaction_type"):
        review.confirm_corrected(
            uow, owner, interpretation_id=pending.id, corrections={"interaction_type": "telepathy"}
        )
        uow.commit()
    assert (
        interpretations(runtime, owner, event_id)["relationships/interaction"].status == "inferred"
    )


def test_correcting_a_pending_workout_confirms_it_with_the_corrected_values(
    runtime, owner, settings
):
    """Health keeps one workout per event: the correction updates it instead of losing it."""
    hesitant = settings.model_copy(update={"interpreter_auto_confirm_threshold": 0.999})
    event_id = add(runtime, owner, "Run in the park", MONDAY.replace(hour=7), minutes=40)
    interpret_new_events(runtime.uow, hesitant)
    pending = interpretations(runtime, owner, event_id)["health/workout"]
    assert pending.status == "inferred"
    with runtime.uow() as uow:
        review.confirm_corrected(
            uow, owner, interpretation_id=pending.id, corrections={"duration_minutes": "55"}
        )
        uow.commit()
    with runtime.uow() as uow:
        shown = health.list_workouts(uow, owner)
    assert [(w.duration_minutes, w.inferred_status) for w in shown] == [(55, "confirmed")]
    confirmed = interpretations(runtime, owner, event_id)["health/workout"]
    assert confirmed.status == "confirmed" and confirmed.record_id == shown[0].id
