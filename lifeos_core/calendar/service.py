"""Calendar services: events by hand and by sync, interpretations and their review.

Every function takes the acting user and touches only that user's rows; an id that belongs
to someone else behaves exactly like an id that does not exist. The few functions without an
actor (named ``all_…``) are for schedulers that then act per user.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.auth.service import require
from lifeos_core.calendar.events import (
    CalendarEventCreated,
    CalendarEventDeleted,
    CalendarEventUpdated,
    InterpretationConfirmed,
    InterpretationCreated,
    InterpretationIgnored,
    InterpretationRejected,
    InterpretationWithdrawn,
)
from lifeos_core.calendar.ics import NormalisedEvent
from lifeos_core.calendar.models import (
    CalendarConnection,
    CalendarEvent,
    CalendarEventInterpretation,
)
from lifeos_core.calendar.schemas import (
    CalendarEventChanges,
    CalendarEventView,
    ConnectionView,
    InterpretationCounts,
    InterpretationProposal,
    InterpretationView,
    NewCalendarEvent,
    SyncCounts,
)
from lifeos_core.database import utcnow
from lifeos_core.errors import InvalidInput, NotFound, validate
from lifeos_core.unit_of_work import UnitOfWork

SYNCED_FIELDS = (
    "title", "description", "start_time", "end_time", "all_day", "location",
    "recurrence_rule", "is_private", "tags",
)  # fmt: skip


# --- events by hand -----------------------------------------------------------------------


def create_event(uow: UnitOfWork, actor: Actor, **fields) -> CalendarEventView:
    require(actor, "calendar.write")
    data = validate(NewCalendarEvent, **fields)
    event = CalendarEvent(
        user_id=actor.user_id,
        source="manual",
        original_timezone=data.timezone or actor.timezone,
        **data.model_dump(exclude={"timezone"}),
    )
    event.content_hash = _content_hash(event)
    uow.session.add(event)
    uow.session.flush()
    uow.emit(
        CalendarEventCreated(
            user_id=actor.user_id,
            event_id=event.id,
            title=event.title,
            start_time=event.start_time,
            end_time=event.end_time,
            source=event.source,
            created_at=event.created_at,
        )
    )
    return CalendarEventView.model_validate(event)


# What may change on an event that a sync brought in: the rest belongs to its source
# calendar and would be overwritten by the next sync.
EDITABLE_WHEN_SYNCED = {"color"}


def update_event(uow: UnitOfWork, actor: Actor, event_id: int, **changes) -> CalendarEventView:
    """Change some fields of an event. Synced events only take LifeOS's own fields (colour)."""
    require(actor, "calendar.write")
    data = validate(CalendarEventChanges, **changes).model_dump(exclude_unset=True)
    event = _owned_event(uow, actor, event_id)
    if event.source != "manual":
        foreign = sorted(set(data) - EDITABLE_WHEN_SYNCED)
        if foreign:
            raise InvalidInput(
                f"{foreign[0]}: this event comes from {event.source}; change it there "
                "(here only its colour can change)",
                {name: f"comes from {event.source}; change it there" for name in foreign},
            )
    start = data.get("start_time", event.start_time)
    end = data.get("end_time", event.end_time)
    if end is not None and end < start:
        raise InvalidInput("end_time: is before the start", {"end_time": "is before the start"})
    changed = [name for name, value in data.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, data[name])
    if set(changed) & set(SYNCED_FIELDS):
        event.content_hash = _content_hash(event)  # the interpreter looks at it again
    if changed:
        uow.session.flush()
        uow.emit(
            CalendarEventUpdated(
                user_id=actor.user_id,
                event_id=event.id,
                fields=changed,
                updated_at=event.updated_at,
            )
        )
    return CalendarEventView.model_validate(event)


def _content_hash(event: CalendarEvent) -> str:
    """Fingerprint of what the interpreter reads, for events typed in by hand."""
    content = {name: getattr(event, name) for name in SYNCED_FIELDS}
    return hashlib.sha256(json.dumps(content, default=str, sort_keys=True).encode()).hexdigest()


def _owned_event(uow: UnitOfWork, actor: Actor, event_id: int) -> CalendarEvent:
    event = uow.session.scalar(
        sa.select(CalendarEvent).where(
            CalendarEvent.id == event_id,
            CalendarEvent.user_id == actor.user_id,
            CalendarEvent.deleted_at.is_(None),
        )
    )
    if event is None:
        raise NotFound(f"calendar event {event_id} not found")
    return event


