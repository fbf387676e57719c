"""Events of the skills domain (``skills.skill.*``, ``skills.practice.*``, ``skills.metric.*``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lifeos_core.events.base import DomainEvent, InferenceEvent


class SkillCreated(DomainEvent):
    event_type = "skills.skill.created"
    skill_id: int
    name: str
    category: str | None = None
    proficiency_level: str | None = None
    target_level: str | None = None
    created_at: datetime


class SkillUpdated(DomainEvent):
    event_type = "skills.skill.updated"
    skill_id: int
    fields: list[str]
    updated_at: datetime


class SkillDeleted(DomainEvent):
    event_type = "skills.skill.deleted"
    skill_id: int
    deleted_at: datetime


class PracticeLogged(DomainEvent):
    event_type = "skills.practice.logged"
    session_id: int
    skill_id: int
    duration_minutes: int
    practiced_at: datetime
    quality: int | None = None


class PracticeInferred(InferenceEvent):
    event_type = "skills.practice.inferred"
    session_id: int
    skill_id: int
    calendar_event_id: int
    confidence_score: float
    duration_minutes: int | None = None
    practiced_at: datetime
    status: str
    inferred_structure: dict[str, Any] = {}


class PracticeReviewed(DomainEvent):
    """The owner confirmed, rejected or ignored an inferred session."""

    event_type = "skills.practice.reviewed"
    session_id: int
    skill_id: int
    calendar_event_id: int | None = None
    status: str
    previous_status: str | None = None


class PracticeDeleted(DomainEvent):
    event_type = "skills.practice.deleted"
    session_id: int
    skill_id: int


class MetricRecomputed(DomainEvent):
    event_type = "skills.metric.recomputed"
    skill_id: int
    total_minutes: int
    session_count: int
    current_streak_days: int
    longest_streak_days: int
    proficiency_level: str
    as_of: date


EVENTS = (
    SkillCreated,
    SkillUpdated,
    SkillDeleted,
    PracticeLogged,
    PracticeInferred,
    PracticeReviewed,
    PracticeDeleted,
    MetricRecomputed,
)
