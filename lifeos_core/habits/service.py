"""Habits services: define habits, log check-ins, and measure streaks and strength.

Every function takes the acting user and touches only that user's rows. Unconfirmed
inferred logs (from the calendar) are stored but count toward nothing until confirmed.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database import utcnow
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.errors import Conflict, InvalidInput, NotFound, validate
from lifeos_core.habits.events import (
    HabitCreated,
    HabitDeactivated,
    HabitDeleted,
    HabitInferred,
    HabitLogged,
    HabitUpdated,
)
from lifeos_core.habits.metrics import HabitSchedule, compute_metrics
from lifeos_core.habits.models import Habit, HabitLog
from lifeos_core.habits.schemas import (
    HabitChanges,
    HabitLogView,
    HabitMetricsView,
    HabitView,
    NewHabit,
    NewHabitLog,
)
from lifeos_core.unit_of_work import UnitOfWork


def _owned_habit(uow: UnitOfWork, actor: Actor, habit_id: int) -> Habit:
    habit = uow.session.scalar(
        sa.select(Habit).where(Habit.id == habit_id, Habit.user_id == actor.user_id)
    )
    if habit is None:
        raise NotFound(f"habit {habit_id} not found")
    return habit


def _name_taken(uow: UnitOfWork, actor: Actor, name: str, except_id: int | None = None) -> bool:
    query = sa.select(Habit.id).where(
        Habit.user_id == actor.user_id, sa.func.lower(Habit.name) == name.lower()
    )
    if except_id is not None:
        query = query.where(Habit.id != except_id)
    return uow.session.scalar(query) is not None


def create_habit(uow: UnitOfWork, actor: Actor, **fields) -> HabitView:
    data = validate(NewHabit, **fields)
    if _name_taken(uow, actor, data.name):
        raise Conflict(f"name: you already have a habit called {data.name!r}")
    habit = Habit(user_id=actor.user_id, **data.model_dump())
    uow.session.add(habit)
    uow.session.flush()
    uow.emit(
        HabitCreated(
            user_id=actor.user_id,
            habit_id=habit.id,
            name=habit.name,
            schedule_type=habit.schedule_type,
            target_count=habit.target_count,
            domain_link=habit.domain_link,
            is_active=habit.is_active,
            created_at=habit.created_at,
        )
    )
    return HabitView.model_validate(habit)


def update_habit(uow: UnitOfWork, actor: Actor, habit_id: int, **fields) -> HabitView:
    changes = validate(HabitChanges, **fields).model_dump(exclude_unset=True)
    habit = _owned_habit(uow, actor, habit_id)
    if "name" in changes and _name_taken(uow, actor, changes["name"], except_id=habit.id):
        raise Conflict(f"name: you already have a habit called {changes['name']!r}")
    changed = [k for k, v in changes.items() if getattr(habit, k) != v]
    for key in changed:
        setattr(habit, key, changes[key])
    if changed:
        uow.session.flush()
        uow.emit(
            HabitUpdated(
                user_id=actor.user_id,
                habit_id=habit.id,
                fields=changed,
                updated_at=habit.updated_at,
            )
        )
    return HabitView.model_validate(habit)


def deactivate_habit(uow: UnitOfWork, actor: Actor, habit_id: int) -> HabitView:
    habit = _owned_habit(uow, actor, habit_id)
    if habit.is_active:
        habit.is_active = False
        habit.deactivated_at = utcnow()
        uow.emit(
            HabitDeactivated(
                user_id=actor.user_id, habit_id=habit.id, deactivated_at=habit.deactivated_at
            )
        )
    return HabitView.model_validate(habit)


def delete_habit(uow: UnitOfWork, actor: Actor, habit_id: int) -> None:
    habit = _owned_habit(uow, actor, habit_id)
    uow.session.delete(habit)
    uow.emit(HabitDeleted(user_id=actor.user_id, habit_id=habit_id, deleted_at=utcnow()))


def list_habits(
    uow: UnitOfWork, actor: Actor, *, include_inactive: bool = False
) -> list[HabitView]:
    query = sa.select(Habit).where(Habit.user_id == actor.user_id)
    if not include_inactive:
        query = query.where(Habit.is_active.is_(True))
    return [HabitView.model_validate(h) for h in uow.session.scalars(query.order_by(Habit.name))]


def find_habit_by_name(uow: UnitOfWork, actor: Actor, name: str) -> HabitView | None:
    habit = uow.session.scalar(
        sa.select(Habit).where(
            Habit.user_id == actor.user_id, sa.func.lower(Habit.name) == name.strip().lower()
        )
    )
    return HabitView.model_validate(habit) if habit else None


def log_habit(uow: UnitOfWork, actor: Actor, **fields) -> HabitLogView:
    data = validate(NewHabitLog, **fields)
    habit = _owned_habit(uow, actor, data.habit_id)
    if not habit.is_active:
        raise InvalidInput(f"habit_id: {habit.name!r} is inactive", {"habit_id": "inactive"})
    log = HabitLog(user_id=actor.user_id, **data.model_dump())
    uow.session.add(log)
    uow.session.flush()
    uow.emit(
        HabitLogged(
            user_id=actor.user_id,
            log_id=log.id,
            habit_id=habit.id,
            logged_date=log.logged_date,
            value=log.value,
            note=log.note,
        )
    )
    return HabitLogView.model_validate(log)


def record_inferred_log(
    uow: UnitOfWork,
    actor: Actor,
    *,
    habit_id: int,
    logged_date: date,
    calendar_event_id: int,
    confidence: float,
    status: str,
    model_version: str,
    structure: dict | None = None,
) -> HabitLogView:
    """The interpreter's entry point: a log proposed from a calendar event."""
    if status not in ("inferred", "confirmed"):
        raise InvalidInput(f"status: an inference starts inferred or confirmed, not {status!r}")
    habit = _owned_habit(uow, actor, habit_id)
    log = HabitLog(
        user_id=actor.user_id,
        habit_id=habit.id,
        logged_date=logged_date,
        source="calendar",
        calendar_event_id=calendar_event_id,
        confidence_score=confidence,
        inferred_status=status,
    )
    uow.session.add(log)
    uow.session.flush()
    uow.emit(
        HabitInferred(
            user_id=actor.user_id,
            log_id=log.id,
            habit_id=habit.id,
            calendar_event_id=calendar_event_id,
            confidence_score=confidence,
            status=status,
            model_version=model_version,
            inferred_structure=structure or {},
        )
    )
    return HabitLogView.model_validate(log)