def get_event(uow: UnitOfWork, actor: Actor, event_id: int) -> CalendarEventView:
    require(actor, "calendar.read")
    return CalendarEventView.model_validate(_owned_event(uow, actor, event_id))


def delete_event(uow: UnitOfWork, actor: Actor, event_id: int) -> None:
    require(actor, "calendar.write")
    event = _owned_event(uow, actor, event_id)
    _mark_deleted(uow, event)


def list_events(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    sources: Sequence[str] | None = None,
    limit: int = 1000,
) -> list[CalendarEventView]:
    """The actor's events overlapping [start, end), earliest first."""
    require(actor, "calendar.read")
    query = sa.select(CalendarEvent).where(
        CalendarEvent.user_id == actor.user_id, CalendarEvent.deleted_at.is_(None)
    )
    if start is not None:
        query = query.where(
            sa.func.coalesce(CalendarEvent.end_time, CalendarEvent.start_time) >= start
        )
    if end is not None:
        query = query.where(CalendarEvent.start_time < end)
    if sources:
        query = query.where(CalendarEvent.source.in_(sources))
    query = query.order_by(CalendarEvent.start_time, CalendarEvent.id).limit(limit)
    return [CalendarEventView.model_validate(e) for e in uow.session.scalars(query)]


# --- connections and sync -----------------------------------------------------------------


def add_connection(
    uow: UnitOfWork, actor: Actor, *, kind: Literal["ics_file", "ics_url"], name: str, location: str
) -> ConnectionView:
    """Register a calendar source; adding the same source again returns the existing one."""
    require(actor, "calendar.write")
    if kind not in ("ics_file", "ics_url"):
        raise InvalidInput(f"kind: unsupported connection kind {kind!r}", {"kind": "unsupported"})
    if not location.strip():
        raise InvalidInput("location: a path or URL is required", {"location": "required"})
    existing = uow.session.scalar(
        sa.select(CalendarConnection).where(
            CalendarConnection.user_id == actor.user_id,
            CalendarConnection.kind == kind,
            CalendarConnection.location == location,
        )
    )
    if existing is not None:
        return ConnectionView.model_validate(existing)
    connection = CalendarConnection(
        user_id=actor.user_id, kind=kind, name=name.strip() or location, location=location
    )
    uow.session.add(connection)
    uow.session.flush()
    return ConnectionView.model_validate(connection)


def list_connections(uow: UnitOfWork, actor: Actor) -> list[ConnectionView]:
    require(actor, "calendar.read")
    rows = uow.session.scalars(
        sa.select(CalendarConnection)
        .where(CalendarConnection.user_id == actor.user_id)
        .order_by(CalendarConnection.id)
    )
    return [ConnectionView.model_validate(c) for c in rows]


def all_active_connections(uow: UnitOfWork, *, kind: str | None = None) -> list[ConnectionView]:
    """Every user's active connections, for the sync schedule (which then acts per owner)."""
    query = sa.select(CalendarConnection).where(CalendarConnection.is_active.is_(True))
    if kind:
        query = query.where(CalendarConnection.kind == kind)
    return [
        ConnectionView.model_validate(c)
        for c in uow.session.scalars(query.order_by(CalendarConnection.id))
    ]


def _owned_connection(uow: UnitOfWork, actor: Actor, connection_id: int) -> CalendarConnection:
    connection = uow.session.scalar(
        sa.select(CalendarConnection).where(
            CalendarConnection.id == connection_id, CalendarConnection.user_id == actor.user_id
        )
    )
    if connection is None:
        raise NotFound(f"calendar connection {connection_id} not found")
    return connection


