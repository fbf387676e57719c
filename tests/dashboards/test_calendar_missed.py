"""'The interpreter missed this…' on the calendar page: the owner says what an event was, and
its badge appears."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from app_driver import open_page

from dashboards.ui import md
from lifeos_core.calendar import service as calendar
from lifeos_core.health import service as health


@pytest.fixture
def sweat(app_runtime, demo_actor):
    """Yesterday's "Sweat sesh" (words the rules do not know), inside the agenda's dates."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    with app_runtime.uow() as uow:
        event = calendar.create_event(
            uow,
            demo_actor,
            title="Sweat *sesh*",
            start_time=start,
            end_time=start + timedelta(minutes=40),
        )
        uow.commit()
    return event


def choose(at, event_id: int, record_type: str):
    at.selectbox(key="calendar_edit_event").select(event_id)
    at = at.run()
    at.selectbox(key=f"calendar_missed_{event_id}_type").select(record_type)
    return at.run()


def interpretations_column(at, title: str) -> str:
    table = at.dataframe[0].value
    return table.loc[table["Title"] == title, "Interpretations"].iloc[0]


def test_marking_a_missed_workout_records_it_and_shows_its_badge(
    signed_in, app_runtime, demo_actor, sweat
):
    at = choose(open_page(signed_in, "calendar"), sweat.id, "health/workout")
    assert interpretations_column(at, sweat.title) == ""
    duration = at.text_input(key=f"calendar_missed_{sweat.id}_health/workout_duration_minutes")
    assert duration.placeholder == "40"  # what the event itself says
    at.text_input(key=f"calendar_missed_{sweat.id}_health/workout_workout_type").input("hiit")
    at = at.button(key="calendar_missed_submit").click().run()

    assert not at.error and not at.exception
    assert at.success[0].value == md("Recorded “Sweat *sesh*” as health/workout.")
    assert interpretations_column(at, sweat.title) == "health (confirmed)"
    with app_runtime.uow() as uow:
        [view] = calendar.event_interpretations(uow, demo_actor, sweat.id)
        workouts = health.list_workouts(uow, demo_actor)
    assert (view.record_type, view.status, view.added_by_owner) == (
        "health/workout",
        "confirmed",
        True,
    )
    assert [(w.workout_type, w.duration_minutes) for w in workouts if w.id == view.record_id] == [
        ("hiit", 40)
    ]
    # Already confirmed: it is no longer offered for this event.
    options = at.selectbox(key=f"calendar_missed_{sweat.id}_type").options
    assert "health/workout" not in options and "finance/transaction" in options


def test_a_refused_miss_says_why_and_records_nothing(signed_in, app_runtime, demo_actor, sweat):
    at = choose(open_page(signed_in, "calendar"), sweat.id, "finance/transaction")
    at = at.button(key="calendar_missed_submit").click().run()

    assert [e.value for e in at.error] == [
        md("amount: needed for finance/transaction and not in the event; type it in")
    ]
    with app_runtime.uow() as uow:
        assert calendar.event_interpretations(uow, demo_actor, sweat.id) == []
