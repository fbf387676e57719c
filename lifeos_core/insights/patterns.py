"""Pure computations the rules share: periods, streaks, crossings, baselines and trends.

Every insight about a threshold is described at its *crossing*: the first record, in
(date, id) order, at which the threshold is reached. That point depends on the records
alone, not on which event noticed it or in what batch, so live delivery and a replay from
the event history describe it the same way.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def consecutive_before(
    done: Callable[[date], bool], period: date, *, step_days: int, limit: int
) -> int:
    """How many periods in a row right before ``period`` are done (at most ``limit``)."""
    count = 0
    current = period - timedelta(days=step_days)
    while count < limit and done(current):
        count += 1
        current -= timedelta(days=step_days)
    return count


def first_reaching(values: Iterable[Decimal | int | float], threshold, *, strictly=False):
    """Index of the value at which the running total first reaches ``threshold`` (or passes
    it, when ``strictly``), with that total; (None, total) if it never does."""
    total = 0
    for index, value in enumerate(values):
        total += value
        if total > threshold or (not strictly and total == threshold):
            return index, total
    return None, total


def nth_distinct_day(days: Iterable[date], n: int) -> int | None:
    """Index of the item on which the n-th distinct day appears (items in date order)."""
    seen: set[date] = set()
    for index, day in enumerate(days):
        seen.add(day)
        if len(seen) == n:
            return index
    return None


@dataclass(frozen=True)
class Baseline:
    median: Decimal
    scale: float  # a robust standard deviation: 1.4826 x the median absolute deviation
    count: int


def robust_baseline(cents: Sequence[int]) -> Baseline:
    """Median and robust spread of amounts in cents (integers sort fast, and exactly). The
    spread is a statistic, not money, so it is a float; the median is exact money."""
    middle = statistics.median(cents)
    mad = statistics.median([abs(c - middle) for c in cents])
    median = (Decimal(int(middle * 2)) / 200).quantize(Decimal("0.01"))
    return Baseline(median=median, scale=mad * 1.4826 / 100, count=len(cents))


def is_unusually_high(value: Decimal, baseline: Baseline, *, ratio: float, spread: float) -> bool:
    """Far above the owner's own usual: at least ``ratio`` x the median and more than
    ``spread`` robust deviations above it (a near-constant baseline counts as 10% spread)."""
    median = float(baseline.median)
    scale = max(baseline.scale, median / 10)
    return float(value) >= median * ratio and float(value) > median + spread * scale


def window(rows: Sequence, dates: Sequence[date], start: date, end: date) -> Sequence:
    """The rows whose date (``dates``, sorted, parallel to ``rows``) lies in [start, end]."""
    return rows[bisect_left(dates, start) : bisect_right(dates, end)]


@dataclass(frozen=True)
class Change:
    first_day: date
    first_value: Decimal
    last_day: date
    last_value: Decimal
    days: int  # days with a reading

    @property
    def amount(self) -> Decimal:
        return self.last_value - self.first_value


def daily_mean_change(
    readings: Iterable[tuple[date, Decimal]], *, min_days: int, min_span_days: int
) -> Change | None:
    """Latest daily mean minus the earliest one, when the readings cover enough days."""
    per_day: dict[date, list[Decimal]] = {}
    for day, value in readings:
        per_day.setdefault(day, []).append(value)
    if len(per_day) < min_days:
        return None
    first, last = min(per_day), max(per_day)
    if (last - first).days < min_span_days:
        return None

    def mean(values: list[Decimal]) -> Decimal:
        return sum(values, Decimal(0)) / len(values)

    return Change(first, mean(per_day[first]), last, mean(per_day[last]), len(per_day))


def lapse_after_routine(
    active_days: Iterable[date], today: date, *, gap_days: int, routine_days: int, over_days: int
) -> tuple[date, int] | None:
    """(last active day, days since) when a routine stopped: ``routine_days`` active days in
    the ``over_days`` up to the last one, then nothing for ``gap_days`` or more."""
    days = sorted(d for d in set(active_days) if d <= today)
    if not days:
        return None
    last = days[-1]
    gap = (today - last).days
    if gap < gap_days:
        return None
    recent = [d for d in days if d > last - timedelta(days=over_days)]
    return (last, gap) if len(recent) >= routine_days else None
