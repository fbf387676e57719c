"""Health by hand and by inference, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.errors import Conflict, InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.health import service as health
from lifeos_core.health.models import Biometric, Workout

TODAY = date(2026, 11, 25)  # a Wednesday; its week runs Mon 23 to Sun 29 November
MONDAY = date(2026, 11, 23)


def health_events(runtime) -> list[str]:
    with runtime.uow() as uow:
        return list(
            uow.session.scalars(
                sa.select(EventRecord.event_type)
                .where(EventRecord.event_type.like("health.%"))
                .order_by(EventRecord.id)
            )
        )


def calendar_event(uow, actor, title: str, start: datetime) -> int:
    return calendar.create_event(uow, actor, title=title, start_time=start).id


def infer_workout(
    uow, actor, *, start: datetime, workout_type="run", minutes=45, status="inferred"
):
    return health.record_inferred_workout(
        uow, actor, started_at=start, workout_type=workout_type, duration_minutes=minutes,
        calendar_event_id=calendar_event(uow, actor, workout_type.title(), start),
        confidence=0.8, status=status, model_version="rules-1",
        structure={"workout_type": workout_type, "duration_minutes": minutes},
    )  # fmt: skip


def infer_meal(uow, actor, *, day: date, meal_type="lunch", calories=None, status="inferred"):
    start = datetime.combine(day, time(11), UTC)
    return health.record_inferred_meal(
        uow, actor, meal_date=day, meal_type=meal_type, calories_est=calories,
        calendar_event_id=calendar_event(uow, actor, meal_type.title(), start),
        confidence=0.7, status=status, model_version="rules-1",
    )  # fmt: skip


def test_a_logged_workout_is_listed_at_its_local_time_and_emits_an_event(runtime, owner):
    with runtime.uow() as uow:
        run = health.log_workout(
            uow, owner, workout_date=TODAY, start_time=time(7, 30), workout_type=" Run ",
            duration_minutes=42, intensity="high", calories_est=480, note="Canal loop",
        )  # fmt: skip
        uow.commit()
    assert run.workout_type == "run"  # one spelling per type, so summaries group them
    assert run.started_at == datetime(2026, 11, 25, 6, 30, tzinfo=UTC)  # 07:30 in Berlin
    with runtime.uow() as uow:
        [listed] = health.list_workouts(uow, owner)
    assert (listed.id, listed.source, listed.inferred_status) == (run.id, "manual", None)
    assert health_events(runtime) == ["health.workout.logged"]


BAD_INPUT = [
    (health.log_biometric, {"measured_on": TODAY, "weight_kg": "19.9"}, "weight_kg", "20 and 400 kg"),
    (health.log_biometric, {"measured_on": TODAY, "weight_kg": 400.5}, "weight_kg", "20 and 400 kg"),
    (health.log_biometric, {"measured_on": TODAY, "body_fat_pct": 1}, "body_fat_pct", "2 and 70 %"),
    (health.log_biometric, {"measured_on": TODAY, "resting_hr": 24}, "resting_hr", "25 and 220"),
    (health.log_biometric, {"measured_on": TODAY, "energy_level": 0}, "energy_level", "1 and 10"),
    (health.log_biometric, {"measured_on": TODAY, "stress_level": 11}, "stress_level", "1 and 10"),
    (health.log_biometric, {"measured_on": TODAY, "note": "slept well"}, "measurements", "at least one"),
    (health.log_workout, {"workout_date": TODAY, "workout_type": "run", "duration_minutes": 0},
     "duration_minutes", "1 and 1440 minutes"),
    (health.log_workout, {"workout_date": TODAY, "workout_type": "run", "duration_minutes": 1441},
     "duration_minutes", "1 and 1440 minutes"),
    (health.log_workout, {"workout_date": TODAY, "workout_type": "run", "duration_minutes": 30,
                          "calories_est": -1}, "calories_est", "between 0 and"),
    (health.log_workout, {"workout_date": TODAY, "workout_type": "  ", "duration_minutes": 30},
     "workout_type", "is required"),
    (health.log_workout, {"workout_date": TODAY, "workout_type": "run", "duration_minutes": 30,
                          "intensity": "brutal"}, "intensity", "'low', 'moderate' or 'high'"),
    (health.log_meal, {"meal_date": TODAY, "meal_type": "elevenses"}, "meal_type", "'breakfast'"),
    (health.log_meal, {"meal_date": TODAY, "meal_type": "lunch", "calories_est": -5},
     "calories_est", "between 0 and"),
    (health.log_meal, {"meal_date": TODAY, "meal_type": "lunch", "quality_score": 11},
     "quality_score", "1 and 10"),
]  # fmt: skip


def test_out_of_range_input_names_the_field_and_writes_nothing(runtime, owner):
    for service, fields, field, message in BAD_INPUT:
        with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
            service(uow, owner, **fields)
            uow.commit()
        assert list(bad.value.fields) == [field], (service.__name__, fields)
        assert message in bad.value.fields[field]
        assert field in str(bad.value)
    with runtime.uow() as uow:
        assert health.list_biometrics(uow, owner) == []
        assert health.list_workouts(uow, owner) == []
        assert health.list_meals(uow, owner) == []
    assert health_events(runtime) == []


def test_the_database_refuses_what_the_services_refuse(runtime, owner):
    """The check constraints hold even for a write that skips the service."""
    for row in (
        Biometric(user_id=owner.user_id, measured_on=TODAY, weight_kg=Decimal("500")),
        Biometric(user_id=owner.user_id, measured_on=TODAY),
        Workout(user_id=owner.user_id, workout_date=TODAY, workout_type="run", duration_minutes=0),
    ):
        with runtime.uow() as uow, pytest.raises(sa.exc.IntegrityError):
            uow.session.add(row)
            uow.session.flush()


def test_weekly_summary_counts_inferred_workouts_only_once_confirmed(runtime, owner):
    berlin_morning = datetime(2026, 11, 24, 6, tzinfo=UTC)
    with runtime.uow() as uow:
        health.log_workout(uow, owner, workout_date=MONDAY, workout_type="run", duration_minutes=30)
        health.log_workout(uow, owner, workout_date=TODAY, workout_type="yoga", duration_minutes=60)
        health.log_workout(  # next week's Monday is not this week
            uow, owner, workout_date=MONDAY + timedelta(days=7), workout_type="run",
            duration_minutes=90,
        )  # fmt: skip
        pending = infer_workout(uow, owner, start=berlin_morning, minutes=45)
        turned_down = infer_workout(uow, owner, start=berlin_morning + timedelta(days=1))
        health.set_workout_inferred_status(uow, owner, turned_down.id, "rejected")
        uow.commit()

    with runtime.uow() as uow:
        before = health.weekly_workout_summary(uow, owner, day=TODAY)
        health.set_workout_inferred_status(uow, owner, pending.id, "confirmed")
        uow.commit()
    with runtime.uow() as uow:
        after = health.weekly_workout_summary(uow, owner, day=TODAY)

    assert (before.week_start, before.week_end) == (MONDAY, date(2026, 11, 29))
    assert (before.workouts, before.minutes) == (2, 90)
    assert [(t.workout_type, t.workouts, t.minutes) for t in before.by_type] == [
        ("yoga", 1, 60),
        ("run", 1, 30),
    ]
    assert (after.workouts, after.minutes) == (3, 135)
    assert [(t.workout_type, t.workouts, t.minutes) for t in after.by_type] == [
        ("run", 2, 75),
        ("yoga", 1, 60),
    ]
    # Confirming turns the inference into a workout that counts, and says so once.
    assert health_events(runtime)[-1] == "health.workout.logged"
    assert health_events(runtime).count("health.workout.inferred") == 2


def test_weight_trend_averages_daily_means_over_7_and_30_days(runtime, owner):
    readings = [
        (date(2026, 10, 1), "90.0"),  # older than 30 days: only the past
        (date(2026, 10, 27), "82.0"),  # the first day of the 30-day window
        (date(2026, 11, 10), "81.0"),
        (date(2026, 11, 19), "80.5"),  # the first day of the 7-day window
        (TODAY, "79.0"),
        (TODAY, "80.0"),  # two weigh-ins today: their mean, 79.5, is today's weight
        (date(2026, 11, 26), "70.0"),  # tomorrow's typo does not exist yet
    ]
    with runtime.uow() as uow:
        for day, kg in readings:
            health.log_biometric(uow, owner, measured_on=day, weight_kg=kg)
        health.log_biometric(uow, owner, measured_on=TODAY, resting_hr=52)  # no weight in it
        uow.commit()
    with runtime.uow() as uow:
        trend = health.weight_trend(uow, owner, today=TODAY)
    assert (trend.latest_kg, trend.latest_on) == (Decimal("79.50"), TODAY)
    assert trend.average_7d_kg == Decimal("80.00")  # (80.5 + 79.5) / 2
    assert trend.average_30d_kg == Decimal("80.75")  # (82 + 81 + 80.5 + 79.5) / 4
    assert trend.change_7d_kg == Decimal("-1.00")
    assert trend.change_30d_kg == Decimal("-2.50")


def test_daily_calories_count_manual_and_confirmed_meals_only(runtime, owner):
    with runtime.uow() as uow:
        health.log_meal(uow, owner, meal_date=MONDAY, meal_type="breakfast", calories_est=450)
        health.log_meal(uow, owner, meal_date=MONDAY, meal_type="dinner", calories_est=800)
        health.log_meal(uow, owner, meal_date=MONDAY, meal_type="snack")  # no estimate
        confirmed = infer_meal(uow, owner, day=TODAY, calories=650, status="confirmed")
        infer_meal(uow, owner, day=TODAY, meal_type="dinner", calories=1200)  # still waiting
        uow.commit()
    with runtime.uow() as uow:
        days = health.daily_calories(uow, owner, start=MONDAY, end=TODAY)
    assert [(d.day, d.calories, d.meals) for d in days] == [
        (MONDAY, 1250, 3),
        (date(2026, 11, 24), 0, 0),
        (TODAY, 650, 1),
    ]
    assert confirmed.inferred_status == "confirmed"
    assert health_events(runtime).count("health.nutrition.logged") == 4  # 3 typed + 1 confirmed
    assert health_events(runtime).count("health.meal.inferred") == 2
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        health.daily_calories(uow, owner, start=TODAY, end=MONDAY)
    assert "end" in bad.value.fields


def test_lists_mark_inferred_records_and_hide_the_turned_down(runtime, owner):
    with runtime.uow() as uow:
        health.log_meal(uow, owner, meal_date=TODAY, meal_type="breakfast")
        waiting = infer_meal(uow, owner, day=TODAY, meal_type="lunch")
        for decision in ("rejected", "ignored"):
            meal = infer_meal(uow, owner, day=TODAY, meal_type="dinner")
            health.set_meal_inferred_status(uow, owner, meal.id, decision)
        uow.commit()
    with runtime.uow() as uow:
        listed = health.list_meals(uow, owner)
        counted = health.list_meals(uow, owner, include_unconfirmed=False)
    assert [(m.meal_type, m.inferred_status, m.confidence_score) for m in listed] == [
        ("breakfast", None, None),
        ("lunch", "inferred", 0.7),
    ]
    assert listed[1].id == waiting.id and listed[1].is_unconfirmed
    assert [m.meal_type for m in counted] == ["breakfast"]


def test_proposing_the_same_calendar_event_again_changes_only_a_pending_workout(runtime, owner):
    start = datetime(2026, 11, 24, 6, tzinfo=UTC)
    with runtime.uow() as uow:
        event_id = calendar_event(uow, owner, "Run", start)
        propose = dict(
            started_at=start, workout_type="run", calendar_event_id=event_id,
            confidence=0.8, status="inferred", model_version="rules-1",
        )  # fmt: skip
        first = health.record_inferred_workout(uow, owner, duration_minutes=30, **propose)
        again = health.record_inferred_workout(uow, owner, duration_minutes=50, **propose)
        health.set_workout_inferred_status(uow, owner, first.id, "rejected")
        after_rejection = health.record_inferred_workout(uow, owner, duration_minutes=70, **propose)
        uow.commit()
    assert again.id == first.id and again.duration_minutes == 50
    assert after_rejection.id == first.id
    assert (after_rejection.inferred_status, after_rejection.duration_minutes) == ("rejected", 50)
    assert again.workout_date == date(2026, 11, 24)  # 07:00 in Berlin


def test_a_decision_stands_once_made(runtime, owner):
    with runtime.uow() as uow:
        workout = infer_workout(uow, owner, start=datetime(2026, 11, 24, 6, tzinfo=UTC))
        health.set_workout_inferred_status(uow, owner, workout.id, "confirmed")
        health.set_workout_inferred_status(uow, owner, workout.id, "confirmed")  # a retry
        uow.commit()
    with runtime.uow() as uow, pytest.raises(Conflict, match="already confirmed"):
        health.set_workout_inferred_status(uow, owner, workout.id, "rejected")
    with runtime.uow() as uow, pytest.raises(InvalidInput, match="status"):
        health.set_workout_inferred_status(uow, owner, workout.id, "maybe")
    with runtime.uow() as uow:
        manual = health.log_workout(
            uow, owner, workout_date=TODAY, workout_type="swim", duration_minutes=20
        )
        uow.commit()
    with runtime.uow() as uow, pytest.raises(NotFound):  # nothing to decide about a typed one
        health.set_workout_inferred_status(uow, owner, manual.id, "confirmed")
    assert health_events(runtime).count("health.workout.logged") == 2  # confirmed once + swim


def test_records_can_be_corrected_and_deleted(runtime, owner):
    with runtime.uow() as uow:
        weighed = health.log_biometric(uow, owner, measured_on=TODAY, weight_kg="81.2")
        run = health.log_workout(
            uow, owner, workout_date=TODAY, start_time=time(18), workout_type="run",
            duration_minutes=30,
        )  # fmt: skip
        lunch = health.log_meal(uow, owner, meal_date=TODAY, meal_type="lunch", calories_est=600)
        uow.commit()
    with runtime.uow() as uow:
        fixed = health.update_biometric(uow, owner, weighed.id, weight_kg="80.2", stress_level=3)
        moved = health.update_workout(uow, owner, run.id, workout_date=MONDAY)
        health.update_meal(uow, owner, lunch.id, calories_est=600)  # no change, no event
        with pytest.raises(InvalidInput) as bad:
            health.update_biometric(uow, owner, weighed.id, weight_kg=None, stress_level=None)
        health.delete_meal(uow, owner, lunch.id)
        uow.commit()
    assert (fixed.weight_kg, fixed.stress_level) == (Decimal("80.2"), 3)
    assert "measurements" in bad.value.fields  # clearing every measurement is refused
    assert moved.workout_date == MONDAY
    assert moved.started_at == datetime(2026, 11, 23, 17, tzinfo=UTC)  # still 18:00 in Berlin
    with runtime.uow() as uow:
        assert health.list_meals(uow, owner) == []
        assert [b.weight_kg for b in health.list_biometrics(uow, owner)] == [Decimal("80.20")]
    assert health_events(runtime)[3:] == [
        "health.biometric.updated",
        "health.workout.updated",
        "health.nutrition.deleted",
    ]


def test_another_user_can_neither_see_nor_touch_the_owners_health(runtime, owner, make_user):
    with runtime.uow() as uow:
        weighed = health.log_biometric(uow, owner, measured_on=TODAY, weight_kg=80)
        run = health.log_workout(
            uow, owner, workout_date=TODAY, workout_type="run", duration_minutes=30
        )
        inferred_run = infer_workout(uow, owner, start=datetime(2026, 11, 24, 6, tzinfo=UTC))
        lunch = health.log_meal(uow, owner, meal_date=TODAY, meal_type="lunch", calories_est=600)
        inferred_lunch = infer_meal(uow, owner, day=TODAY)
        uow.commit()
    mallory = make_user("mallory@example.com")
    with runtime.uow() as uow:
        assert health.list_biometrics(uow, mallory) == []
        assert health.list_workouts(uow, mallory) == []
        assert health.list_meals(uow, mallory) == []
        assert health.weekly_workout_summary(uow, mallory, day=TODAY).workouts == 0
        assert health.weight_trend(uow, mallory, today=TODAY).latest_kg is None
        assert all(
            d.meals == 0 for d in health.daily_calories(uow, mallory, start=TODAY, end=TODAY)
        )
        for attempt in (
            lambda: health.update_biometric(uow, mallory, weighed.id, weight_kg=60),
            lambda: health.delete_biometric(uow, mallory, weighed.id),
            lambda: health.update_workout(uow, mallory, run.id, duration_minutes=5),
            lambda: health.delete_workout(uow, mallory, run.id),
            lambda: health.set_workout_inferred_status(uow, mallory, inferred_run.id, "rejected"),
            lambda: health.update_meal(uow, mallory, lunch.id, calories_est=5000),
            lambda: health.delete_meal(uow, mallory, lunch.id),
            lambda: health.set_meal_inferred_status(uow, mallory, inferred_lunch.id, "rejected"),
        ):
            with pytest.raises(NotFound):
                attempt()
        uow.commit()
    with runtime.uow() as uow:
        assert [b.weight_kg for b in health.list_biometrics(uow, owner)] == [Decimal("80.00")]
        assert {w.duration_minutes for w in health.list_workouts(uow, owner)} == {30, 45}
        assert {(m.calories_est, m.inferred_status) for m in health.list_meals(uow, owner)} == {
            (600, None),
            (None, "inferred"),
        }