def set_inferred_status(uow: UnitOfWork, actor: Actor, log_id: int, status: str) -> HabitLogView:
    """Confirm, reject or ignore an inferred log (the review queue calls this)."""
    if status not in ("confirmed", "rejected", "ignored"):
        raise InvalidInput(f"status: must be confirmed, rejected or ignored, not {status!r}")
    log = uow.session.scalar(
        sa.select(HabitLog).where(
            HabitLog.id == log_id, HabitLog.user_id == actor.user_id, HabitLog.source == "calendar"
        )
    )
    if log is None:
        raise NotFound(f"inferred habit log {log_id} not found")
    log.inferred_status = status
    return HabitLogView.model_validate(log)


def list_logs(
    uow: UnitOfWork,
    actor: Actor,
    *,
    habit_id: int | None = None,
    include_unconfirmed: bool = True,
    limit: int = 500,
) -> list[HabitLogView]:
    query = sa.select(HabitLog).where(HabitLog.user_id == actor.user_id)
    if habit_id is not None:
        query = query.where(HabitLog.habit_id == habit_id)
    if include_unconfirmed:
        query = query.where(HabitLog.inferred_status.is_distinct_from("rejected"))
        query = query.where(HabitLog.inferred_status.is_distinct_from("ignored"))
    else:
        query = query.where(counts_toward_totals(HabitLog))
    query = query.order_by(HabitLog.logged_date.desc(), HabitLog.id.desc()).limit(limit)
    return [HabitLogView.model_validate(log) for log in uow.session.scalars(query)]


def habit_metrics(uow: UnitOfWork, actor: Actor, habit_id: int, *, today: date) -> HabitMetricsView:
    """Streaks, completion rate and strength, from manual and confirmed logs only."""
    habit = _owned_habit(uow, actor, habit_id)
    rows = uow.session.execute(
        sa.select(HabitLog.logged_date, HabitLog.value).where(
            HabitLog.user_id == actor.user_id,
            HabitLog.habit_id == habit.id,
            counts_toward_totals(HabitLog),
        )
    ).all()
    start = min([habit.created_at.date(), *(day for day, _ in rows)])
    metrics = compute_metrics(
        HabitSchedule(habit.schedule_type, habit.target_count), rows, start=start, today=today
    )
    return HabitMetricsView(habit_id=habit.id, **vars(metrics))


# --- bulk reads for the insights engine (lifeos_core.insights) ------------------------------


def counted_logs(
    uow: UnitOfWork,
    actor: Actor,
    *,
    ids: list[int] | None = None,
    habit_ids: list[int] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[sa.Row]:
    """Manual and confirmed check-ins, oldest first (date, then id), as rows
    ``(id, habit_id, logged_date, value)``; every given filter applies, dates inclusive.
    One query, so insight rules read a window of history at once."""
    query = sa.select(HabitLog.id, HabitLog.habit_id, HabitLog.logged_date, HabitLog.value).where(
        HabitLog.user_id == actor.user_id, counts_toward_totals(HabitLog)
    )
    if ids is not None:
        query = query.where(HabitLog.id.in_(ids))
    if habit_ids is not None:
        query = query.where(HabitLog.habit_id.in_(habit_ids))
    if start is not None:
        query = query.where(HabitLog.logged_date >= start)
    if end is not None:
        query = query.where(HabitLog.logged_date <= end)
    return list(uow.session.execute(query.order_by(HabitLog.logged_date, HabitLog.id)))
