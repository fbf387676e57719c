"""Hours, streaks and proficiency of a skill: pure functions over dated practice minutes.

A streak is a run of consecutive days, in the owner's time zone, with at least one counted
practice session. Today is still open: a run that reached yesterday is current until today
is over, and practising today extends it.

Proficiency follows the hours put in, unless the owner set a level themselves:

==============  ===================
level           total practice
==============  ===================
beginner        under 20 hours
intermediate    20 to under 100 h
advanced        100 to under 500 h
expert          500 hours or more
==============  ===================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

PROFICIENCY_LEVELS = ("beginner", "intermediate", "advanced", "expert")
# The fewest hours of practice each level needs.
PROFICIENCY_HOURS = {"beginner": 0, "intermediate": 20, "advanced": 100, "expert": 500}

ONE_DAY = timedelta(days=1)


def proficiency_for(total_minutes: int) -> str:
    """The level that ``total_minutes`` of practice has earned."""
    earned = "beginner"
    for level in PROFICIENCY_LEVELS:
        if total_minutes >= PROFICIENCY_HOURS[level] * 60:
            earned = level
    return earned


@dataclass(frozen=True)
class PracticeMetrics:
    total_minutes: int
    session_count: int
    current_streak_days: int
    longest_streak_days: int
    last_practiced_on: date | None


def compute_practice_metrics(
    sessions: Iterable[tuple[date, int | None]], *, today: date
) -> PracticeMetrics:
    """Metrics from (local day, minutes) sessions; sessions after ``today`` have not happened.

    A session of unknown length (``None`` minutes) counts as a session and a practice day but
    adds no time.
    """
    days: set[date] = set()
    total = count = 0
    for day, minutes in sessions:
        if day > today:
            continue
        days.add(day)
        total += minutes or 0
        count += 1
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous == day - ONE_DAY else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else today - ONE_DAY
    while day in days:
        current += 1
        day -= ONE_DAY
    return PracticeMetrics(
        total_minutes=total,
        session_count=count,
        current_streak_days=current,
        longest_streak_days=longest,
        last_practiced_on=max(days, default=None),
    )


def streak_on(current_streak_days: int, last_practiced_on: date | None, today: date) -> int:
    """A stored current streak as it stands on ``today``.

    Every write recomputes its skill, so between recomputations what time does to a streak is
    end it, once a whole day has passed without practice. (A session dated in the future
    starts to count only at the next recomputation, which the periodic task provides.)
    """
    if last_practiced_on is None or last_practiced_on < today - ONE_DAY:
        return 0
    return current_streak_days
