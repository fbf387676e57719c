"""Weekly workout totals, the weight trend and daily calories, without a database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lifeos_core.health.metrics import daily_calories, week_bounds, weight_trend, workout_totals

WEDNESDAY = date(2026, 11, 25)


def kg(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def test_a_week_runs_monday_to_sunday_whatever_the_day():
    assert week_bounds(WEDNESDAY) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week_bounds(date(2026, 11, 23)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week_bounds(date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 29))


def test_workout_totals_group_by_type_with_the_most_minutes_first():
    totals = workout_totals([("run", 30), ("yoga", 60), ("run", 45), ("climbing", None)])
    assert (totals.workouts, totals.minutes) == (4, 135)
    assert [(t.workout_type, t.workouts, t.minutes) for t in totals.by_type] == [
        ("run", 2, 75),
        ("yoga", 1, 60),
        ("climbing", 1, 0),  # an unknown duration still counts as a workout
    ]
    assert workout_totals([]).by_type == ()


def test_weight_trend_of_a_steady_loss():
    # One weigh-in a day for 30 days, from 83.0 down by 0.1 kg a day to 80.1 today.
    readings = [(WEDNESDAY - timedelta(days=29 - n), Decimal("83.0") - Decimal("0.1") * n)
                for n in range(30)]  # fmt: skip
    trend = weight_trend(readings, today=WEDNESDAY)
    assert (trend.latest_kg, trend.latest_on) == (Decimal("80.10"), WEDNESDAY)
    assert trend.average_7d_kg == Decimal("80.40")  # 80.7 .. 80.1
    assert trend.average_30d_kg == Decimal("81.55")  # 83.0 .. 80.1
    assert trend.change_7d_kg == Decimal("-0.60")
    assert trend.change_30d_kg == Decimal("-2.90")


def test_a_day_with_many_weigh_ins_counts_as_its_mean():
    readings = [(WEDNESDAY - timedelta(days=1), Decimal("80"))] + [
        (WEDNESDAY, v) for v in kg("81", "82", "83")
    ]
    trend = weight_trend(readings, today=WEDNESDAY)
    assert trend.latest_kg == Decimal("82.00")
    assert trend.average_7d_kg == Decimal("81.00")  # (80 + 82) / 2, not (80+81+82+83) / 4


def test_one_weighed_day_has_a_weight_but_no_change():
    trend = weight_trend([(WEDNESDAY - timedelta(days=10), Decimal("75.5"))], today=WEDNESDAY)
    assert (trend.latest_kg, trend.average_30d_kg) == (Decimal("75.50"), Decimal("75.50"))
    assert trend.average_7d_kg is None  # nothing in the last 7 days
    assert trend.change_7d_kg is None and trend.change_30d_kg is None


def test_averages_round_half_up_to_ten_grams():
    trend = weight_trend(
        [(WEDNESDAY, Decimal("70.00")), (WEDNESDAY - timedelta(days=1), Decimal("70.01"))],
        today=WEDNESDAY,
    )
    assert trend.average_7d_kg == Decimal("70.01")  # 70.005


def test_daily_calories_list_every_day_and_count_meals_without_an_estimate():
    monday = date(2026, 11, 23)
    days = daily_calories(
        [(monday, 500), (monday, None), (WEDNESDAY, 700), (WEDNESDAY, 300)],
        start=monday,
        end=WEDNESDAY,
    )
    assert [(d.day.day, d.calories, d.meals) for d in days] == [
        (23, 500, 2),
        (24, 0, 0),
        (25, 1000, 2),
    ]
