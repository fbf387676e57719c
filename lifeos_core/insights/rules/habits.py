"""Habit rules: streak milestones, and a habit slipping after a good run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar.events import InterpretationConfirmed
from lifeos_core.events.base import DomainEvent
from lifeos_core.habits import service as habits
from lifeos_core.habits.events import HabitInferred, HabitLogged
from lifeos_core.habits.metrics import HabitSchedule
from lifeos_core.insights import patterns
from lifeos_core.insights.registry import Rule, expires_after
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.unit_of_work import UnitOfWork

DAILY_MILESTONES = (7, 14, 21, 30, 50, 100, 150, 200, 250, 300, 365)
WEEKLY_MILESTONES = (4, 8, 12, 26, 52, 104)
RECENT_DAYS = 14  # a daily habit's recent completion, against ...
BEFORE_DAYS = 28  # ... the four weeks before
GOOD_RATE = 0.7
SLIP = 0.4  # the drop in completion rate that counts as slipping
FIRST_LOOKBACK_PERIODS = 16


def _milestones(schedule: HabitSchedule) -> tuple[int, ...]:
    return DAILY_MILESTONES if schedule.period_days == 1 else WEEKLY_MILESTONES


def _unit(schedule: HabitSchedule, n: int) -> str:
    if schedule.period_days == 1:
        return f"{n}-day streak"
    return f"{n} weeks in a row"


def log_triggers(events: Sequence[DomainEvent]) -> dict[int, DomainEvent]:
    """habit log id -> the first event saying it now counts."""
    found: dict[int, DomainEvent] = {}
    for event in events:
        match event:
            case HabitLogged():
                found.setdefault(event.log_id, event)
            case HabitInferred(status="confirmed"):
                found.setdefault(event.log_id, event)
            case InterpretationConfirmed(record_type="habits/habit_log", record_id=int()):
                found.setdefault(event.record_id, event)
    return found


def habit_streak(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """A habit's streak reaches 7, 14, 21, 30, 50, 100 ... days (4, 8, 12 ... weeks).

    Only manual and confirmed check-ins count. Described at the check-in that completed the
    period, with that period's check-ins up to it as evidence.
    """
    triggers = log_triggers(events)
    if not triggers:
        return []
    known = {h.id: h for h in habits.list_habits(uow, actor, include_inactive=True)}
    schedules = {
        habit_id: HabitSchedule(habit.schedule_type, habit.target_count)
        for habit_id, habit in known.items()
    }
    periods: dict[tuple[int, date], DomainEvent] = {}
    for row in habits.counted_logs(uow, actor, ids=list(triggers)):
        if row.habit_id in schedules:
            start = schedules[row.habit_id].period_start(row.logged_date)
            periods.setdefault((row.habit_id, start), triggers[row.id])
    if not periods:
        return []
    habit_ids = sorted({h for h, _ in periods})
    last = max(start + timedelta(days=schedules[h].period_days - 1) for h, start in periods)
    # Read back only as far as the streaks go: a few weeks first, further only for a streak
    # that runs into the edge of what was read.
    reach = FIRST_LOOKBACK_PERIODS
    while True:
        lookback = min(
            start - timedelta(days=schedules[h].period_days * reach) for h, start in periods
        )
        done_value: dict[tuple[int, date], int] = defaultdict(int)
        logs: dict[tuple[int, date], list] = defaultdict(list)
        for row in habits.counted_logs(uow, actor, habit_ids=habit_ids, start=lookback, end=last):
            period = schedules[row.habit_id].period_start(row.logged_date)
            done_value[(row.habit_id, period)] += row.value
            logs[(row.habit_id, period)].append(row)
        streaks: dict[tuple[int, date], int] = {}
        for habit_id, period in periods:
            schedule = schedules[habit_id]

            def done(p: date, habit_id=habit_id, schedule=schedule, values=done_value) -> bool:
                return values.get((habit_id, p), 0) >= schedule.target_count

            limit = max(_milestones(schedule))
            streaks[(habit_id, period)] = 1 + patterns.consecutive_before(
                done, period, step_days=schedule.period_days, limit=limit
            )
        if reach >= max(WEEKLY_MILESTONES[-1], DAILY_MILESTONES[-1]) or not any(
            streak <= max(_milestones(schedules[h]))
            and period - timedelta(days=schedules[h].period_days * streak) < lookback
            for (h, period), streak in streaks.items()
        ):
            break
        reach *= 4
    drafts = []
    for (habit_id, period), source in sorted(periods.items(), key=lambda item: item[0]):
        schedule = schedules[habit_id]
        in_period = logs.get((habit_id, period), [])
        crossing, _ = patterns.first_reaching((r.value for r in in_period), schedule.target_count)
        if crossing is None:
            continue

        streak = streaks[(habit_id, period)]
        if streak not in _milestones(schedule):
            continue
        since = period - timedelta(days=schedule.period_days * (streak - 1))
        name = known[habit_id].name
        used = in_period[: crossing + 1]
        drafts.append(
            (
                HABIT_STREAK.draft(
                    key=f"{habit_id}:{since}:{streak}",
                    title=f"{name}: {_unit(schedule, streak)}",
                    body=f"Done every {'day' if schedule.period_days == 1 else 'week'} since {since:%d %b %Y}.",
                    severity="positive",
                    evidence={"habit": [habit_id], "habit_log": [r.id for r in used]},
                    expires_at=expires_after(
                        period + timedelta(days=schedule.period_days - 1), actor.timezone, 14
                    ),
                    habit_id=habit_id,
                    streak=streak,
                    unit="days" if schedule.period_days == 1 else "weeks",
                    since=since.isoformat(),
                ),
                source,
            )
        )
    return drafts


def habit_decay(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """A habit done on most days slips: its completion in the last two weeks fell by 40
    points or more from the four weeks before. At most once a week per habit."""
    active = [h for h in habits.list_habits(uow, actor) if h.is_active]
    if not active:
        return []
    schedules = {h.id: HabitSchedule(h.schedule_type, h.target_count) for h in active}
    # Closed periods only: up to yesterday for daily habits, up to last week for the others.
    start = patterns.monday(today) - timedelta(days=RECENT_DAYS + BEFORE_DAYS + 7)
    values: dict[tuple[int, date], int] = defaultdict(int)
    ids: dict[tuple[int, date], list[int]] = defaultdict(list)
    for row in habits.counted_logs(
        uow, actor, habit_ids=sorted(schedules), start=start, end=today - timedelta(days=1)
    ):
        period = schedules[row.habit_id].period_start(row.logged_date)
        values[(row.habit_id, period)] += row.value
        ids[(row.habit_id, period)].append(row.id)
    drafts = []
    for habit in sorted(active, key=lambda h: h.id):
        schedule = schedules[habit.id]
        step = schedule.period_days
        end = today - timedelta(days=1) if step == 1 else patterns.monday(today) - timedelta(days=7)
        recent = [end - timedelta(days=step * i) for i in range(RECENT_DAYS // step)]
        before = [recent[-1] - timedelta(days=step * (i + 1)) for i in range(BEFORE_DAYS // step)]

        def rate(periods: list[date], habit_id=habit.id, target=schedule.target_count) -> float:
            return sum(values[(habit_id, p)] >= target for p in periods) / len(periods)

        recent_rate, before_rate = rate(recent), rate(before)
        if before_rate < GOOD_RATE or recent_rate > before_rate - SLIP:
            continue
        unit = "days" if step == 1 else "weeks"
        recent_done = round(recent_rate * len(recent))
        before_done = round(before_rate * len(before))
        drafts.append(
            HABIT_DECAY.draft(
                key=f"{habit.id}:{patterns.monday(today)}",
                title=f"{habit.name} is slipping",
                body=(
                    f"Done on {recent_done} of the last {len(recent)} {unit}, after "
                    f"{before_done} of {len(before)} in the {unit} before."
                ),
                severity="warning",
                evidence={
                    "habit": [habit.id],
                    "habit_log": sorted(i for p in recent for i in ids[(habit.id, p)]),
                },
                expires_at=expires_after(today, actor.timezone, 7),
                habit_id=habit.id,
                recent_rate=round(recent_rate, 2),
                before_rate=round(before_rate, 2),
            )
        )
    return drafts


HABIT_STREAK = Rule(
    name="habit_streak",
    version=1,
    domain="habits",
    summary="A habit's streak reaches a milestone (7, 14, 21, 30 ... days; 4, 8, 12 ... weeks).",
    derive=habit_streak,
    triggers=(
        HabitLogged.event_type,
        HabitInferred.event_type,
        InterpretationConfirmed.event_type,
    ),
)
HABIT_DECAY = Rule(
    name="habit_decay",
    version=1,
    domain="habits",
    summary="A habit you kept most days slips over the last two weeks.",
    derive=habit_decay,
)

RULES = (HABIT_STREAK, HABIT_DECAY)
