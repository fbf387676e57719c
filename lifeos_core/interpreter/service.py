"""Run the interpreter over events that are new or changed since it last looked."""

from __future__ import annotations

import zoneinfo

from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import CalendarEventView, InterpretationCounts
from lifeos_core.config import Settings
from lifeos_core.interpreter.rules import RULES_VERSION, EventFacts, interpret
from lifeos_core.unit_of_work import UnitOfWorkFactory

BATCH = 500


def facts_for(event: CalendarEventView, default_timezone: str) -> EventFacts:
    """Rules reason in the event's own local time: 'Run' at 06:00 Berlin is a morning run."""
    try:
        zone = zoneinfo.ZoneInfo(event.original_timezone or default_timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return EventFacts(
        title=event.title,
        description=event.description or "",
        location=event.location or "",
        start=event.start_time.astimezone(zone),
        end=event.end_time.astimezone(zone) if event.end_time else None,
        all_day=event.all_day,
    )


def interpret_new_events(
    uow_factory: UnitOfWorkFactory, settings: Settings
) -> InterpretationCounts:
    """Interpret every user's pending events, a batch per transaction. Idempotent."""
    total = InterpretationCounts()
    with uow_factory() as uow:
        user_ids = calendar.all_users_with_events_to_interpret(uow)
    for user_id in user_ids:
        while True:
            with uow_factory() as uow:
                actor = auth.get_actor(uow, user_id)
                events = calendar.events_to_interpret(uow, actor, limit=BATCH)
                for event in events:
                    proposals = interpret(
                        facts_for(event, actor.timezone),
                        auto_confirm_threshold=settings.interpreter_auto_confirm_threshold,
                        review_threshold=settings.interpreter_review_threshold,
                    )
                    counts = calendar.record_interpretations(
                        uow,
                        actor,
                        event_id=event.id,
                        proposals=proposals,
                        model_version=RULES_VERSION,
                    )
                    for name, value in counts.model_dump().items():
                        setattr(total, name, getattr(total, name) + value)
                uow.commit()
            if len(events) < BATCH:
                break
    return total
