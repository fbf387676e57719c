"""Events of the calendar domain (``calendar.event.*``, ``calendar.interpretation.*``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lifeos_core.events.base import DomainEvent, InferenceEvent


class CalendarEventCreated(DomainEvent):
    event_type = "calendar.event.created"
    event_id: int
    title: str
    start_time: datetime
    end_time: datetime | None = None
    source: str
    created_at: datetime


class CalendarEventUpdated(DomainEvent):
    event_type = "calendar.event.updated"
    event_id: int
    fields: list[str]
    updated_at: datetime


class CalendarEventDeleted(DomainEvent):
    event_type = "calendar.event.deleted"
    event_id: int


class CalendarEventSynced(DomainEvent):
    event_type = "calendar.event.synced"
    event_id: int
    source: str
    external_id: str


class InterpretationCreated(InferenceEvent):
    event_type = "calendar.interpretation.created"
    interpretation_id: int
    calendar_event_id: int
    domain: str
    record_type: str
    confidence_score: float
    status: str
    inferred_structure: dict[str, Any] = {}


class InterpretationConfirmed(InferenceEvent):
    event_type = "calendar.interpretation.confirmed"
    interpretation_id: int
    calendar_event_id: int
    record_type: str
    record_id: int | None = None
    decided_by: str
    event_start: datetime


class InterpretationRejected(InferenceEvent):
    event_type = "calendar.interpretation.rejected"
    interpretation_id: int
    reason: str | None = None


class InterpretationIgnored(InferenceEvent):
    event_type = "calendar.interpretation.ignored"
    interpretation_id: int


class InterpretationWithdrawn(InferenceEvent):
    """The event changed or disappeared, so a pending interpretation no longer applies."""

    event_type = "calendar.interpretation.withdrawn"
    interpretation_id: int


EVENTS = (
    CalendarEventCreated,
    CalendarEventUpdated,
    CalendarEventDeleted,
    CalendarEventSynced,
    InterpretationCreated,
    InterpretationConfirmed,
    InterpretationRejected,
    InterpretationIgnored,
    InterpretationWithdrawn,
)
