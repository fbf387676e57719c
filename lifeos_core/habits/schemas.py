"""Input and output shapes of the habits services."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ScheduleType = Literal["daily", "weekly", "n_per_week"]


class NewHabit(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    schedule_type: ScheduleType = "daily"
    target_count: int = Field(default=1, ge=1, le=100)
    domain_link: str | None = Field(default=None, max_length=32)


class HabitChanges(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    schedule_type: ScheduleType | None = None
    target_count: int | None = Field(default=None, ge=1, le=100)


class NewHabitLog(BaseModel):
    habit_id: int
    logged_date: date
    value: int = Field(default=1, ge=1, le=1000)
    note: str | None = Field(default=None, max_length=2000)


class HabitView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    description: str | None
    schedule_type: str
    target_count: int
    domain_link: str | None
    is_active: bool


class HabitLogView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    habit_id: int
    logged_date: date
    value: int
    note: str | None
    source: str
    confidence_score: float | None
    inferred_status: str | None


class HabitMetricsView(BaseModel):
    habit_id: int
    current_streak: int
    longest_streak: int
    completion_rate: float
    strength: float
    total_check_ins: int
