"""Events of the habits domain (``habits.habit.*``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lifeos_core.events.base import DomainEvent, InferenceEvent


class HabitCreated(DomainEvent):
    event_type = "habits.habit.created"
    habit_id: int
    name: str
    schedule_type: str
    target_count: int | None = None
    domain_link: str | None = None
    is_active: bool
    created_at: datetime


class HabitUpdated(DomainEvent):
    event_type = "habits.habit.updated"
    habit_id: int
    fields: list[str]
    updated_at: datetime


class HabitDeactivated(DomainEvent):
    event_type = "habits.habit.deactivated"
    habit_id: int
    deactivated_at: datetime


class HabitDeleted(DomainEvent):
    event_type = "habits.habit.deleted"
    habit_id: int
    deleted_at: datetime


class HabitLogged(DomainEvent):
    event_type = "habits.habit.logged"
    log_id: int
    habit_id: int
    logged_date: date
    value: int | None = None
    note: str | None = None


class HabitInferred(InferenceEvent):
    event_type = "habits.habit.inferred"
    log_id: int
    habit_id: int
    calendar_event_id: int
    confidence_score: float
    status: str
    inferred_structure: dict[str, Any] = {}


EVENTS = (HabitCreated, HabitUpdated, HabitDeactivated, HabitDeleted, HabitLogged, HabitInferred)
