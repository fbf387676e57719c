"""Run the interpreter over events that are new or changed since it last looked."""

from __future__ import annotations

import zoneinfo

from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import CalendarEventView, InterpretationCounts
from lifeos_core.config import Settings
from lifeos_core.interpreter.adapters import create_record, set_record_status
from lifeos_core.interpreter.learning import known_names, load_user_model
from lifeos_core.interpreter.review import proposal_of
from lifeos_core.interpreter.rules import EventFacts, interpret_batch, model_version
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
    """Interpret every user's new and changed events, a batch per transaction. Idempotent.

    Each interpretation that can become a domain record does so at once (auto-confirmed ones
    confirmed, review ones as ``inferred``), through the domain's own service; proposals the
    events no longer support are withdrawn and their records taken out of sight.
    """
    total = InterpretationCounts()
    with uow_factory() as uow:
        user_ids = calendar.all_users_with_events_to_interpret(uow)
        swept = set(auth.all_active_user_ids(uow))
    for user_id in sorted(swept | set(user_ids)):
        with uow_factory() as uow:  # the owner's model and names, once per run
            actor = auth.get_actor(uow, user_id)
            model, known = load_user_model(uow, actor), known_names(uow, actor)
        version = model_version(model)
        while True:
            with uow_factory() as uow:
                events = calendar.events_to_interpret(uow, actor, limit=BATCH)
                batch = interpret_batch(
                    [facts_for(event, actor.timezone) for event in events],
                    auto_confirm_threshold=settings.interpreter_auto_confirm_threshold,
                    review_threshold=settings.interpreter_review_threshold,
                    model=model,
                    known=known,
                )
                for event, proposals in zip(events, batch, strict=True):
                    counts = calendar.record_interpretations(
                        uow, actor, event_id=event.id, proposals=proposals, model_version=version
                    )
                    for name, value in counts.model_dump().items():
                        setattr(total, name, getattr(total, name) + value)
                    _make_records(uow, actor, event.id)
                _retire_withdrawn(uow, actor)
                uow.commit()
            if len(events) < BATCH:
                break
    return total


def _make_records(uow, actor, event_id: int) -> None:
    for view in calendar.interpretations_without_records(uow, actor, event_id):
        record_id = create_record(
            uow, actor, view.record_type, proposal_of(view), status=view.status
        )
        if record_id is not None:
            calendar.link_record(uow, actor, view.id, record_id)


def _retire_withdrawn(uow, actor) -> None:
    """A withdrawn proposal's record leaves the domain views (the event changed or went)."""
    for view in calendar.withdrawn_with_records(uow, actor):
        set_record_status(uow, actor, view.record_type, view.record_id, "ignored")
        calendar.link_record(uow, actor, view.id, None)
