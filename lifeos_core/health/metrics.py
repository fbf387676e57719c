"""Weekly workout totals, the weight trend and daily calories: pure functions over rows.

The weight trend works on daily means, so three weigh-ins on one day weigh as much as one
on another. A window of N days ends on ``today`` and includes it (7 days: today and the six
before). ``change`` over a window is the latest daily mean minus the earliest one in the
window, and is unknown with fewer than two weighed days in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENTS = Decimal("0.01")


def week_bounds(day: date) -> tuple[date, date]:
    """The Monday and Sunday of ``day``'s week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class TypeTotal:
    workout_type: str
    workouts: int
    minutes: int


@dataclass(frozen=True)
class WorkoutTotals:
    workouts: int
    minutes: int
    by_type: tuple[TypeTotal, ...]  # most minutes first


def workout_totals(workouts: Iterable[tuple[str, int | None]]) -> WorkoutTotals:
    """Totals of (workout_type, duration_minutes) rows; an unknown duration adds no minutes."""
    counts: dict[str, int] = defaultdict(int)
    minutes: dict[str, int] = defaultdict(int)
    for workout_type, duration in workouts:
        counts[workout_type] += 1
        minutes[workout_type] += duration or 0
    by_type = sorted(
        (TypeTotal(t, counts[t], minutes[t]) for t in counts),
        key=lambda total: (-total.minutes, -total.workouts, total.workout_type),
    )
    return WorkoutTotals(sum(counts.values()), sum(minutes.values()), tuple(by_type))


@dataclass(frozen=True)
class Trend:
    latest_kg: Decimal | None
    latest_on: date | None
    average_7d_kg: Decimal | None
    average_30d_kg: Decimal | None
    change_7d_kg: Decimal | None
    change_30d_kg: Decimal | None


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENTS, rounding=ROUND_HALF_UP)


def weight_trend(readings: Iterable[tuple[date, Decimal]], *, today: date) -> Trend:
    """The trend of (day, kg) readings as of ``today``; later readings are ignored."""
    per_day: dict[date, list[Decimal]] = defaultdict(list)
    for day, kg in readings:
        if day <= today:
            per_day[day].append(kg)
    daily = sorted((day, _mean(values)) for day, values in per_day.items())

    def window(days: int) -> list[Decimal]:
        first = today - timedelta(days=days - 1)
        return [kg for day, kg in daily if day >= first]

    def change(values: list[Decimal]) -> Decimal | None:
        return values[-1] - values[0] if len(values) >= 2 else None

    week, month = window(7), window(30)
    return Trend(
        latest_kg=_rounded(daily[-1][1]) if daily else None,
        latest_on=daily[-1][0] if daily else None,
        average_7d_kg=_rounded(_mean(week)) if week else None,
        average_30d_kg=_rounded(_mean(month)) if month else None,
        change_7d_kg=_rounded(change(week)),
        change_30d_kg=_rounded(change(month)),
    )


@dataclass(frozen=True)
class DayCalories:
    day: date
    calories: int
    meals: int


def daily_calories(
    meals: Iterable[tuple[date, int | None]], *, start: date, end: date
) -> list[DayCalories]:
    """Calories and meal count for every day from ``start`` to ``end``, empty days included.

    A meal without an estimate counts as a meal but adds no calories.
    """
    calories: dict[date, int] = defaultdict(int)
    counts: dict[date, int] = defaultdict(int)
    for day, kcal in meals:
        calories[day] += kcal or 0
        counts[day] += 1
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [DayCalories(day, calories[day], counts[day]) for day in days]
