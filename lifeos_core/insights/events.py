"""Events of the insights domain (``insights.*``): what the owner did with an insight, and
the thresholds the owner set for the rules.

The engine's own writes (deriving an insight) emit nothing: an insight is itself derived
from events, and an event about it would only feed the outbox back to its own subscriber.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lifeos_core.events.base import DomainEvent


class InsightAcknowledged(DomainEvent):
    event_type = "insights.insight.acknowledged"
    insight_id: int
    insight_type: str


class InsightDismissed(DomainEvent):
    event_type = "insights.insight.dismissed"
    insight_id: int
    insight_type: str


class InsightMarkedNotUseful(DomainEvent):
    """The owner's "not useful": a false positive of the rule (and of the model behind it)."""

    event_type = "insights.insight.marked_not_useful"
    insight_id: int
    insight_type: str
    rule_version: int
    model_version: str | None = None


class MissReported(DomainEvent):
    """The owner says a rule should have noticed something it did not: a confirmed miss."""

    event_type = "insights.miss.reported"
    miss_id: int
    rule: str
    model_version: str | None = None


class ThresholdSet(DomainEvent):
    """A budget or a balance floor; rules re-check the period from ``effective_on``."""

    event_type = "insights.threshold.set"
    threshold_id: int
    kind: str
    subject: str
    amount: Decimal
    effective_on: date


class ThresholdRemoved(DomainEvent):
    event_type = "insights.threshold.removed"
    threshold_id: int
    kind: str
    subject: str


EVENTS = (
    InsightAcknowledged,
    InsightDismissed,
    InsightMarkedNotUseful,
    MissReported,
    ThresholdSet,
    ThresholdRemoved,
)
