"""The event catalog: every event type the system may emit, with its payload model.

Each domain lists its events in an ``EVENTS`` tuple in its ``events.py``; the catalog is the
union of those tuples. The unit of work refuses to emit anything that is not in it, so a
typo or a forgotten registration fails the first test that exercises it.
"""

from __future__ import annotations

import functools
import importlib

from lifeos_core.events.base import DomainEvent

CATALOG_MODULES = (
    "lifeos_core.auth.events",
    "lifeos_core.calendar.events",
    "lifeos_core.habits.events",
    "lifeos_core.finance.events",
    "lifeos_core.health.events",
    "lifeos_core.skills.events",
    "lifeos_core.projects.events",
    "lifeos_core.relationships.events",
    "lifeos_core.journal.events",
    "lifeos_core.interpreter.events",
    "lifeos_core.insights.events",
)


class UnknownEventError(LookupError):
    """An event type that is not in the catalog."""


@functools.cache
def event_catalog() -> dict[str, type[DomainEvent]]:
    catalog: dict[str, type[DomainEvent]] = {}
    for module_name in CATALOG_MODULES:
        module = importlib.import_module(module_name)
        for event_class in module.EVENTS:
            if event_class.event_type in catalog:
                raise RuntimeError(f"event type {event_class.event_type} is registered twice")
            catalog[event_class.event_type] = event_class
    return catalog


def check_cataloged(event: DomainEvent) -> None:
    """Raise UnknownEventError unless ``event`` is exactly the catalog's class for its type."""
    event_type = getattr(type(event), "event_type", None)
    registered = event_catalog().get(event_type) if event_type else None
    if registered is not type(event):
        raise UnknownEventError(
            f"{type(event).__name__} ({event_type or 'no event_type'}) is not in the event "
            "catalog; add it to its domain's events.EVENTS"
        )


def parse_event(event_type: str, payload: dict) -> DomainEvent:
    """Rebuild a catalog event from a stored payload (outbox row or event_record)."""
    try:
        event_class = event_catalog()[event_type]
    except KeyError:
        raise UnknownEventError(f"{event_type} is not in the event catalog") from None
    return event_class.model_validate(payload)
