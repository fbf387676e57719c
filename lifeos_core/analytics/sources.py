"""Reading the app database for the snapshot: through each domain's services, one user at a time.

Every reader takes a unit of work and the user whose rows it reads, and returns plain row
dicts keyed by staging table (:mod:`lifeos_core.analytics.schema`). The small domains are
read whole (a few thousand rows a user); the big sources are read by what changed: calendar
events by id, transactions and ledger lines by timestamp.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from lifeos_core.analytics import schema
from lifeos_core.analytics.schema import StagingTable
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.database import utcnow
from lifeos_core.errors import NotFound, PermissionDenied
from lifeos_core.finance import service as finance
from lifeos_core.habits import service as habits
from lifeos_core.health import service as health
from lifeos_core.journal import service as journal
from lifeos_core.projects import service as projects
from lifeos_core.relationships import service as relationships
from lifeos_core.skills import service as skills
from lifeos_core.unit_of_work import UnitOfWork

Rows = dict[StagingTable, list[dict]]

# The list services take a page size; the snapshot wants every row of these small tables.
EVERYTHING = 10_000_000
INTERPRETATION_STATUSES = ("inferred", "confirmed", "rejected", "ignored", "withdrawn")
JOURNAL_PAGE = 1000  # list_entries refuses more in one call


def _with_user(actor: Actor, rows: Iterable[dict]) -> list[dict]:
    return [{"user_id": actor.user_id, **row} for row in rows]


def _inferred(view) -> dict:
    return {
        "source": view.source,
        "inferred_status": view.inferred_status,
        "calendar_event_id": getattr(view, "calendar_event_id", None),
    }


# --- calendar -------------------------------------------------------------------------------


def _event_row(actor: Actor, event) -> dict:
    return {
        "user_id": actor.user_id,
        "id": event.id,
        "title": event.title,
        "start_time": event.start_time,
        "end_time": event.end_time,
        "all_day": event.all_day,
        "source": event.source,
        "is_private": event.is_private,
    }


def _year_windows(now: datetime) -> list[tuple[datetime | None, datetime | None]]:
    """Year-long windows over the past 15 and the next 3 years, open at both ends."""
    edges = [now + timedelta(days=365 * years) for years in range(-15, 4)]
    return [(None, edges[0]), *itertools.pairwise(edges), (edges[-1], None)]


def calendar_events(uow: UnitOfWork, actor: Actor) -> list[dict]:
    """Every live event of the actor, a year at a time so memory stays flat."""
    try:
        found: dict[int, dict] = {}
        for start, end in _year_windows(utcnow()):
            for event in calendar.list_events(uow, actor, start=start, end=end, limit=EVERYTHING):
                found[event.id] = _event_row(actor, event)  # edges repeat long events
    except PermissionDenied:
        return []
    return list(found.values())


def calendar_events_by_id(
    uow: UnitOfWork, actor: Actor, event_ids: Iterable[int]
) -> tuple[list[dict], set[int]]:
    """The current rows of these events, and the ids that are gone (deleted)."""
    rows, gone = [], set()
    for event_id in sorted(event_ids):
        try:
            rows.append(_event_row(actor, calendar.get_event(uow, actor, event_id)))
        except NotFound:
            gone.add(event_id)
        except PermissionDenied:
            return [], set()
    return rows, gone


def interpretations(uow: UnitOfWork, actor: Actor) -> list[dict]:
    try:
        views = calendar.list_interpretations(
            uow, actor, statuses=INTERPRETATION_STATUSES, limit=EVERYTHING
        )
    except PermissionDenied:
        return []
    return [
        {
            "user_id": actor.user_id,
            "id": v.id,
            "calendar_event_id": v.calendar_event_id,
            "domain": v.domain,
            "record_type": v.record_type,
            "confidence": v.confidence_score,
            "status": v.status,
        }
        for v in views
    ]


# --- finance: transactions and ledger lines by timestamp, accounts whole ---------------------


def transactions(uow: UnitOfWork, actor: Actor, *, changed_since: datetime | None) -> list[dict]:
    batches = finance.export_transactions(uow, actor, changed_since=changed_since)
    return [row for batch in batches for row in _with_user(actor, batch)]


def ledger_lines(uow: UnitOfWork, actor: Actor, *, posted_since: datetime | None) -> list[dict]:
    batches = finance.export_ledger_lines(uow, actor, posted_since=posted_since)
    return [row for batch in batches for row in _with_user(actor, batch)]


def accounts(uow: UnitOfWork, actor: Actor) -> Rows:
    categories = {c.id: c.name for c in finance.list_categories(uow, actor)}
    rows = [
        {
            "id": a.id,
            "name": a.name,
            "account_type": a.account_type,
            "category": categories.get(a.category_id),
        }
        for a in finance.list_accounts(uow, actor, include_inactive=True)
    ]
    return {schema.ACCOUNTS: _with_user(actor, rows)}


# --- the small domains, read whole ------------------------------------------------------------


def habit_rows(uow: UnitOfWork, actor: Actor) -> Rows:
    found = habits.list_habits(uow, actor, include_inactive=True)
    logs = habits.list_logs(uow, actor, limit=EVERYTHING)
    return {
        schema.HABITS: _with_user(
            actor, ({"id": h.id, "name": h.name, "is_active": h.is_active} for h in found)
        ),
        schema.HABIT_LOGS: _with_user(
            actor,
            (
                {
                    "id": log.id,
                    "habit_id": log.habit_id,
                    "logged_date": log.logged_date,
                    "value": log.value,
                    "source": log.source,
                    "inferred_status": log.inferred_status,
                }
                for log in logs
            ),
        ),
    }


def health_rows(uow: UnitOfWork, actor: Actor) -> Rows:
    workouts = health.list_workouts(uow, actor, limit=EVERYTHING)
    meals = health.list_meals(uow, actor, limit=EVERYTHING)
    biometrics = health.list_biometrics(uow, actor, limit=EVERYTHING)
    return {
        schema.WORKOUTS: _with_user(
            actor,
            (
                {
                    "id": w.id,
                    "workout_date": w.workout_date,
                    "started_at": w.started_at,
                    "workout_type": w.workout_type,
                    "duration_minutes": w.duration_minutes,
                    "intensity": w.intensity,
                    "calories": w.calories_est,
                    **_inferred(w),
                }
                for w in workouts
            ),
        ),
        schema.MEALS: _with_user(
            actor,
            (
                {
                    "id": m.id,
                    "meal_date": m.meal_date,
                    "meal_type": m.meal_type,
                    "calories": m.calories_est,
                    "quality": m.quality_score,
                    **_inferred(m),
                }
                for m in meals
            ),
        ),
        schema.BIOMETRICS: _with_user(
            actor,
            (
                {
                    "id": b.id,
                    "measured_on": b.measured_on,
                    "weight_kg": b.weight_kg,
                    "resting_hr": b.resting_hr,
                    "energy_level": b.energy_level,
                    "stress_level": b.stress_level,
                }
                for b in biometrics
            ),
        ),
    }


def skill_rows(uow: UnitOfWork, actor: Actor) -> Rows:
    found = skills.list_skills(uow, actor)
    sessions = skills.list_practice_sessions(uow, actor, limit=EVERYTHING)
    return {
        schema.SKILLS: _with_user(
            actor, ({"id": s.id, "name": s.name, "category": s.category} for s in found)
        ),
        schema.PRACTICE_SESSIONS: _with_user(
            actor,
            (
                {
                    "id": p.id,
                    "skill_id": p.skill_id,
                    "practiced_at": p.practiced_at,
                    "duration_minutes": p.duration_minutes,
                    "quality": p.quality,
                    **_inferred(p),
                }
                for p in sessions
            ),
        ),
    }


def project_rows(uow: UnitOfWork, actor: Actor) -> Rows:
    found = projects.list_projects(uow, actor, include_archived=True)
    logs = projects.list_time_logs(uow, actor, limit=EVERYTHING)
    return {
        schema.PROJECTS: _with_user(
            actor, ({"id": p.id, "name": p.name, "status": p.status} for p in found)
        ),
        schema.TIME_LOGS: _with_user(
            actor,
            (
                {
                    "id": log.id,
                    "project_id": log.project_id,
                    "task_id": log.task_id,
                    "logged_date": log.logged_date,
                    "minutes": log.time_minutes,
                    **_inferred(log),
                }
                for log in logs
            ),
        ),
    }


def relationship_rows(uow: UnitOfWork, actor: Actor) -> Rows:
    found = relationships.list_interactions(uow, actor, limit=EVERYTHING)
    return {
        schema.INTERACTIONS: _with_user(
            actor,
            (
                {
                    "id": i.id,
                    "person_id": i.person_id,
                    "person": i.person_name,
                    "interaction_type": i.interaction_type,
                    "occurred_at": i.occurred_at,
                    **_inferred(i),
                }
                for i in found
            ),
        )
    }


def _journal_entries(uow: UnitOfWork, actor: Actor, start: date | None, end: date | None):
    """Entries dated in [start, end], halving the span while a page comes back full."""
    found = journal.list_entries(uow, actor, start=start, end=end, limit=JOURNAL_PAGE)
    if len(found) < JOURNAL_PAGE or start is None or end is None or start >= end:
        return found
    middle = start + (end - start) // 2
    return _journal_entries(uow, actor, start, middle) + _journal_entries(
        uow, actor, middle + timedelta(days=1), end
    )


def _year_spans(last: date) -> list[tuple[date | None, date | None]]:
    """Calendar years from 1990 to ``last``'s, open before and after."""
    years = [(date(year, 1, 1), date(year, 12, 31)) for year in range(1990, last.year + 1)]
    return [(None, date(1989, 12, 31)), *years, (date(last.year + 1, 1, 1), None)]


