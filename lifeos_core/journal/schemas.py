"""Input and output shapes of the journal services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
Mood = Annotated[int, Field(ge=1, le=10)]  # 1 (awful) .. 10 (wonderful)


def normalise_tag(tag: str) -> str:
    """'  #Deep   Work ' -> 'deep work': lowercase, no leading '#', single spaces."""
    return " ".join(tag.strip().lstrip("#").split()).lower()


def normalise_tags(value: object) -> object:
    """Tags from a list or a comma-separated string: normalised, blanks and repeats dropped."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return value  # let the type check name the field
    tags: list[str] = []
    for tag in value:
        if not isinstance(tag, str):
            return value
        tag = normalise_tag(tag)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


class NewJournalEntry(BaseModel):
    entry_date: date
    title: str | None = Field(default=None, max_length=200)
    body: str = Field(min_length=1, max_length=100_000)
    mood: Mood | None = None
    tags: list[str] = Field(default_factory=list)
    is_private: bool = False

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> object:
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("body")
    @classmethod
    def _body(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("write something")
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _normalise_tags(cls, value: object) -> object:
        return normalise_tags(value)

    @field_validator("tags")
    @classmethod
    def _tags_fit(cls, tags: list[str] | None) -> list[str] | None:
        if tags is not None:
            if len(tags) > MAX_TAGS:
                raise ValueError(f"at most {MAX_TAGS} tags")
            for tag in tags:
                if len(tag) > MAX_TAG_LENGTH:
                    raise ValueError(f"{tag[:20]!r}… is longer than {MAX_TAG_LENGTH} characters")
        return tags


class JournalEntryChanges(NewJournalEntry):
    """Only the fields given change; ``title=None`` and ``mood=None`` clear them."""

    entry_date: date | None = None
    body: str | None = Field(default=None, min_length=1, max_length=100_000)
    tags: list[str] | None = None
    is_private: bool | None = None

    @field_validator("entry_date", "body", "tags", "is_private")
    @classmethod
    def _not_cleared(cls, value: object) -> object:
        # Validators run only on given values, so None here was passed on purpose.
        if value is None:
            raise ValueError("cannot be empty")
        return value


class EntryFilter(BaseModel):
    start: date | None = None
    end: date | None = None
    tag: str | None = None
    mood_min: Mood | None = None
    mood_max: Mood | None = None
    limit: int = Field(default=200, ge=1, le=1000)

    @field_validator("tag", mode="before")
    @classmethod
    def _tag(cls, value: object) -> object:
        return (normalise_tag(value) or None) if isinstance(value, str) else value

    # Fields validate in order, so each bound's partner is already in info.data.
    @field_validator("end")
    @classmethod
    def _end(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if value and start and value < start:
            raise ValueError("is before the start date")
        return value

    @field_validator("mood_max")
    @classmethod
    def _mood_max(cls, value: int | None, info: ValidationInfo) -> int | None:
        low = info.data.get("mood_min")
        if value and low and value < low:
            raise ValueError("is below the lowest mood")
        return value


class SearchRequest(BaseModel):
    query: str
    limit: int = Field(default=50, ge=1, le=500)


class JournalEntryView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    entry_date: date
    title: str | None
    body: str
    mood: int | None
    tags: list[str]
    is_private: bool
    created_at: datetime
    updated_at: datetime


class TagCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    tag: str
    count: int


class MoodPoint(BaseModel):
    """The mood of one day: the average of that day's rated entries."""

    model_config = ConfigDict(frozen=True)

    entry_date: date
    mood: float
    entries: int
