"""Input and output shapes of the relationships services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from lifeos_core.auth.schemas import EMAIL_PATTERN, normalise_email
from lifeos_core.relationships.cues import days_overdue

RelationshipType = Literal["family", "friend", "colleague", "acquaintance", "other"]
InteractionType = Literal["call", "message", "meeting", "meal", "other"]
RELATIONSHIP_TYPES: tuple[str, ...] = get_args(RelationshipType)
INTERACTION_TYPES: tuple[str, ...] = get_args(InteractionType)


def normalise_name(value: str) -> str:
    """One space between words, none around: 'Bo  Lind ' and 'Bo Lind' are one spelling."""
    return " ".join(value.split())


def _name(value: str) -> str:
    value = normalise_name(value)
    if not value:
        raise ValueError("is required")
    return value


def _email(value: str) -> str | None:
    if not value.strip():
        return None
    value = normalise_email(value)
    if not EMAIL_PATTERN.match(value):
        raise ValueError("is not an email address")
    return value


def _birthday(value: date) -> date:
    if value > date.today():
        raise ValueError("is in the future")
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("needs a time zone")
    return value


Name = Annotated[str, Field(max_length=200), AfterValidator(_name)]
Email = Annotated[str, Field(max_length=320), AfterValidator(_email)]
Birthday = Annotated[date, AfterValidator(_birthday)]
Moment = Annotated[datetime, AfterValidator(_aware)]
Notes = Annotated[str, Field(max_length=5000)]
CueDays = Annotated[int, Field(ge=1, le=3650)]


def _not_none(value):
    if value is None:
        raise ValueError("is required")
    return value


class NewPerson(BaseModel):
    name: Name
    relationship_type: RelationshipType = "other"
    reconnect_cue_days: CueDays | None = None
    notes: Notes | None = None
    birthday: Birthday | None = None
    email: Email | None = None


class PersonChanges(BaseModel):
    """Only the fields passed change; None clears an optional field."""

    name: Name | None = None
    relationship_type: RelationshipType | None = None
    reconnect_cue_days: CueDays | None = None
    notes: Notes | None = None
    birthday: Birthday | None = None
    email: Email | None = None

    # A person cannot lose their name or type (defaults are not validated, explicit None is).
    _required = field_validator("name", "relationship_type")(_not_none)


class NewInteraction(BaseModel):
    person_id: int
    interaction_type: InteractionType = "other"
    occurred_at: Moment
    notes: Notes | None = None


class InteractionChanges(BaseModel):
    """Only the fields passed change; notes=None clears the notes."""

    person_id: int | None = None
    interaction_type: InteractionType | None = None
    occurred_at: Moment | None = None
    notes: Notes | None = None

    _required = field_validator("person_id", "interaction_type", "occurred_at")(_not_none)


class InferredInteraction(BaseModel):
    person_id: int | None = None
    person_name: Annotated[str, Field(max_length=200), AfterValidator(normalise_name)] | None = None
    interaction_type: InteractionType = "meeting"
    occurred_at: Moment
    notes: Notes | None = None
    calendar_event_id: int
    confidence: float = Field(ge=0, le=1)
    status: Literal["inferred", "confirmed"]
    model_version: str = Field(min_length=1, max_length=100)


class PersonView(BaseModel):
    """A person with their derived last contact and reconnect date."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    name: str
    relationship_type: str
    reconnect_cue_days: int | None
    notes: str | None
    birthday: date | None
    email: str | None
    created_at: datetime
    last_contact: datetime | None
    reconnect_due_on: date | None

    def days_overdue(self, today: date) -> int | None:
        return days_overdue(self.reconnect_due_on, today)


class InteractionView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    person_id: int | None
    # The linked person's name, or the name the calendar used for an unmatched inference.
    person_name: str | None
    interaction_type: str
    occurred_at: datetime
    notes: str | None
    source: str
    calendar_event_id: int | None
    confidence_score: float | None
    inferred_status: str | None
