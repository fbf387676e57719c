"""Calendar rules: weekly milestones of confirmed activities, and where the week's time went
by domain compared with the week before."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.events import InterpretationConfirmed
from lifeos_core.insights import patterns
from lifeos_core.insights.registry import Rule, expires_after, local_midnight
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.unit_of_work import UnitOfWork

WEEKLY_MILESTONES = (3, 5, 7, 10, 15, 20)
RECORD_NOUNS = {
    "health/workout": ("workout", "workouts"),
    "health/meal": ("meal", "meals"),
    "finance/transaction": ("expense", "expenses"),
    "habits/habit_log": ("habit check-in", "habit check-ins"),
    "skills/practice_session": ("practice session", "practice sessions"),
    "projects/work_session": ("work session", "work sessions"),
    "relationships/interaction": ("meeting with someone", "meetings with people"),
}
MIN_WEEK_MINUTES = 60  # both weeks need this much confirmed time to compare
SHIFT_MINUTES = 120  # a domain's change worth telling: two hours ...
SHIFT_SHARE = 0.3  # ... and 30% of its larger week
MAX_EVENT_MINUTES = 24 * 60


def weekly_activity_milestone(
    uow: UnitOfWork, actor: Actor, events: Sequence[InterpretationConfirmed]
) -> list[tuple[InsightDraft, InterpretationConfirmed]]:
    """Confirmed records of one kind in a week reach 3, 5, 7, 10, 15, 20: once per step.

    The week is the owner's local Monday-to-Sunday week of the event. One query for the
    batch, however many weeks and confirmations it holds. Each step cites the first confirmed
    interpretations (by id) that reached it, so it reads the same however the confirmations
    were batched.
    """
    zone = zoneinfo.ZoneInfo(actor.timezone)
    weeks: dict[tuple[str, date], InterpretationConfirmed] = {}
    for event in events:
        if isinstance(event, InterpretationConfirmed):
            local_day = event.event_start.astimezone(zone).date()
            weeks.setdefault((event.record_type, patterns.monday(local_day)), event)
    if not weeks:
        return []
    confirmed: dict[tuple[str, date], list[int]] = defaultdict(list)
    for row in calendar.confirmed_interpretations(
        uow,
        actor,
        start=local_midnight(min(week for _, week in weeks), actor.timezone),
        end=local_midnight(max(week for _, week in weeks) + timedelta(days=7), actor.timezone),
        record_types=sorted({record_type for record_type, _ in weeks}),
    ):
        week = patterns.monday(row.start_time.astimezone(zone).date())
        if (row.record_type, week) in weeks:
            confirmed[(row.record_type, week)].append(row.id)
    drafts = []
    for (record_type, week), event in sorted(weeks.items(), key=lambda item: item[0]):
        ids = confirmed.get((record_type, week), [])
        _, plural = RECORD_NOUNS.get(record_type, (record_type, record_type))
        for milestone in WEEKLY_MILESTONES:
            if len(ids) < milestone:
                break
            draft = WEEKLY_ACTIVITY_MILESTONE.draft(
                key=f"{record_type}:{week.isoformat()}:{milestone}",
                title=f"{milestone} {plural} in the week of {week:%d %b %Y}",
                body=f"You have {milestone} confirmed {plural} in the week starting {week:%A %d %B}.",
                severity="positive",
                evidence={"calendar_event_interpretation": ids[:milestone]},
                expires_at=expires_after(week + timedelta(days=6), actor.timezone, 14),
                record_type=record_type,
                week_start=week.isoformat(),
                count=milestone,
                milestone=milestone,
            )
            drafts.append((draft, event))
    return drafts


def time_allocation(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """Last week's confirmed calendar time by domain against the week before, when some
    domain moved by two hours and 30% or more. Once per week."""
    zone = zoneinfo.ZoneInfo(actor.timezone)
    this_week = patterns.monday(today)
    week, previous = this_week - timedelta(days=7), this_week - timedelta(days=14)
    minutes: dict[tuple[date, str], float] = defaultdict(float)
    ids: list[int] = []
    for row in calendar.confirmed_interpretations(
        uow,
        actor,
        start=local_midnight(previous, actor.timezone),
        end=local_midnight(this_week, actor.timezone),
    ):
        if row.all_day or row.end_time is None:
            continue  # no measure of time spent
        length = (row.end_time - row.start_time).total_seconds() / 60
        if length <= 0:
            continue
        starts = patterns.monday(row.start_time.astimezone(zone).date())
        minutes[(starts, row.domain)] += min(length, MAX_EVENT_MINUTES)
        if starts == week:
            ids.append(row.id)
    totals = {w: sum(m for (x, _), m in minutes.items() if x == w) for w in (week, previous)}
    if min(totals.values()) < MIN_WEEK_MINUTES:
        return []
    domains = sorted({domain for _, domain in minutes})
    change = {d: minutes[(week, d)] - minutes[(previous, d)] for d in domains}
    notable = [
        d
        for d in domains
        if abs(change[d]) >= SHIFT_MINUTES
        and abs(change[d]) >= SHIFT_SHARE * max(minutes[(week, d)], minutes[(previous, d)])
    ]
    if not notable:
        return []
    up = max(notable, key=lambda d: (change[d], d))
    down = min(notable, key=lambda d: (change[d], d))
    parts = []
    if change[up] > 0:
        parts.append(f"more time on {up} (+{change[up] / 60:.1f} h)")
    if change[down] < 0:
        parts.append(f"less on {down} ({change[down] / 60:.1f} h)")
    body = ", ".join(
        f"{d} {minutes[(week, d)] / 60:.1f} h ({change[d] / 60:+.1f})" for d in domains
    )
    return [
        TIME_ALLOCATION.draft(
            key=week.isoformat(),
            title=f"Week of {week:%d %b}: " + ", ".join(parts),
            body=f"Confirmed calendar time by domain: {body}, against the week before.",
            evidence={"calendar_event_interpretation": sorted(ids)},
            expires_at=expires_after(this_week, actor.timezone, 14),
            week_start=week.isoformat(),
            minutes={d: round(minutes[(week, d)]) for d in domains},
            previous_minutes={d: round(minutes[(previous, d)]) for d in domains},
        )
    ]


WEEKLY_ACTIVITY_MILESTONE = Rule(
    name="weekly_activity_milestone",
    version=2,
    domain="calendar",
    summary="Confirmed activities of one kind in a week reach 3, 5, 7, 10, 15 or 20.",
    derive=weekly_activity_milestone,
    triggers=(InterpretationConfirmed.event_type,),
)
TIME_ALLOCATION = Rule(
    name="time_allocation",
    version=1,
    domain="calendar",
    summary="Where last week's calendar time went by domain, against the week before.",
    derive=time_allocation,
)

RULES = (WEEKLY_ACTIVITY_MILESTONE, TIME_ALLOCATION)
