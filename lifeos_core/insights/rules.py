"""Insight rules: ``rule(uow, actor, event) -> list[InsightDraft]``, deterministic and read-only.

Rules read through domain services, never other domains' tables.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

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
    uow: UnitOfWork, actor: Actor, event: InterpretationConfirmed
) -> list[InsightDraft]:
    """When confirmed records of one kind in a week reach 3, 5, 7, … say so, once per step.

    The week is the owner's local Monday-to-Sunday week of the confirmed event.
    """
    zone = zoneinfo.ZoneInfo(actor.timezone)
    local_day = event.event_start.astimezone(zone).date()
    monday = local_day - timedelta(days=local_day.weekday())
    start = datetime.combine(monday, time(), zone)
    end = start + timedelta(days=7)
    ids = calendar.confirmed_interpretation_ids(
        uow, actor, record_type=event.record_type, start=start, end=end
    )
    reached = [m for m in WEEKLY_MILESTONES if len(ids) >= m]
    if not reached:
        return []
    milestone = reached[-1]
    singular, plural = RECORD_NOUNS.get(event.record_type, (event.record_type, event.record_type))
    return [
        InsightDraft(
            insight_type="weekly_activity_milestone",
            rule_version=1,
            dedupe_key=f"{event.record_type}:{monday.isoformat()}:{milestone}",
            title=f"{milestone} {plural} in the week of {monday:%d %b %Y}",
            body=(
                f"You have {len(ids)} confirmed {plural if len(ids) != 1 else singular} "
                f"in the week starting {monday:%A %d %B}."
            ),
            severity="positive",
            payload={
                "record_type": event.record_type,
                "week_start": monday.isoformat(),
                "count": len(ids),
                "milestone": milestone,
                "evidence": {"calendar_event_interpretation": ids},
            },
            expires_at=end + timedelta(days=14),
        )
    ]


# Event type -> rules. A plain dict, like every registry here.
RULES = {
    InterpretationConfirmed.event_type: (weekly_activity_milestone,),
}
