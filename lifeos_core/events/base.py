"""What a domain event is: a small, frozen, validated fact named in the past tense."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    """Base of every catalog event.

    ``event_type`` follows ``domain.resource.action``; ``payload_version`` goes up when the
    payload changes shape, so consumers can tell old rows from new ones.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    payload_version: ClassVar[int] = 1

    user_id: int


class InferenceEvent(DomainEvent):
    """Events about inferences also say which model made them."""

    model_version: str
    is_false_positive: bool | None = None
    is_false_negative: bool | None = None
