"""The pure arithmetic under the insight rules: crossings, baselines, lapses, correlations."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from lifeos_core.insights import correlations, patterns

DAY = date(2026, 9, 1)


def test_a_running_total_crosses_where_it_first_passes_the_threshold():
    assert patterns.first_reaching([120, 95, 110, 40], 300, strictly=True) == (2, 325)
    assert patterns.first_reaching([100, 200], 300) == (1, 300)
    assert patterns.first_reaching([100, 200], 300, strictly=True) == (None, 300)


def test_the_third_distinct_day_is_where_a_week_starts_to_count():
    days = [DAY, DAY, DAY + timedelta(days=2), DAY + timedelta(days=4), DAY + timedelta(days=5)]
    assert patterns.nth_distinct_day(days, 3) == 3
    assert patterns.nth_distinct_day(days[:3], 3) is None


def test_months_and_weeks_have_the_right_ends():
    assert patterns.month_end(date(2028, 2, 10)) == date(2028, 2, 29)
    assert patterns.month_end(date(2026, 12, 31)) == date(2026, 12, 31)
    assert patterns.monday(date(2026, 11, 29)) == date(2026, 11, 23)


def test_an_outlier_stands_out_from_a_robust_baseline_and_a_usual_value_does_not():
    usual = [2800, 3150, 3000, 2640, 3300, 2990, 3210, 2750]  # cents
    baseline = patterns.robust_baseline(usual)
    assert baseline.median == Decimal("29.95")
    high = dict(ratio=2.0, spread=4.0)
    assert patterns.is_unusually_high(Decimal("240"), baseline, **high)
    assert not patterns.is_unusually_high(Decimal("45"), baseline, **high)
    assert patterns.robust_baseline([1001, 1002]).median == Decimal("10.02")  # 10.015, rounded
    flat = patterns.robust_baseline([1000] * 8)  # no spread at all
    assert not patterns.is_unusually_high(Decimal("14"), flat, **high)
    assert patterns.is_unusually_high(Decimal("25"), flat, **high)


def test_a_routine_that_stopped_is_a_lapse_and_a_short_break_is_not():
    routine = [DAY + timedelta(days=d) for d in range(0, 28, 3)]  # ten days in four weeks
    last = routine[-1]
    assert patterns.lapse_after_routine(
        routine, last + timedelta(days=10), gap_days=10, routine_days=6, over_days=28
    ) == (last, 10)
    assert (
        patterns.lapse_after_routine(
            routine, last + timedelta(days=9), gap_days=10, routine_days=6, over_days=28
        )
        is None
    )
    occasional = routine[::3]
    assert (
        patterns.lapse_after_routine(
            occasional, last + timedelta(days=30), gap_days=10, routine_days=6, over_days=28
        )
        is None
    )


def test_benjamini_hochberg_q_values_follow_the_step_up_rule():
    p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240]
    q = correlations.benjamini_hochberg(p)
    assert [round(v, 4) for v in q[:4]] == [0.001, 0.002, 0.0063, 0.0238]
    # p x m / rank, but never above the q of a larger p: 0.0278 x 10 / 6 = 0.0463 -> 0.0426.
    assert round(q[5], 4) == round(0.0298 * 10 / 7, 4) == 0.0426
    assert sum(v <= 0.05 for v in q) == 8  # 0.0459 x 10 / 9 = 0.051 does not survive
    assert q == sorted(q)  # monotone in p
    assert correlations.benjamini_hochberg([0.5, 0.01]) == [0.5, 0.02]


def series(values):
    return {DAY + timedelta(days=i): float(v) for i, v in enumerate(values)}


def test_a_planted_lagged_correlation_is_found_with_its_lag_size_and_days():
    rng = random.Random(7)
    exercise = [rng.choice([0, 0, 20, 45, 60]) for _ in range(90)]
    # Mood follows the day before's exercise, with noise.
    mood = [6] + [4 + exercise[i - 1] / 15 + rng.gauss(0, 0.6) for i in range(1, 90)]
    tested = correlations.lagged_correlations(
        {"exercise": series(exercise), "mood": series(mood)}, [("exercise", "mood")]
    )
    [finding] = correlations.reportable(tested)
    assert (finding.x, finding.y, finding.lag) == ("exercise", "mood", 1)
    assert finding.n == 89 and finding.r > 0.8 and finding.q < 0.001
    assert len(tested) == 4  # one test per lag, all corrected together


def test_noise_reports_nothing_after_the_correction():
    rng = random.Random(11)
    data = {name: series(rng.gauss(5, 2) for _ in range(120)) for name in "abcdef"}
    pairs = [("a", "b"), ("c", "d"), ("e", "f"), ("a", "f")]
    tested = correlations.lagged_correlations(data, pairs)
    assert len(tested) == 16
    assert correlations.reportable(tested) == []


def test_too_few_days_or_a_constant_series_are_not_tested():
    short = {"x": series(range(10)), "y": series(range(10))}
    assert correlations.lagged_correlations(short, [("x", "y")]) == []
    flat = {"x": series([3] * 40), "y": series(range(40))}
    assert correlations.lagged_correlations(flat, [("x", "y")]) == []


@pytest.mark.parametrize("lag", [0, 2])
def test_pairs_line_up_x_before_y_by_the_lag(lag):
    xs, ys = correlations.paired(series([1, 2, 3, 4]), series([10, 20, 30, 40]), lag)
    assert list(zip(xs, ys, strict=True)) == list(
        zip([1, 2, 3, 4][: 4 - lag], [10, 20, 30, 40][lag:], strict=True)
    )
