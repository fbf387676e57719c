"""Insight rules: ``rule(uow, actor, events) -> [(InsightDraft, source_event), ...]``.

A rule gets every event of its type for one user in a delivery batch, so it can query once
per subject instead of once per event. Rules are deterministic and read-only, and read
through domain services, never other domains' tables.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.events import InterpretationConfirmed
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


def weekly_activity_milestone(
    uow: UnitOfWork, actor: Actor, events: Sequence[InterpretationConfirmed]
) -> list[tuple[InsightDraft, InterpretationConfirmed]]:
    """When confirmed records of one kind in a week reach 3, 5, 7, … say so, once per step.

    The week is the owner's local Monday-to-Sunday week of the confirmed event. One query per
    (record type, week) in the batch, however many confirmations it holds.
    """
    zone = zoneinfo.ZoneInfo(actor.timezone)
    weeks: dict[tuple[str, date], InterpretationConfirmed] = {}
    for event in events:
        local_day = event.event_start.astimezone(zone).date()
        weeks.setdefault(
            (event.record_type, local_day - timedelta(days=local_day.weekday())), event
        )
    drafts = []
    for (record_type, monday), event in sorted(weeks.items()):
        draft = _milestone(uow, actor, record_type, monday, zone)
        if draft is not None:
            drafts.append((draft, event))
    return drafts


def _milestone(
    uow: UnitOfWork, actor: Actor, record_type: str, monday: date, zone: zoneinfo.ZoneInfo
) -> InsightDraft | None:
    start = datetime.combine(monday, time(), zone)
    end = start + timedelta(days=7)
    ids = calendar.confirmed_interpretation_ids(
        uow, actor, record_type=record_type, start=start, end=end
    )
    reached = [m for m in WEEKLY_MILESTONES if len(ids) >= m]
    if not reached:
        return None
    milestone = reached[-1]
    singular, plural = RECORD_NOUNS.get(record_type, (record_type, record_type))
    return InsightDraft(
        insight_type="weekly_activity_milestone",
        rule_version=1,
        dedupe_key=f"{record_type}:{monday.isoformat()}:{milestone}",
        title=f"{milestone} {plural} in the week of {monday:%d %b %Y}",
        body=(
            f"You have {len(ids)} confirmed {plural if len(ids) != 1 else singular} "
            f"in the week starting {monday:%A %d %B}."
        ),
        severity="positive",
        payload={
            "record_type": record_type,
            "week_start": monday.isoformat(),
            "count": len(ids),
            "milestone": milestone,
            "evidence": {"calendar_event_interpretation": ids},
        },
        expires_at=end + timedelta(days=14),
    )


# Event type -> rules. A plain dict, like every registry here.
RULES = {
    InterpretationConfirmed.event_type: (weekly_activity_milestone,),
}