def sync_connection_events(
    uow: UnitOfWork,
    actor: Actor,
    *,
    connection_id: int,
    occurrences: Iterable[NormalisedEvent],
    window_start: datetime,
    window_end: datetime,
) -> SyncCounts:
    """Make the connection's events in the window equal to ``occurrences``.

    Upserts by (user, connection, external_id); unchanged rows are not written at all, and an
    event missing from a snapshot that covers the window is deleted (its pending
    interpretations withdrawn). Running it twice on the same input changes nothing.
    """
    require(actor, "calendar.write")
    connection = _owned_connection(uow, actor, connection_id)
    session = uow.session
    counts = SyncCounts()
    existing = {
        e.external_id: e
        for e in session.scalars(
            sa.select(CalendarEvent).where(
                CalendarEvent.user_id == actor.user_id,
                CalendarEvent.connection_id == connection.id,
                CalendarEvent.external_id.is_not(None),
            )
        )
    }
    seen: set[str] = set()
    created: list[CalendarEvent] = []
    for occurrence in occurrences:
        counts.fetched += 1
        if occurrence.external_id in seen:
            continue  # a feed that repeats a UID: the first occurrence wins
        seen.add(occurrence.external_id)
        content_hash = occurrence.content_hash()
        event = existing.get(occurrence.external_id)
        if event is not None and event.content_hash == content_hash and event.deleted_at is None:
            counts.unchanged += 1
            continue
        values = {
            "title": occurrence.title[:500],
            "description": occurrence.description,
            "start_time": occurrence.start_time,
            "end_time": occurrence.end_time,
            "all_day": occurrence.all_day,
            "location": (occurrence.location or None) and occurrence.location[:500],
            "recurrence_rule": occurrence.recurrence_rule,
            "is_private": occurrence.is_private,
            "tags": list(occurrence.tags),
        }
        if event is None:
            event = CalendarEvent(
                user_id=actor.user_id,
                connection_id=connection.id,
                source=connection.kind,
                external_id=occurrence.external_id,
                original_timezone=occurrence.timezone,
                content_hash=content_hash,
                **values,
            )
            session.add(event)
            created.append(event)
            counts.created += 1
        else:
            changed = [name for name, value in values.items() if getattr(event, name) != value]
            for name, value in values.items():
                setattr(event, name, value)
            event.original_timezone = occurrence.timezone
            event.content_hash = content_hash
            event.deleted_at = None
            counts.updated += 1
            session.flush()
            uow.emit(
                CalendarEventUpdated(
                    user_id=actor.user_id,
                    event_id=event.id,
                    fields=changed or ["content"],
                    updated_at=event.updated_at,
                )
            )
    session.flush()
    for event in created:
        uow.emit(
            CalendarEventCreated(
                user_id=actor.user_id,
                event_id=event.id,
                title=event.title,
                start_time=event.start_time,
                end_time=event.end_time,
                source=event.source,
                created_at=event.created_at,
            )
        )
    for external_id, event in existing.items():
        if (
            external_id not in seen
            and event.deleted_at is None
            and window_start <= event.start_time < window_end
        ):
            _mark_deleted(uow, event)
            counts.deleted += 1
    return counts


def _mark_deleted(uow: UnitOfWork, event: CalendarEvent) -> None:
    event.deleted_at = utcnow()
    _withdraw_pending(uow, event.user_id, event.id, keep=())
    uow.emit(CalendarEventDeleted(user_id=event.user_id, event_id=event.id))


def record_sync_outcome(
    uow: UnitOfWork,
    actor: Actor,
    *,
    connection_id: int,
    counts: SyncCounts | None = None,
    error: str | None = None,
) -> None:
    """Remember how the last sync of a connection went (shown in the app and in Dagster)."""
    connection = _owned_connection(uow, actor, connection_id)
    connection.last_error = error
    if error is None:
        connection.last_synced_at = utcnow()
        connection.last_counts = counts.model_dump() if counts else {}


# --- interpretations ----------------------------------------------------------------------


def all_users_with_events_to_interpret(uow: UnitOfWork) -> list[int]:
    return list(
        uow.session.scalars(
            sa.select(CalendarEvent.user_id)
            .where(_needs_interpretation())
            .distinct()
            .order_by(CalendarEvent.user_id)
        )
    )


def _needs_interpretation() -> sa.ColumnElement[bool]:
    # Only events that have begun: a run at 06:00 tomorrow is a plan, not a workout yet. The
    # event stays uninterpreted (interpreted_hash NULL) and a later run picks it up.
    return sa.and_(
        CalendarEvent.deleted_at.is_(None),
        CalendarEvent.start_time <= utcnow(),
        sa.or_(
            CalendarEvent.interpreted_hash.is_(None),
            CalendarEvent.interpreted_hash != sa.func.coalesce(CalendarEvent.content_hash, ""),
        ),
    )


