"""Cross-domain rules: lagged correlations between the owner's daily series.

Pairs: exercise against mood, energy against mood (LifeOS records no sleep, so the daily
energy level stands in for rest), and stress against spending. Each pair is tested at lags
0-3 days over the last 120 days, and only findings that survive the Benjamini-Hochberg
correction across every test are told, with their days, effect size, lag and q-value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from lifeos_core.auth.schemas import Actor
from lifeos_core.finance import service as finance
from lifeos_core.health import service as health
from lifeos_core.insights import correlations
from lifeos_core.insights.registry import Rule, expires_after
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.journal import service as journal
from lifeos_core.unit_of_work import UnitOfWork

WINDOW_DAYS = 120
MAX_EVIDENCE = 500  # ids per kind of record in an insight
PAIRS = (("exercise", "mood"), ("energy", "mood"), ("stress", "spending"))
MORE = {
    "exercise": "more exercise",
    "energy": "higher energy",
    "stress": "more stress",
}
OUTCOME = {"mood": "your mood", "spending": "your spending"}
KINDS = {
    "mood": "journal_entry",
    "exercise": "health_workout",
    "energy": "health_biometric",
    "stress": "health_biometric",
    "spending": "finance_transaction",
}
NO_SLEEP = " LifeOS records no sleep; your daily energy level is the nearest measure of rest."


def _means(points: Iterable[tuple[date, float]]) -> dict[date, float]:
    values: dict[date, list[float]] = defaultdict(list)
    for day, value in points:
        values[day].append(value)
    return {day: sum(v) / len(v) for day, v in values.items()}


def _zero_filled(totals: dict[date, float], last: date) -> dict[date, float]:
    """Daily totals with the days between the first one and ``last`` that had none as 0."""
    if not totals:
        return {}
    day, series = min(totals), {}
    while day <= last:
        series[day] = totals.get(day, 0.0)
        day += timedelta(days=1)
    return series


def daily_series(
    uow: UnitOfWork, actor: Actor, *, start: date, end: date
) -> tuple[dict[str, dict[date, float]], dict[str, list[int]]]:
    """The owner's daily series between ``start`` and ``end``, and the record ids behind each.

    Only records that count: manual and confirmed workouts and transactions.
    """
    moods = journal.mood_entries(uow, actor, start=start, end=end)
    workouts = health.counted_workouts(uow, actor, start=start, end=end)
    readings = health.biometric_readings(uow, actor, start=start, end=end)
    payments = [
        row
        for row in finance.counted_transactions(uow, actor, start=start, end=end)
        if row.amount < 0
    ]
    exercise: dict[date, float] = defaultdict(float)
    for row in workouts:
        exercise[row.workout_date] += row.duration_minutes or 0
    spending: dict[date, float] = defaultdict(float)
    for row in payments:
        spending[row.occurred_on] += float(-row.amount)
    series = {
        "mood": _means((e.entry_date, float(e.mood)) for e in moods),
        "exercise": _zero_filled(exercise, end),
        "energy": _means(
            (r.measured_on, float(r.energy_level)) for r in readings if r.energy_level is not None
        ),
        "stress": _means(
            (r.measured_on, float(r.stress_level)) for r in readings if r.stress_level is not None
        ),
        "spending": _zero_filled(spending, end),
    }
    ids = {
        "mood": [e.id for e in moods],
        "exercise": [w.id for w in workouts],
        "energy": [r.id for r in readings if r.energy_level is not None],
        "stress": [r.id for r in readings if r.stress_level is not None],
        "spending": [t.id for t in payments],
    }
    return series, ids


def _title(finding: correlations.Finding) -> str:
    direction = "higher" if finding.r > 0 else "lower"
    outcome = OUTCOME[finding.y]
    if finding.lag == 0:
        return f"On days with {MORE[finding.x]}, {outcome} tends to be {direction}"
    days = "day" if finding.lag == 1 else "days"
    return f"{finding.lag} {days} after {MORE[finding.x]}, {outcome} tends to be {direction}"


def correlations_found(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """Lagged correlations that survive the correction for testing every pair and lag.

    Once a month per pair; reported with the number of days, Spearman's r, the lag and the
    q-value, never without them.
    """
    end = today - timedelta(days=1)
    start = end - timedelta(days=WINDOW_DAYS - 1)
    series, ids = daily_series(uow, actor, start=start, end=end)
    tested = correlations.lagged_correlations(series, PAIRS)
    drafts = []
    for finding in correlations.reportable(tested):
        body = (
            f"Spearman r = {finding.r:+.2f} over {finding.n} days with a lag of {finding.lag} "
            f"{'day' if finding.lag == 1 else 'days'}; q = {finding.q:.3f} after a "
            f"Benjamini-Hochberg correction over {len(tested)} tests. A correlation, not "
            f"proof of cause."
        ) + (NO_SLEEP if "energy" in (finding.x, finding.y) else "")
        evidence: dict[str, list[int]] = defaultdict(list)
        for name in (finding.x, finding.y):
            evidence[KINDS[name]].extend(ids[name][:MAX_EVIDENCE])
        drafts.append(
            CORRELATIONS.draft(
                key=f"{finding.x}:{finding.y}:{today:%Y-%m}",
                title=_title(finding),
                body=body,
                evidence={kind: sorted(set(found)) for kind, found in evidence.items()},
                expires_at=expires_after(today, actor.timezone, 35),
                x=finding.x,
                y=finding.y,
                lag_days=finding.lag,
                n=finding.n,
                r=round(finding.r, 3),
                p=float(f"{finding.p:.3g}"),
                q=float(f"{finding.q:.3g}"),
                tests=len(tested),
                window_start=start.isoformat(),
                window_end=end.isoformat(),
            )
        )
    return drafts


CORRELATIONS = Rule(
    name="correlation",
    version=1,
    domain="cross-domain",
    summary=(
        "Mood against exercise and energy, spending against stress: lagged correlations "
        "that survive a correction for testing many pairs."
    ),
    derive=correlations_found,
    risky=True,
)

RULES = (CORRELATIONS,)