def journal_rows(uow: UnitOfWork, actor: Actor) -> Rows:
    entries = journal.list_entries(uow, actor, limit=JOURNAL_PAGE)
    if len(entries) == JOURNAL_PAGE:  # a prolific writer: a page per year
        spans = _year_spans(utcnow().date() + timedelta(days=366))
        entries = [e for start, end in spans for e in _journal_entries(uow, actor, start, end)]
    moods = journal.mood_series(uow, actor)
    return {
        schema.JOURNAL_ENTRIES: _with_user(
            actor,
            (
                {
                    "id": e.id,
                    "entry_date": e.entry_date,
                    # A private entry's title stays in the journal.
                    "title": None if e.is_private else e.title,
                    "mood": e.mood,
                    "is_private": e.is_private,
                }
                for e in entries
            ),
        ),
        schema.MOOD_DAYS: _with_user(
            actor, ({"day": m.entry_date, "mood": m.mood, "entries": m.entries} for m in moods)
        ),
    }


# Each small domain's reader, by the domain part of its event names ("health.workout.logged").
WHOLE_DOMAINS: dict[str, Callable[[UnitOfWork, Actor], Rows]] = {
    "habits": habit_rows,
    "health": health_rows,
    "skills": skill_rows,
    "projects": project_rows,
    "relationships": relationship_rows,
    "journal": journal_rows,
}
RECORD_DOMAINS = (*WHOLE_DOMAINS, "finance")
