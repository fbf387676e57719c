"""Hours, streaks and proficiency of a skill, as pure functions."""

from __future__ import annotations

import typing
from datetime import date, timedelta

import pytest

from lifeos_core.skills.metrics import (
    PROFICIENCY_LEVELS,
    compute_practice_metrics,
    proficiency_for,
    streak_on,
)
from lifeos_core.skills.schemas import Level

MON = date(2026, 11, 2)  # a Monday


def on(*offsets: int, minutes: int | None = 30) -> list[tuple[date, int | None]]:
    return [(MON + timedelta(days=o), minutes) for o in offsets]


def test_hours_add_up_and_two_sessions_on_one_day_are_one_streak_day():
    metrics = compute_practice_metrics(on(0, 0, 1, minutes=45), today=MON + timedelta(days=1))
    assert (metrics.total_minutes, metrics.session_count) == (135, 3)
    assert (metrics.current_streak_days, metrics.longest_streak_days) == (2, 2)
    assert metrics.last_practiced_on == MON + timedelta(days=1)


def test_today_still_open_does_not_break_the_streak():
    sessions = on(0, 1, 2, 4, 5, 6)  # Mon-Wed, no Thursday, Fri-Sun
    metrics = compute_practice_metrics(sessions, today=MON + timedelta(days=7))
    assert (metrics.current_streak_days, metrics.longest_streak_days) == (3, 3)


def test_practising_today_extends_the_streak():
    metrics = compute_practice_metrics(on(4, 5, 6, 7), today=MON + timedelta(days=7))
    assert metrics.current_streak_days == 4


def test_a_whole_day_without_practice_ends_the_current_streak_but_not_the_longest():
    metrics = compute_practice_metrics(on(0, 1, 2, 3, 4), today=MON + timedelta(days=6))
    assert (metrics.current_streak_days, metrics.longest_streak_days) == (0, 5)


def test_sessions_after_today_have_not_happened_yet():
    metrics = compute_practice_metrics(on(0, 1, 3), today=MON + timedelta(days=1))
    assert (metrics.total_minutes, metrics.session_count) == (60, 2)
    assert metrics.last_practiced_on == MON + timedelta(days=1)


def test_a_session_of_unknown_length_keeps_the_streak_but_adds_no_time():
    sessions = on(0) + on(1, minutes=None)
    metrics = compute_practice_metrics(sessions, today=MON + timedelta(days=1))
    assert (metrics.total_minutes, metrics.session_count, metrics.current_streak_days) == (30, 2, 2)


def test_no_practice_means_zeroes():
    metrics = compute_practice_metrics([], today=MON)
    assert (metrics.total_minutes, metrics.current_streak_days, metrics.longest_streak_days) == (
        0,
        0,
        0,
    )
    assert metrics.last_practiced_on is None


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        (0, "beginner"),
        (19.99, "beginner"),
        (20, "intermediate"),
        (99.5, "intermediate"),
        (100, "advanced"),
        (499, "advanced"),
        (500, "expert"),
        (10_000, "expert"),
    ],
)
def test_proficiency_follows_the_documented_hour_thresholds(hours, level):
    assert proficiency_for(int(hours * 60)) == level


def test_a_stored_streak_lapses_once_a_whole_day_passes_without_practice():
    last = MON + timedelta(days=6)
    assert streak_on(7, last, today=last) == 7
    assert streak_on(7, last, today=last + timedelta(days=1)) == 7  # today is still open
    assert streak_on(7, last, today=last + timedelta(days=2)) == 0
    assert streak_on(0, None, today=last) == 0


def test_the_input_schema_offers_exactly_the_metric_levels():
    assert typing.get_args(Level) == PROFICIENCY_LEVELS
