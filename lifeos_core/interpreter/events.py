"""Events of the interpreter itself (``interpreter.model.*``)."""

from __future__ import annotations

from typing import Any

from lifeos_core.events.base import DomainEvent


class InterpreterModelTrained(DomainEvent):
    event_type = "interpreter.model.trained"
    model_id: int
    model_version: str
    decisions: int
    examples: int
    metrics: dict[str, Any]


EVENTS = (InterpreterModelTrained,)
