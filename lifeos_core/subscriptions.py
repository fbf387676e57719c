"""Who hears which event: event type -> subscriber functions, handed to the dispatcher."""

from __future__ import annotations

from lifeos_core.insights import engine as insights_engine
from lifeos_core.outbox.dispatcher import Subscribers


def subscribers() -> Subscribers:
    registry: dict[str, list] = {}
    for event_type in insights_engine.SUBSCRIBED_EVENT_TYPES:
        registry.setdefault(event_type, []).append(insights_engine.handle_events)
    return registry
