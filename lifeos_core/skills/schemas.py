"""Input and output shapes of the skills services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from lifeos_core.database import utcnow

Level = Literal["beginner", "intermediate", "advanced", "expert"]
ReviewStatus = Literal["confirmed", "rejected", "ignored"]
MAX_SESSION_MINUTES = 24 * 60


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


class _Input(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class NewSkill(_Input):
    name: str = Field(min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=5000)
    proficiency_level: Level | None = None
    target_level: Level | None = None

    _blank = field_validator("category", "description", mode="before")(_blank_to_none)


class SkillChanges(_Input):
    """Only the fields given change; ``proficiency_level=None`` goes back to "from hours"."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=5000)
    proficiency_level: Level | None = None
    target_level: Level | None = None

    _blank = field_validator("category", "description", mode="before")(_blank_to_none)

    @field_validator("name")
    @classmethod
    def _name_stays(cls, value: str | None) -> str:
        if value is None:
            raise ValueError("a skill needs a name")
        return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must include a time zone")
    return value


class NewPracticeSession(_Input):
    skill_id: int
    practiced_at: datetime
    duration_minutes: int = Field(ge=1, le=MAX_SESSION_MINUTES)
    focus: str | None = Field(default=None, max_length=200)
    quality: int | None = Field(default=None, ge=1, le=5)
    notes: str | None = Field(default=None, max_length=5000)

    _blank = field_validator("focus", "notes", mode="before")(_blank_to_none)

    @field_validator("practiced_at")
    @classmethod
    def _past(cls, value: datetime) -> datetime:
        if _aware(value) > utcnow():
            raise ValueError("is in the future; log practice once it has happened")
        return value


class InferredPracticeSession(_Input):
    """A session proposed from a calendar event (which may lie in the future)."""

    skill_id: int
    practiced_at: datetime
    duration_minutes: int | None = Field(default=None, ge=1, le=MAX_SESSION_MINUTES)
    calendar_event_id: int
    confidence: float = Field(ge=0, le=1)
    status: Literal["inferred", "confirmed"]
    model_version: str = Field(min_length=1, max_length=100)

    _aware = field_validator("practiced_at")(_aware)

    @field_validator("duration_minutes", mode="before")
    @classmethod
    def _zero_is_unknown(cls, value: object) -> object:
        return None if value == 0 else value  # an event that ends as it starts says nothing


class SkillView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    category: str | None
    description: str | None
    proficiency_level: str | None  # set by the owner; None when it follows the hours
    target_level: str | None
    created_at: datetime


class PracticeSessionView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    skill_id: int
    practiced_at: datetime
    duration_minutes: int | None
    focus: str | None
    quality: int | None
    notes: str | None
    source: str
    calendar_event_id: int | None
    confidence_score: float | None
    inferred_status: str | None


class SkillMetricView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    skill_id: int
    total_minutes: int
    session_count: int
    current_streak_days: int
    longest_streak_days: int
    proficiency_level: str
    proficiency_source: str  # "hours" or "owner"
    last_practiced_at: datetime | None
    as_of: date
    computed_at: datetime

    @computed_field
    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 2)


class RecomputeSummary(BaseModel):
    skills: int = 0
    changed: int = 0
