"""Habits by hand and by inference, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.errors import Conflict, InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.habits import service as habits

TODAY = date(2026, 11, 25)


@pytest.fixture
def stretch(runtime, owner):
    with runtime.uow() as uow:
        habit = habits.create_habit(uow, owner, name="Stretch", schedule_type="daily")
        uow.commit()
    return habit


def log(runtime, actor, habit, *days_ago: int) -> None:
    with runtime.uow() as uow:
        for n in days_ago:
            habits.log_habit(uow, actor, habit_id=habit.id, logged_date=TODAY - timedelta(days=n))
        uow.commit()


def event_types(runtime) -> list[str]:
    with runtime.uow() as uow:
        return list(
            uow.session.scalars(
                sa.select(EventRecord.event_type)
                .where(EventRecord.event_type.like("habits.%"))
                .order_by(EventRecord.id)
            )
        )


def test_logging_builds_a_streak_and_emits_events(runtime, owner, stretch):
    log(runtime, owner, stretch, 0, 1, 2, 4)
    with runtime.uow() as uow:
        metrics = habits.habit_metrics(uow, owner, stretch.id, today=TODAY)
    assert (metrics.current_streak, metrics.longest_streak, metrics.total_check_ins) == (3, 3, 4)
    assert event_types(runtime) == ["habits.habit.created"] + ["habits.habit.logged"] * 4


def test_unconfirmed_inferred_logs_count_for_nothing_until_confirmed(runtime, owner, stretch):
    log(runtime, owner, stretch, 1)
    with runtime.uow() as uow:
        event = calendar.create_event(
            uow, owner, title="Stretching", start_time=datetime(2026, 11, 25, 7, tzinfo=UTC)
        )
        inferred = habits.record_inferred_log(
            uow, owner, habit_id=stretch.id, logged_date=TODAY, calendar_event_id=event.id,
            confidence=0.7, status="inferred", model_version="rules-1",
        )  # fmt: skip
        uow.commit()
    with runtime.uow() as uow:
        assert habits.habit_metrics(uow, owner, stretch.id, today=TODAY).total_check_ins == 1
        habits.set_inferred_status(uow, owner, inferred.id, "confirmed")
        uow.commit()
    with runtime.uow() as uow:
        assert habits.habit_metrics(uow, owner, stretch.id, today=TODAY).current_streak == 2
    assert event_types(runtime)[-1] == "habits.habit.inferred"


def test_bad_input_names_the_field_and_writes_nothing(runtime, owner):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        habits.create_habit(uow, owner, name="Read", schedule_type="hourly")
    assert "schedule_type" in bad.value.fields
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        habits.create_habit(uow, owner, name="Read", target_count=0)
    assert "target_count" in bad.value.fields
    with runtime.uow() as uow:
        assert habits.list_habits(uow, owner) == []


def test_names_are_unique_per_user_and_inactive_habits_take_no_logs(
    runtime, owner, stretch, make_user
):
    with runtime.uow() as uow, pytest.raises(Conflict, match="already have a habit"):
        habits.create_habit(uow, owner, name="stretch")
    other = make_user("bo@example.com")
    with runtime.uow() as uow:
        habits.create_habit(uow, other, name="Stretch")  # another user's namespace
        habits.deactivate_habit(uow, owner, stretch.id)
        uow.commit()
    with runtime.uow() as uow, pytest.raises(InvalidInput, match="inactive"):
        habits.log_habit(uow, owner, habit_id=stretch.id, logged_date=TODAY)


def test_another_user_cannot_touch_the_habit(runtime, owner, stretch, make_user):
    log(runtime, owner, stretch, 0)
    mallory = make_user("mallory@example.com")
    with runtime.uow() as uow:
        assert habits.list_habits(uow, mallory) == []
        assert habits.list_logs(uow, mallory) == []
        for attempt in (
            lambda: habits.habit_metrics(uow, mallory, stretch.id, today=TODAY),
            lambda: habits.update_habit(uow, mallory, stretch.id, name="Mine"),
            lambda: habits.delete_habit(uow, mallory, stretch.id),
            lambda: habits.log_habit(uow, mallory, habit_id=stretch.id, logged_date=TODAY),
            lambda: habits.set_inferred_status(uow, mallory, 1, "confirmed"),
        ):
            with pytest.raises(NotFound):
                attempt()
        uow.commit()
    with runtime.uow() as uow:
        assert [h.name for h in habits.list_habits(uow, owner)] == ["Stretch"]
