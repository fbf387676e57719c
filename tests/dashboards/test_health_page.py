"""The health page, used as the owner would: log a workout, get a bad value explained."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from app_driver import open_page, titles

from dashboards.ui import md
from lifeos_core.calendar import service as calendar
from lifeos_core.health import service as health


# The demo's calendar fills this domain with inferred records; these tests start from an
# owner whose domain is empty, signed in the same way.
@pytest.fixture
def demo_actor(fresh_actor):
    return fresh_actor


@pytest.fixture
def signed_in(signed_in_fresh):
    return signed_in_fresh


def table_with(at, column: str):
    """The page's dataframe that has ``column`` (each tab has its own)."""
    [table] = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def log_workout(at, workout_type: str, minutes: int):
    at.selectbox(key="health_workout_type").set_value(workout_type)
    at.number_input(key="health_workout_minutes").set_value(minutes)
    at.selectbox(key="health_workout_intensity").set_value("high")
    return at.button(key="health_workout_submit").click().run()


def test_a_logged_workout_is_listed_and_counted_in_the_week(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "health")
    assert titles(at) == ["Health"]
    assert [t.label for t in at.tabs] == ["Biometrics", "Workouts", "Nutrition"]

    at = log_workout(at, "run", 42)

    assert not at.error
    assert "42 minutes of run" in at.success[0].value
    workouts = table_with(at, "Intensity")
    assert list(zip(workouts["Type"], workouts["Minutes"], workouts["Source"], strict=True)) == [
        ("run", 42, "manual")
    ]
    assert at.selectbox(key="health_workout_type").value is None  # the form is ready again
    assert {m.label: m.value for m in at.metric}["Active minutes"] == "42"
    with app_runtime.uow() as uow:
        [saved] = health.list_workouts(uow, demo_actor)
    assert (saved.workout_type, saved.duration_minutes, saved.intensity) == ("run", 42, "high")


def test_an_impossible_duration_is_explained_and_the_input_kept(signed_in, app_runtime, demo_actor):
    at = log_workout(open_page(signed_in, "health"), "yoga", 2000)

    assert [e.value for e in at.error] == [md("Duration: must be between 1 and 1440 minutes")]
    assert at.number_input(key="health_workout_minutes").value == 2000
    assert at.selectbox(key="health_workout_type").value == "yoga"
    with app_runtime.uow() as uow:
        assert health.list_workouts(uow, demo_actor) == []


def test_a_weight_out_of_range_is_refused_on_the_biometrics_tab(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "health")
    at.number_input(key="health_bio_weight").set_value(8.5)  # grams typed as kilos?
    at = at.button(key="health_bio_submit").click().run()

    assert [e.value for e in at.error] == [md("Weight: must be between 20 and 400 kg")]
    assert at.number_input(key="health_bio_weight").value == 8.5
    with app_runtime.uow() as uow:
        assert health.list_biometrics(uow, demo_actor) == []


def test_an_inferred_meal_is_marked_with_its_confidence(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        event = calendar.create_event(
            uow, demo_actor, title="Lunch", start_time=datetime(2026, 11, 24, 11, 30, tzinfo=UTC)
        )
        health.record_inferred_meal(
            uow, demo_actor, meal_date=date(2026, 11, 24), meal_type="lunch",
            calendar_event_id=event.id, confidence=0.85, status="inferred", model_version="rules-1",
        )  # fmt: skip
        uow.commit()

    at = open_page(signed_in, "health")

    meals = table_with(at, "Meal")
    assert list(meals["Source"]) == ["inferred (85%), awaiting review"]


def test_a_workout_logged_by_mistake_can_be_deleted(signed_in, app_runtime, demo_actor):
    at = log_workout(open_page(signed_in, "health"), "swim", 25)
    with app_runtime.uow() as uow:
        [swim] = health.list_workouts(uow, demo_actor)

    at.selectbox(key="health_workout_delete_choice").set_value(swim.id)
    at = at.button(key="health_workout_delete").click().run()

    assert at.success[0].value == md("Deleted the workout.")
    assert not [d for d in at.dataframe if "Intensity" in d.value.columns]
    with app_runtime.uow() as uow:
        assert health.list_workouts(uow, demo_actor) == []