def events_to_interpret(
    uow: UnitOfWork, actor: Actor, *, limit: int = 1000
) -> list[CalendarEventView]:
    """Events that are new or changed since the interpreter last looked at them."""
    query = (
        sa.select(CalendarEvent)
        .where(CalendarEvent.user_id == actor.user_id, _needs_interpretation())
        .order_by(CalendarEvent.id)
        .limit(limit)
    )
    return [CalendarEventView.model_validate(e) for e in uow.session.scalars(query)]


def record_interpretations(
    uow: UnitOfWork,
    actor: Actor,
    *,
    event_id: int,
    proposals: Sequence[InterpretationProposal],
    model_version: str,
) -> InterpretationCounts:
    """Store what the interpreter proposes for one event; idempotent per event content.

    Auto-confirmed proposals are stored confirmed; review proposals wait as ``inferred``;
    discarded ones are not stored. A proposal the owner already rejected, ignored or
    confirmed is never reopened. Pending interpretations the new proposals no longer
    contain are withdrawn (the event changed).
    """
    session = uow.session
    event = _owned_event(uow, actor, event_id)
    counts = InterpretationCounts(events=1)
    existing = {
        i.record_type: i
        for i in session.scalars(
            sa.select(CalendarEventInterpretation).where(
                CalendarEventInterpretation.calendar_event_id == event.id,
                CalendarEventInterpretation.user_id == actor.user_id,
            )
        )
    }
    kept: list[str] = []
    for proposal in proposals:
        if proposal.decision == "discard":
            continue
        kept.append(proposal.record_type)
        data = {"structure": proposal.structure, "evidence": proposal.evidence}
        row = existing.get(proposal.record_type)
        auto = proposal.decision == "auto_confirm"
        if row is not None and row.status not in ("inferred", "withdrawn"):
            continue  # the owner (or an earlier auto-confirm) decided; keep it
        if row is None:
            row = CalendarEventInterpretation(calendar_event_id=event.id, user_id=actor.user_id)
            session.add(row)
            counts.created += 1
        else:
            counts.updated += 1
        row.domain = proposal.domain
        row.record_type = proposal.record_type
        row.confidence_score = round(proposal.confidence, 4)
        row.model_version = model_version
        row.classification_data = data
        row.status = "confirmed" if auto else "inferred"
        row.decided_by = "auto" if auto else None
        row.decided_at = utcnow() if auto else None
        session.flush()
        uow.emit(
            InterpretationCreated(
                user_id=actor.user_id,
                interpretation_id=row.id,
                calendar_event_id=event.id,
                domain=row.domain,
                record_type=row.record_type,
                confidence_score=row.confidence_score,
                status=row.status,
                model_version=model_version,
                inferred_structure=proposal.structure,
            )
        )
        if auto:
            counts.auto_confirmed += 1
            uow.emit(_confirmed_event(row, event, model_version))
    counts.withdrawn = _withdraw_pending(uow, actor.user_id, event.id, keep=kept)
    event.interpreted_hash = event.content_hash or ""
    return counts


def _confirmed_event(
    row: CalendarEventInterpretation, event: CalendarEvent, model_version: str
) -> InterpretationConfirmed:
    return InterpretationConfirmed(
        user_id=row.user_id,
        interpretation_id=row.id,
        calendar_event_id=event.id,
        record_type=row.record_type,
        record_id=row.record_id,
        decided_by=row.decided_by or "owner",
        event_start=event.start_time,
        model_version=model_version,
    )


def _withdraw_pending(uow: UnitOfWork, user_id: int, event_id: int, *, keep: Sequence[str]) -> int:
    rows = uow.session.scalars(
        sa.select(CalendarEventInterpretation).where(
            CalendarEventInterpretation.calendar_event_id == event_id,
            CalendarEventInterpretation.user_id == user_id,
            CalendarEventInterpretation.status == "inferred",
            CalendarEventInterpretation.record_type.not_in(keep),
        )
    ).all()
    for row in rows:
        row.status = "withdrawn"
        uow.emit(
            InterpretationWithdrawn(
                user_id=user_id, interpretation_id=row.id, model_version=row.model_version
            )
        )
    return len(rows)


