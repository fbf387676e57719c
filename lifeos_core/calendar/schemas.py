"""Input and output shapes of the calendar services."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from icalendar import vRecur
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

Decision = Literal["auto_confirm", "review", "discard"]


class NewCalendarEvent(BaseModel):
    title: str = Field(min_length=1, max_length=500)
    start_time: datetime
    end_time: datetime | None = None
    all_day: bool = False
    description: str | None = Field(default=None, max_length=20_000)
    location: str | None = Field(default=None, max_length=500)
    recurrence_rule: str | None = Field(default=None, max_length=500)
    color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")
    is_private: bool = False
    tags: list[str] = Field(default_factory=list)
    timezone: str | None = None

    @field_validator("start_time", "end_time")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("must include a time zone")
        return value

    @field_validator("recurrence_rule")
    @classmethod
    def _rule(cls, value: str | None) -> str | None:
        return _valid_rule(value)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str] | None) -> list[str] | None:
        return _normal_tags(value)

    @field_validator("end_time")
    @classmethod
    def _after_start(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("start_time")
        if value is not None and start is not None and value < start:
            raise ValueError("is before the start")
        return value


class CalendarEventChanges(BaseModel):
    """A partial edit: only the fields given change."""

    title: str | None = Field(default=None, min_length=1, max_length=500)
    start_time: datetime | None = None
    end_time: datetime | None = None
    all_day: bool | None = None
    description: str | None = Field(default=None, max_length=20_000)
    location: str | None = Field(default=None, max_length=500)
    recurrence_rule: str | None = Field(default=None, max_length=500)
    color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")
    is_private: bool | None = None
    tags: list[str] | None = None

    @field_validator("start_time", "end_time")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("must include a time zone")
        return value

    @field_validator("recurrence_rule")
    @classmethod
    def _rule(cls, value: str | None) -> str | None:
        return _valid_rule(value)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str] | None) -> list[str] | None:
        return _normal_tags(value)


def _valid_rule(value: str | None) -> str | None:
    if value:
        value = value.strip().removeprefix("RRULE:")
        try:
            valid = "FREQ" in vRecur.from_ical(value)
        except ValueError:
            valid = False
        if not valid:
            raise ValueError(f"{value!r} is not an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=MO")
    return value or None


def _normal_tags(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    tags = []
    for tag in value:
        tag = " ".join(tag.split()).lower()
        if tag and tag not in tags:
            tags.append(tag[:50])
    return tags


class CalendarEventView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    title: str
    description: str | None
    start_time: datetime
    end_time: datetime | None
    all_day: bool
    original_timezone: str | None
    location: str | None
    source: str
    external_id: str | None
    recurrence_rule: str | None
    color: str | None
    is_private: bool
    tags: list[str]
    content_hash: str | None


class InterpretationProposal(BaseModel):
    """What the interpreter proposes for one event: one record in one domain."""

    model_config = ConfigDict(frozen=True)

    domain: str
    record_type: str
    confidence: float = Field(ge=0, le=1)
    decision: Decision
    structure: dict[str, Any] = Field(default_factory=dict)
    evidence: list[str] = Field(default_factory=list)


class InterpretationView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    calendar_event_id: int
    event_title: str
    event_start: datetime
    event_end: datetime | None
    domain: str
    record_type: str
    record_id: int | None = None  # the domain record it became, once it did
    confidence_score: float
    status: str
    decided_by: str | None
    model_version: str
    structure: dict[str, Any]
    evidence: list[str]
    # The owner said the event was this where the interpreter had proposed nothing (a false
    # negative, "the interpreter missed this"), rather than deciding on a proposal.
    added_by_owner: bool = False


class ConnectionView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    user_id: int
    kind: str
    name: str
    location: str
    is_active: bool
    options: dict[str, Any] = Field(default_factory=dict)
    sync_state: dict[str, Any] = Field(default_factory=dict)
    has_credentials: bool = False
    last_attempt_at: datetime | None = None
    last_synced_at: datetime | None
    last_error: str | None
    last_counts: dict[str, Any]


class SourceItem(BaseModel):
    """One upstream object as fetched: its address, its series, its version and its text."""

    model_config = ConfigDict(frozen=True)

    href: str
    series_id: str
    etag: str | None = None
    data: str


class SyncCounts(BaseModel):
    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0  # upstream objects that would not parse (named in the sync state)


class InterpretationCounts(BaseModel):
    events: int = 0
    created: int = 0
    updated: int = 0
    auto_confirmed: int = 0
    withdrawn: int = 0
