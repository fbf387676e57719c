"""Events of the projects domain (``projects.project.*``, ``projects.task.*``,
``projects.work_session.inferred``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lifeos_core.events.base import DomainEvent, InferenceEvent


class ProjectCreated(DomainEvent):
    event_type = "projects.project.created"
    project_id: int
    name: str
    status: str
    due_date: date | None = None
    created_at: datetime


class ProjectUpdated(DomainEvent):
    event_type = "projects.project.updated"
    project_id: int
    fields: list[str]
    updated_at: datetime


class ProjectActivated(DomainEvent):
    """Work started (from ``created``) or an archived project was restored."""

    event_type = "projects.project.activated"
    project_id: int
    previous_status: str
    activated_at: datetime


class ProjectCompleted(DomainEvent):
    event_type = "projects.project.completed"
    project_id: int
    completed_at: datetime
    open_tasks: int


class ProjectArchived(DomainEvent):
    event_type = "projects.project.archived"
    project_id: int
    previous_status: str
    archived_at: datetime


class TaskCreated(DomainEvent):
    event_type = "projects.task.created"
    task_id: int
    project_id: int
    title: str
    status: str
    priority: str
    due_date: date | None = None
    created_at: datetime


class TaskUpdated(DomainEvent):
    event_type = "projects.task.updated"
    task_id: int
    project_id: int
    fields: list[str]
    updated_at: datetime


class TaskCompleted(DomainEvent):
    event_type = "projects.task.completed"
    task_id: int
    project_id: int
    completed_at: datetime


class TaskLogged(DomainEvent):
    event_type = "projects.task.logged"
    log_id: int
    project_id: int
    task_id: int | None = None
    time_minutes: int
    logged_date: date
    note: str | None = None


class WorkSessionInferred(InferenceEvent):
    event_type = "projects.work_session.inferred"
    log_id: int
    project_id: int | None = None
    task_id: int | None = None
    calendar_event_id: int
    confidence_score: float
    status: str
    time_minutes: int
    logged_date: date
    inferred_structure: dict[str, Any] = {}


EVENTS = (
    ProjectCreated,
    ProjectUpdated,
    ProjectActivated,
    ProjectCompleted,
    ProjectArchived,
    TaskCreated,
    TaskUpdated,
    TaskCompleted,
    TaskLogged,
    WorkSessionInferred,
)