def list_interpretations(
    uow: UnitOfWork,
    actor: Actor,
    *,
    statuses: Sequence[str] = ("inferred",),
    limit: int = 500,
) -> list[InterpretationView]:
    """Interpretations with their event, most confident first (the review queue by default)."""
    require(actor, "calendar.read")
    I, E = CalendarEventInterpretation, CalendarEvent  # noqa: E741
    rows = uow.session.execute(
        sa.select(I, E.title, E.start_time, E.end_time)
        .join(E, E.id == I.calendar_event_id)
        .where(I.user_id == actor.user_id, E.user_id == actor.user_id, I.status.in_(statuses))
        .where(E.deleted_at.is_(None))
        .order_by(E.start_time.desc(), I.confidence_score.desc(), I.id)
        .limit(limit)
    ).all()
    return [
        InterpretationView(
            id=i.id,
            calendar_event_id=i.calendar_event_id,
            event_title=title,
            event_start=start,
            event_end=end,
            domain=i.domain,
            record_type=i.record_type,
            confidence_score=i.confidence_score,
            status=i.status,
            decided_by=i.decided_by,
            model_version=i.model_version,
            structure=i.classification_data.get("structure", {}),
            evidence=i.classification_data.get("evidence", []),
        )
        for i, title, start, end in rows
    ]


def interpretation_status_counts(uow: UnitOfWork, actor: Actor) -> dict[str, int]:
    require(actor, "calendar.read")
    I = CalendarEventInterpretation  # noqa: E741
    rows = uow.session.execute(
        sa.select(I.status, sa.func.count()).where(I.user_id == actor.user_id).group_by(I.status)
    ).all()
    return {status: count for status, count in rows}


ReviewDecision = Literal["confirm", "reject", "ignore"]


def decide_interpretations(
    uow: UnitOfWork,
    actor: Actor,
    *,
    interpretation_ids: Sequence[int],
    decision: ReviewDecision,
    reason: str | None = None,
) -> int:
    """Confirm, reject or ignore pending interpretations (one or many). Returns how many.

    Ids that are not the actor's pending interpretations are refused as not found, and then
    nothing at all is changed.
    """
    require(actor, "review.decide")
    if decision not in ("confirm", "reject", "ignore"):
        raise InvalidInput(f"decision: must be confirm, reject or ignore, not {decision!r}")
    ids = sorted(set(interpretation_ids))
    I = CalendarEventInterpretation  # noqa: E741
    rows = uow.session.execute(
        sa.select(I, CalendarEvent)
        .join(CalendarEvent, CalendarEvent.id == I.calendar_event_id)
        .where(I.id.in_(ids), I.user_id == actor.user_id, I.status == "inferred")
    ).all()
    missing = set(ids) - {row.id for row, _ in rows}
    if missing:
        raise NotFound(f"no pending interpretation with id {', '.join(map(str, sorted(missing)))}")
    now = utcnow()
    for row, event in rows:
        row.decided_by, row.decided_at = "owner", now
        if decision == "confirm":
            row.status = "confirmed"
            uow.emit(_confirmed_event(row, event, row.model_version))
        elif decision == "reject":
            row.status = "rejected"
            uow.emit(
                InterpretationRejected(
                    user_id=actor.user_id,
                    interpretation_id=row.id,
                    reason=reason,
                    model_version=row.model_version,
                    is_false_positive=True,
                )
            )
        else:
            row.status = "ignored"
            uow.emit(
                InterpretationIgnored(
                    user_id=actor.user_id, interpretation_id=row.id, model_version=row.model_version
                )
            )
    return len(rows)


def confirmed_interpretation_ids(
    uow: UnitOfWork, actor: Actor, *, record_type: str, start: datetime, end: datetime
) -> list[int]:
    """Confirmed interpretations of one record type whose events start in [start, end)."""
    I = CalendarEventInterpretation  # noqa: E741
    return list(
        uow.session.scalars(
            sa.select(I.id)
            .join(CalendarEvent, CalendarEvent.id == I.calendar_event_id)
            .where(
                I.user_id == actor.user_id,
                I.record_type == record_type,
                I.status == "confirmed",
                CalendarEvent.deleted_at.is_(None),
                CalendarEvent.start_time >= start,
                CalendarEvent.start_time < end,
            )
            .order_by(I.id)
        )
    )


def count_events(uow: UnitOfWork, actor: Actor) -> int:
    require(actor, "calendar.read")
    return uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(CalendarEvent)
        .where(CalendarEvent.user_id == actor.user_id, CalendarEvent.deleted_at.is_(None))
    )
