"""Streaks, completion rate and strength of a habit: pure functions over dated counts.

The strength score follows Loop Habit Tracker: an exponential moving average over days,
``score = score * m + value * (1 - m)`` with ``m = 0.5 ** (sqrt(frequency) / 13)``, where
``frequency`` is the expected check-ins per day. A single miss dents it a little; a long run
of misses drains it; it never jumps to zero like a streak does.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class HabitSchedule:
    schedule_type: str  # daily | weekly | n_per_week
    target_count: int

    @property
    def period_days(self) -> int:
        return 1 if self.schedule_type == "daily" else 7

    @property
    def per_day(self) -> float:
        return self.target_count / self.period_days

    def period_start(self, day: date) -> date:
        return day if self.period_days == 1 else day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Metrics:
    current_streak: int  # in periods (days for daily habits, weeks otherwise)
    longest_streak: int
    completion_rate: float  # completed periods / elapsed periods, 0..1
    strength: float  # 0..1
    total_check_ins: int


def compute_metrics(
    schedule: HabitSchedule, logs: Iterable[tuple[date, int]], *, start: date, today: date
) -> Metrics:
    """Metrics from (day, value) check-ins between ``start`` and ``today`` inclusive."""
    per_period: Counter[date] = Counter()
    total = 0
    for day, value in logs:
        if start <= day <= today:
            per_period[schedule.period_start(day)] += value
            total += value
    first = schedule.period_start(start)
    current = schedule.period_start(today)
    periods = []
    period = first
    while period <= current:
        periods.append(period)
        period += timedelta(days=schedule.period_days)

    def done(p: date) -> bool:
        return per_period[p] >= schedule.target_count

    # The current period is still open: it extends a streak when done, never breaks one.
    closed = periods[:-1] if periods and not done(periods[-1]) else periods
    longest = run = 0
    for p in closed:
        run = run + 1 if done(p) else 0
        longest = max(longest, run)
    current_streak = 0
    for p in reversed(closed):
        if not done(p):
            break
        current_streak += 1
    rate = sum(done(p) for p in closed) / len(closed) if closed else 0.0
    return Metrics(
        current_streak=current_streak,
        longest_streak=longest,
        completion_rate=round(rate, 4),
        strength=round(_strength(schedule, per_period, first, today), 4),
        total_check_ins=total,
    )


def _strength(schedule: HabitSchedule, per_period: Counter, first: date, today: date) -> float:
    multiplier = 0.5 ** (math.sqrt(schedule.per_day) / 13)
    score = 0.0
    day = first
    while day <= today:
        period = schedule.period_start(day)
        value = min(1.0, per_period[period] / schedule.target_count)
        score = score * multiplier + value * (1 - multiplier)
        day += timedelta(days=1)
    return score
