"""Input and output shapes of the projects services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

TaskStatus = Literal["todo", "in_progress", "done"]
Priority = Literal["low", "medium", "high", "urgent"]

MAX_MINUTES_PER_LOG = 24 * 60


def _stripped(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _blank_is_none(value: str | None) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else value


def _not_cleared(value):
    # Runs only for values actually given: leaving a field out keeps it, passing None does not.
    if value is None:
        raise ValueError("cannot be cleared")
    return value


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewProject(_Input):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    due_date: date | None = None

    _strip = field_validator("name", mode="before")(_stripped)
    _blank = field_validator("description", mode="before")(_blank_is_none)


class ProjectChanges(_Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    due_date: date | None = None

    _strip = field_validator("name", mode="before")(_stripped)
    _blank = field_validator("description", mode="before")(_blank_is_none)
    _required = field_validator("name")(_not_cleared)


class NewTask(_Input):
    project_id: int
    title: str = Field(min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    status: TaskStatus = "todo"
    priority: Priority = "medium"
    due_date: date | None = None

    _strip = field_validator("title", mode="before")(_stripped)
    _blank = field_validator("description", mode="before")(_blank_is_none)


class TaskChanges(_Input):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    status: TaskStatus | None = None
    priority: Priority | None = None
    due_date: date | None = None

    _strip = field_validator("title", mode="before")(_stripped)
    _blank = field_validator("description", mode="before")(_blank_is_none)
    _required = field_validator("title", "status", "priority")(_not_cleared)


class NewTimeLog(_Input):
    project_id: int | None = None
    task_id: int | None = None
    time_minutes: int = Field(ge=1, le=MAX_MINUTES_PER_LOG)
    logged_date: date
    note: str | None = Field(default=None, max_length=2000)

    _blank = field_validator("note", mode="before")(_blank_is_none)


class NewInferredWorkSession(_Input):
    project_id: int | None = None
    task_id: int | None = None
    time_minutes: int = Field(ge=1, le=MAX_MINUTES_PER_LOG)
    logged_date: date
    note: str | None = Field(default=None, max_length=2000)
    calendar_event_id: int
    confidence: float = Field(ge=0, le=1)
    status: Literal["inferred", "confirmed"]
    model_version: str = Field(min_length=1, max_length=100)

    _blank = field_validator("note", mode="before")(_blank_is_none)


class ProjectView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    description: str | None
    status: str
    due_date: date | None
    completed_at: datetime | None
    archived_at: datetime | None
    created_at: datetime


class ProjectSummaryView(BaseModel):
    """A project with its task counts and the minutes that count (manual and confirmed)."""

    model_config = ConfigDict(frozen=True)

    project: ProjectView
    open_tasks: int
    done_tasks: int
    overdue_tasks: int
    progress: float
    logged_minutes: int
    next_statuses: tuple[str, ...]


class TaskView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    project_id: int
    title: str
    description: str | None
    status: str
    priority: str
    due_date: date | None
    completed_at: datetime | None
    created_at: datetime


class DueTaskView(TaskView):
    project_name: str
    days_until_due: int  # negative when overdue


class TimeLogView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    project_id: int | None
    task_id: int | None
    time_minutes: int
    logged_date: date
    note: str | None
    source: str
    calendar_event_id: int | None
    confidence_score: float | None
    inferred_status: str | None
