"""The event catalog is complete, consistent and enforced."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import lifeos_core
from lifeos_core.events.base import DomainEvent, InferenceEvent
from lifeos_core.events.catalog import (
    UnknownEventError,
    check_cataloged,
    event_catalog,
    parse_event,
)
from lifeos_core.unit_of_work import UnitOfWork

EVENT_NAME = r"^[a-z_]+\.[a-z_]+\.[a-z_]+(\.[a-z_]+)?$"


def all_event_classes() -> set[type[DomainEvent]]:
    found = set()
    for module_info in pkgutil.walk_packages(lifeos_core.__path__, "lifeos_core."):
        if not module_info.name.endswith(".events"):
            continue
        module = importlib.import_module(module_info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, DomainEvent) and obj not in (DomainEvent, InferenceEvent):
                found.add(obj)
    return found


def test_every_event_class_in_the_code_is_in_the_catalog():
    assert all_event_classes() == set(event_catalog().values())


def test_event_types_follow_domain_resource_action():
    for event_type, event_class in event_catalog().items():
        assert event_class.event_type == event_type
        assert __import__("re").match(EVENT_NAME, event_type), event_type
        assert event_class.payload_version >= 1


def test_inference_events_carry_a_model_version():
    inference = [
        c for c in event_catalog().values() if c.event_type.startswith("calendar.interpretation.")
    ]
    assert inference and all(issubclass(c, InferenceEvent) for c in inference)
    assert all("model_version" in c.model_fields for c in inference)


class NotInCatalog(DomainEvent):
    event_type = "calendar.event.teleported"
    event_id: int


def test_emitting_an_event_missing_from_the_catalog_fails():
    uow = UnitOfWork(session_factory=None)
    with pytest.raises(UnknownEventError, match="not in the event catalog"):
        uow.emit(NotInCatalog(user_id=1, event_id=2))
    with pytest.raises(UnknownEventError):
        check_cataloged(NotInCatalog(user_id=1, event_id=2))


def test_stored_payloads_round_trip_and_bad_ones_fail():
    event = parse_event("calendar.event.deleted", {"user_id": 1, "event_id": 7})
    assert event.model_dump() == {"user_id": 1, "event_id": 7}
    with pytest.raises(UnknownEventError):
        parse_event("calendar.event.teleported", {"user_id": 1})
    with pytest.raises(ValueError):
        parse_event("calendar.event.deleted", {"user_id": 1})
