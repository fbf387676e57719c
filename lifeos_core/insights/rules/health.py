"""Health rules: the weight trend, and workout consistency (weeks in a row with enough
workout days, and a routine that stopped)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from lifeos_core.auth.schemas import Actor
from lifeos_core.events.base import DomainEvent
from lifeos_core.health import service as health
from lifeos_core.health.events import BiometricLogged, BiometricUpdated, WorkoutLogged
from lifeos_core.insights import patterns
from lifeos_core.insights.registry import Rule, expires_after
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.unit_of_work import UnitOfWork

TREND_DAYS = 30
TREND_MIN_DAYS = 3  # weighed days in the window
TREND_MIN_SPAN_DAYS = 14  # between the first and the last of them
TREND_KG = Decimal("2.0")

ACTIVE_WEEK_DAYS = 3  # days with a workout that make a week count
STREAK_WEEKS = (2, 4, 8, 12, 26, 52, 78, 104)
LAPSE_DAYS = 10  # without a workout, after ...
ROUTINE_DAYS = 6  # ... workout days in the 28 before the last one
ROUTINE_SPAN_DAYS = 28


def weight_trend(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """Weight 2 kg or more down (or up) over 30 days: at most once a week per direction.

    The change is the latest daily mean minus the earliest in the 30 days up to a weigh-in,
    with at least three weighed days two weeks apart. In each week the insight describes
    the first weigh-in at which it held, counting only readings up to that one.
    """
    ids: dict[int, DomainEvent] = {}
    for event in events:
        if (isinstance(event, BiometricLogged) and event.weight is not None) or isinstance(
            event, BiometricUpdated
        ):
            ids.setdefault(event.biometric_id, event)
    if not ids:
        return []
    weeks: dict[date, DomainEvent] = {}
    for row in health.biometric_readings(uow, actor, ids=list(ids), weighed_only=True):
        weeks.setdefault(patterns.monday(row.measured_on), ids[row.id])
    if not weeks:
        return []
    readings = health.biometric_readings(
        uow,
        actor,
        start=min(weeks) - timedelta(days=TREND_DAYS - 1),
        end=max(weeks) + timedelta(days=6),
        weighed_only=True,
    )
    dates = [row.measured_on for row in readings]
    drafts = []
    for week, source in sorted(weeks.items()):
        found: dict[str, tuple] = {}
        for index, row in enumerate(readings):
            if not week <= row.measured_on <= week + timedelta(days=6):
                continue
            # The window's readings up to this one (readings are in (date, id) order).
            start = bisect_left(dates, row.measured_on - timedelta(days=TREND_DAYS - 1))
            upto = readings[start : index + 1]
            change = patterns.daily_mean_change(
                ((r.measured_on, r.weight_kg) for r in upto),
                min_days=TREND_MIN_DAYS,
                min_span_days=TREND_MIN_SPAN_DAYS,
            )
            if change is None or abs(change.amount) < TREND_KG:
                continue
            found.setdefault("down" if change.amount < 0 else "up", (change, upto))
        for direction, (change, upto) in sorted(found.items()):
            drafts.append(
                (
                    WEIGHT_TREND.draft(
                        key=f"{week}:{direction}",
                        title=f"Weight {direction} {abs(change.amount):.1f} kg in 30 days",
                        body=(
                            f"From {change.first_value:.1f} kg on {change.first_day:%d %b} to "
                            f"{change.last_value:.1f} kg on {change.last_day:%d %b}, "
                            f"over {change.days} weighed days."
                        ),
                        evidence={"health_biometric": [r.id for r in upto]},
                        expires_at=expires_after(week + timedelta(days=6), actor.timezone, 14),
                        direction=direction,
                        change_kg=f"{change.amount:.2f}",
                        from_kg=f"{change.first_value:.2f}",
                        to_kg=f"{change.last_value:.2f}",
                        from_date=change.first_day.isoformat(),
                        to_date=change.last_day.isoformat(),
                        week_start=week.isoformat(),
                    ),
                    source,
                )
            )
    return drafts


def workout_streak(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """2, 4, 8, 12, 26, 52 ... weeks in a row with workouts on at least three days.

    Only manual and confirmed workouts count. The insight is described at the workout that
    made the week count, with the week's workouts up to it as evidence.
    """
    weeks: dict[date, DomainEvent] = {}
    for event in events:
        if isinstance(event, WorkoutLogged):
            weeks.setdefault(patterns.monday(event.date), event)
    if not weeks:
        return []
    lookback = min(weeks) - timedelta(weeks=max(STREAK_WEEKS))
    days_by_week: dict[date, set[date]] = defaultdict(set)
    for row in health.workout_day_totals(
        uow, actor, start=lookback, end=max(weeks) + timedelta(days=6)
    ):
        days_by_week[patterns.monday(row.workout_date)].add(row.workout_date)
    workouts_by_week: dict[date, list] = defaultdict(list)
    for row in health.counted_workouts(
        uow, actor, start=min(weeks), end=max(weeks) + timedelta(days=6)
    ):
        workouts_by_week[patterns.monday(row.workout_date)].append(row)

    def active(week: date) -> bool:
        return len(days_by_week.get(week, ())) >= ACTIVE_WEEK_DAYS

    drafts = []
    for week, source in sorted(weeks.items()):
        workouts = workouts_by_week.get(week, [])
        crossing = patterns.nth_distinct_day((w.workout_date for w in workouts), ACTIVE_WEEK_DAYS)
        if crossing is None:
            continue
        streak = 1 + patterns.consecutive_before(active, week, step_days=7, limit=max(STREAK_WEEKS))
        if streak not in STREAK_WEEKS:
            continue
        since = week - timedelta(weeks=streak - 1)
        used = workouts[: crossing + 1]
        drafts.append(
            (
                WORKOUT_STREAK.draft(
                    key=f"{since}:{streak}",
                    title=f"{streak} weeks in a row with {ACTIVE_WEEK_DAYS}+ workout days",
                    body=(
                        f"Every week since {since:%d %b %Y} has had workouts on at least "
                        f"{ACTIVE_WEEK_DAYS} days; this week got there on "
                        f"{used[-1].workout_date:%A}."
                    ),
                    severity="positive",
                    evidence={"health_workout": [w.id for w in used]},
                    expires_at=expires_after(week + timedelta(days=6), actor.timezone, 14),
                    weeks=streak,
                    since=since.isoformat(),
                    week_start=week.isoformat(),
                ),
                source,
            )
        )
    return drafts


def workout_lapse(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """A workout routine stopped: 10 days without one after 6+ workout days in 4 weeks."""
    start = today - timedelta(days=LAPSE_DAYS + ROUTINE_SPAN_DAYS + 60)
    days = {
        row.workout_date for row in health.workout_day_totals(uow, actor, start=start, end=today)
    }
    lapse = patterns.lapse_after_routine(
        days, today, gap_days=LAPSE_DAYS, routine_days=ROUTINE_DAYS, over_days=ROUTINE_SPAN_DAYS
    )
    if lapse is None:
        return []
    last, gap = lapse
    recent = [d for d in days if last - timedelta(days=ROUTINE_SPAN_DAYS) < d <= last]
    workouts = health.counted_workouts(uow, actor, start=last, end=last)
    return [
        WORKOUT_LAPSE.draft(
            key=last.isoformat(),
            title=f"No workout for {gap} days",
            body=(
                f"Your last one was on {last:%A %d %b}, after workouts on {len(recent)} days "
                f"in the four weeks before it."
            ),
            severity="info",
            evidence={"health_workout": [w.id for w in workouts]},
            expires_at=expires_after(today, actor.timezone, 7),
            last_workout_on=last.isoformat(),
            days_since=gap,
        )
    ]


WEIGHT_TREND = Rule(
    name="weight_trend",
    version=1,
    domain="health",
    summary="Your weight moved 2 kg or more over 30 days.",
    derive=weight_trend,
    triggers=(BiometricLogged.event_type, BiometricUpdated.event_type),
    risky=True,
)
WORKOUT_STREAK = Rule(
    name="workout_streak",
    version=1,
    domain="health",
    summary="Weeks in a row with workouts on at least three days.",
    derive=workout_streak,
    triggers=(WorkoutLogged.event_type,),
)
WORKOUT_LAPSE = Rule(
    name="workout_lapse",
    version=1,
    domain="health",
    summary="Ten days without a workout after a regular routine.",
    derive=workout_lapse,
)

RULES = (WEIGHT_TREND, WORKOUT_STREAK, WORKOUT_LAPSE)
