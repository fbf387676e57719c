"""Events of the relationships domain (``relationships.person.*``, ``relationships.interaction.*``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lifeos_core.events.base import DomainEvent, InferenceEvent


class PersonCreated(DomainEvent):
    event_type = "relationships.person.created"
    person_id: int
    name: str
    relationship_type: str
    reconnect_cue_days: int | None = None
    created_at: datetime


class PersonUpdated(DomainEvent):
    event_type = "relationships.person.updated"
    person_id: int
    fields: list[str]
    updated_at: datetime


class PersonDeleted(DomainEvent):
    """The person's interactions go with them; ``interactions_deleted`` says how many."""

    event_type = "relationships.person.deleted"
    person_id: int
    interactions_deleted: int
    deleted_at: datetime


class InteractionLogged(DomainEvent):
    event_type = "relationships.interaction.logged"
    interaction_id: int
    person_id: int
    interaction_type: str
    occurred_at: datetime


class InteractionUpdated(DomainEvent):
    """Also emitted when an inferred interaction is confirmed, rejected or ignored."""

    event_type = "relationships.interaction.updated"
    interaction_id: int
    person_id: int | None = None
    fields: list[str]
    inferred_status: str | None = None
    updated_at: datetime


class InteractionDeleted(DomainEvent):
    event_type = "relationships.interaction.deleted"
    interaction_id: int
    person_id: int | None = None
    deleted_at: datetime


class InteractionInferred(InferenceEvent):
    event_type = "relationships.interaction.inferred"
    interaction_id: int
    person_id: int | None = None
    calendar_event_id: int
    confidence_score: float
    interaction_type: str
    status: str
    inferred_structure: dict[str, Any] = {}


EVENTS = (
    PersonCreated,
    PersonUpdated,
    PersonDeleted,
    InteractionLogged,
    InteractionUpdated,
    InteractionDeleted,
    InteractionInferred,
)
