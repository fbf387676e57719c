"""Streaks, completion and strength honour the habit's schedule."""

from __future__ import annotations

from datetime import date, timedelta

from lifeos_core.habits.metrics import HabitSchedule, compute_metrics

DAILY = HabitSchedule("daily", 1)
THREE_A_WEEK = HabitSchedule("n_per_week", 3)
MON = date(2026, 11, 2)  # a Monday


def days(*offsets: int, start: date = MON) -> list[tuple[date, int]]:
    return [(start + timedelta(days=o), 1) for o in offsets]


def test_daily_streak_counts_back_from_yesterday_while_today_is_open():
    logs = days(0, 1, 2, 4, 5, 6)  # Mon-Wed, gap Thu, Fri-Sun
    metrics = compute_metrics(DAILY, logs, start=MON, today=MON + timedelta(days=7))
    assert (metrics.current_streak, metrics.longest_streak) == (3, 3)


def test_a_missed_day_ends_the_current_streak():
    metrics = compute_metrics(DAILY, days(0, 1, 2), start=MON, today=MON + timedelta(days=4))
    assert (metrics.current_streak, metrics.longest_streak) == (0, 3)


def test_logging_today_extends_the_streak():
    metrics = compute_metrics(DAILY, days(0, 1, 2), start=MON, today=MON + timedelta(days=2))
    assert metrics.current_streak == 3


def test_three_times_a_week_streak_spans_weeks_whatever_the_days():
    # week 1: Mon Wed Fri; week 2: Sat Sun + next Mon? no: Tue Thu Sun; week 3: in progress (1)
    logs = days(0, 2, 4) + days(8, 10, 13) + days(15)
    metrics = compute_metrics(THREE_A_WEEK, logs, start=MON, today=MON + timedelta(days=16))
    assert (metrics.current_streak, metrics.longest_streak) == (2, 2)
    assert metrics.completion_rate == 1.0  # the open week does not count against it


def test_a_short_week_breaks_a_weekly_streak():
    logs = days(0, 2, 4) + days(8, 10) + days(14, 16, 18)  # week 2 has only two
    metrics = compute_metrics(THREE_A_WEEK, logs, start=MON, today=MON + timedelta(days=20))
    assert (metrics.current_streak, metrics.longest_streak) == (1, 1)
    assert metrics.completion_rate == round(2 / 3, 4)


def test_strength_forgives_one_miss_but_not_a_lapse():
    today = MON + timedelta(days=59)
    perfect = compute_metrics(DAILY, days(*range(60)), start=MON, today=today).strength
    one_miss = compute_metrics(
        DAILY, days(*[d for d in range(60) if d != 40]), start=MON, today=today
    ).strength
    lapsed = compute_metrics(DAILY, days(*range(45)), start=MON, today=today).strength
    assert perfect > one_miss > lapsed
    assert perfect - one_miss < 0.06  # one miss is a dent
    assert one_miss - lapsed > 0.2  # two weeks off is a drop
    assert compute_metrics(DAILY, [], start=MON, today=today).strength == 0
