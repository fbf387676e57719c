"""Calendar services: events by hand and by sync, interpretations and their review.

Every function takes the acting user and touches only that user's rows; an id that belongs
to someone else behaves exactly like an id that does not exist. The few functions without an
actor (named ``all_…``) are for schedulers that then act per user.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

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
    CalendarOAuthFlow,
    CalendarSourceItem,
)
from lifeos_core.calendar.schemas import (
    CalendarEventChanges,
    CalendarEventView,
    ConnectionView,
    InterpretationCounts,
    InterpretationProposal,
    InterpretationView,
    NewCalendarEvent,
    SourceItem,
    SyncCounts,
)
from lifeos_core.crypto import Keyring, associated_data
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


LONG_EVENT = timedelta(days=2)  # see list_events


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
        # Overlap alone (ends after start) bounds no index: a week's view would read the whole
        # history before the week. An event that overlaps either starts at most
        # LONG_EVENT before ``start`` (a range of the start-time index) or is longer than that
        # and ends after ``start`` (a range of the end-time index): both bounded, same result.
        ends_after = sa.func.coalesce(CalendarEvent.end_time, CalendarEvent.start_time) >= start
        query = query.where(
            ends_after,
            sa.or_(
                CalendarEvent.start_time >= start - LONG_EVENT,
                CalendarEvent.end_time >= start,
            ),
        )
    if end is not None:
        query = query.where(CalendarEvent.start_time < end)
    if sources:
        query = query.where(CalendarEvent.source.in_(sources))
    query = query.order_by(CalendarEvent.start_time, CalendarEvent.id).limit(limit)
    return [CalendarEventView.model_validate(e) for e in uow.session.scalars(query)]


# --- connections and sync -----------------------------------------------------------------

ConnectionKind = Literal["ics_file", "ics_url", "caldav", "google"]
CONNECTION_KINDS = ("ics_file", "ics_url", "caldav", "google")
CREDENTIALS_FIELD = "credentials"


def _credentials_context(connection_id: int) -> str:
    return associated_data("calendar_connection", connection_id, CREDENTIALS_FIELD)


def _connection_view(connection: CalendarConnection) -> ConnectionView:
    return ConnectionView(
        id=connection.id,
        user_id=connection.user_id,
        kind=connection.kind,
        name=connection.name,
        location=connection.location,
        is_active=connection.is_active,
        options=dict(connection.options or {}),
        sync_state=dict(connection.sync_state or {}),
        has_credentials=connection.credentials is not None,
        last_attempt_at=connection.last_attempt_at,
        last_synced_at=connection.last_synced_at,
        last_error=connection.last_error,
        last_counts=dict(connection.last_counts or {}),
    )


def _check_location(kind: str, location: str) -> str:
    location = location.strip()
    if not location:
        raise InvalidInput("location: a path or URL is required", {"location": "required"})
    if kind in ("ics_url", "caldav"):
        if location.lower().startswith("webcal://"):
            location = "https://" + location[len("webcal://") :]
        scheme = urlsplit(location).scheme.lower()
        if scheme not in ("http", "https") or not urlsplit(location).netloc:
            raise InvalidInput(
                f"location: {location!r} is not an http(s) URL", {"location": "not an http(s) URL"}
            )
    return location


def add_connection(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kind: ConnectionKind,
    name: str,
    location: str,
    options: dict[str, Any] | None = None,
    credentials: dict[str, Any] | None = None,
    keyring: Keyring | None = None,
) -> ConnectionView:
    """Register a calendar source; adding the same source again returns the existing one.

    ``credentials`` (a CalDAV password, OAuth tokens) are encrypted with ``keyring`` and
    bound to the new row; adding an existing source again replaces them.
    """
    require(actor, "calendar.write")
    if kind not in CONNECTION_KINDS:
        raise InvalidInput(f"kind: unsupported connection kind {kind!r}", {"kind": "unsupported"})
    location = _check_location(kind, location)
    if credentials is not None and keyring is None:
        raise ValueError("credentials need a keyring to be encrypted")
    connection = uow.session.scalar(
        sa.select(CalendarConnection).where(
            CalendarConnection.user_id == actor.user_id,
            CalendarConnection.kind == kind,
            CalendarConnection.location == location,
        )
    )
    if connection is None:
        connection = CalendarConnection(
            user_id=actor.user_id,
            kind=kind,
            name=name.strip()[:200] or location[:200],
            location=location,
            options=dict(options or {}),
            sync_state={},
        )
        uow.session.add(connection)
        uow.session.flush()  # the id is part of what the ciphertext is bound to
    elif options:
        connection.options = {**(connection.options or {}), **options}
    if credentials is not None:
        assert keyring is not None
        connection.credentials = keyring.encrypt_json(
            credentials, context=_credentials_context(connection.id)
        )
        connection.is_active = True
    uow.session.flush()
    return _connection_view(connection)


def get_connection(uow: UnitOfWork, actor: Actor, connection_id: int) -> ConnectionView:
    require(actor, "calendar.read")
    return _connection_view(_owned_connection(uow, actor, connection_id))


def connection_credentials(
    uow: UnitOfWork, actor: Actor, connection_id: int, *, keyring: Keyring
) -> dict[str, Any]:
    """The decrypted credentials of a connection (empty when it has none)."""
    connection = _owned_connection(uow, actor, connection_id)
    if connection.credentials is None:
        return {}
    return keyring.decrypt_json(connection.credentials, context=_credentials_context(connection.id))


def list_connections(uow: UnitOfWork, actor: Actor) -> list[ConnectionView]:
    require(actor, "calendar.read")
    rows = uow.session.scalars(
        sa.select(CalendarConnection)
        .where(CalendarConnection.user_id == actor.user_id)
        .order_by(CalendarConnection.id)
    )
    return [_connection_view(c) for c in rows]


def all_active_connections(uow: UnitOfWork, *, kind: str | None = None) -> list[ConnectionView]:
    """Every user's active connections, for the sync schedule (which then acts per owner)."""
    query = sa.select(CalendarConnection).where(CalendarConnection.is_active.is_(True))
    if kind:
        query = query.where(CalendarConnection.kind == kind)
    return [_connection_view(c) for c in uow.session.scalars(query.order_by(CalendarConnection.id))]


def connection_owner(uow: UnitOfWork, connection_id: int) -> int:
    """The user a connection belongs to, for schedulers that then act as that user."""
    user_id = uow.session.scalar(
        sa.select(CalendarConnection.user_id).where(CalendarConnection.id == connection_id)
    )
    if user_id is None:
        raise NotFound(f"calendar connection {connection_id} not found")
    return user_id


def remove_connection(
    uow: UnitOfWork, actor: Actor, connection_id: int, *, delete_events: bool
) -> int:
    """Disconnect a source. Its events stay (as history) unless ``delete_events``.

    Returns how many events were deleted; their pending interpretations are withdrawn.
    """
    require(actor, "calendar.write")
    connection = _owned_connection(uow, actor, connection_id)
    deleted = 0
    if delete_events:
        for event in uow.session.scalars(
            sa.select(CalendarEvent).where(
                CalendarEvent.user_id == actor.user_id,
                CalendarEvent.connection_id == connection.id,
                CalendarEvent.deleted_at.is_(None),
            )
        ):
            _mark_deleted(uow, event)
            deleted += 1
    uow.session.flush()
    uow.session.delete(connection)  # its source items go with it (ON DELETE CASCADE)
    uow.session.flush()
    return deleted


def _owned_connection(uow: UnitOfWork, actor: Actor, connection_id: int) -> CalendarConnection:
    connection = uow.session.scalar(
        sa.select(CalendarConnection).where(
            CalendarConnection.id == connection_id, CalendarConnection.user_id == actor.user_id
        )
    )
    if connection is None:
        raise NotFound(f"calendar connection {connection_id} not found")
    return connection


def _occurrence_values(occurrence: NormalisedEvent) -> dict[str, Any]:
    return {
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


class _Upsert:
    """Upserts occurrences of one connection by external id, writing only what changed."""

    def __init__(
        self, uow: UnitOfWork, actor: Actor, connection: CalendarConnection, existing: dict
    ):
        self.uow, self.actor, self.connection = uow, actor, connection
        self.existing: dict[str, CalendarEvent] = existing
        self.seen: set[str] = set()
        self.created: list[dict[str, Any]] = []  # rows to insert, all at once in finish()
        self.counts = SyncCounts()

    def add(self, occurrence: NormalisedEvent) -> None:
        self.counts.fetched += 1
        if occurrence.external_id in self.seen:
            return  # a feed that repeats a UID: the first occurrence wins
        self.seen.add(occurrence.external_id)
        content_hash = occurrence.content_hash()
        event = self.existing.get(occurrence.external_id)
        if (
            event is not None
            and event.content_hash == content_hash
            and event.deleted_at is None
            and event.series_id == occurrence.series_id
        ):
            self.counts.unchanged += 1
            return
        values = _occurrence_values(occurrence)
        if event is None:
            self.created.append(
                dict(
                    user_id=self.actor.user_id,
                    connection_id=self.connection.id,
                    source=self.connection.kind,
                    external_id=occurrence.external_id,
                    series_id=occurrence.series_id,
                    original_timezone=occurrence.timezone,
                    content_hash=content_hash,
                    color=None,
                    metadata={},  # the column behind CalendarEvent.extra
                    interpreted_hash=None,
                    deleted_at=None,
                    **values,
                )
            )
            self.counts.created += 1
            return
        changed = [name for name, value in values.items() if getattr(event, name) != value]
        for name, value in values.items():
            setattr(event, name, value)
        event.original_timezone = occurrence.timezone
        event.series_id = occurrence.series_id
        if event.content_hash == content_hash and event.deleted_at is None:
            return  # only its series moved: nothing anyone would notice
        event.content_hash = content_hash
        event.deleted_at = None
        self.counts.updated += 1
        self.uow.session.flush()
        self.uow.emit(
            CalendarEventUpdated(
                user_id=self.actor.user_id,
                event_id=event.id,
                fields=changed or ["content"],
                updated_at=event.updated_at,
            )
        )

    def delete(self, event: CalendarEvent) -> None:
        if event.deleted_at is None:
            _mark_deleted(self.uow, event)
            self.counts.deleted += 1

    def finish(self) -> SyncCounts:
        """Insert the new events with one executemany (an initial sync brings thousands; an
        ORM object each cost most of its time) and emit their ``created`` events."""
        session = self.uow.session
        session.flush()
        if self.created:
            now = utcnow()
            for row in self.created:
                row["created_at"] = row["updated_at"] = now
            session.execute(sa.insert(CalendarEvent.__table__), self.created)
            # Their ids, by the unique (user, connection, external id): RETURNING would make
            # SQLite insert row by row to keep the rows in order.
            ids: dict[str, int] = {}
            for chunk in _chunks([row["external_id"] for row in self.created]):
                ids.update(
                    session.execute(
                        sa.select(CalendarEvent.external_id, CalendarEvent.id).where(
                            CalendarEvent.user_id == self.actor.user_id,
                            CalendarEvent.connection_id == self.connection.id,
                            CalendarEvent.external_id.in_(chunk),
                        )
                    ).all()
                )
            for row in self.created:
                self.uow.emit(
                    CalendarEventCreated(
                        user_id=self.actor.user_id,
                        event_id=ids[row["external_id"]],
                        title=row["title"],
                        start_time=row["start_time"],
                        end_time=row["end_time"],
                        source=row["source"],
                        created_at=now,
                    )
                )
        self.created = []
        return self.counts


def sync_connection_events(
    uow: UnitOfWork,
    actor: Actor,
    *,
    connection_id: int,
    occurrences: Iterable[NormalisedEvent],
    window_start: datetime,
    window_end: datetime,
) -> SyncCounts:
    """Make the connection's events in the window equal to ``occurrences`` (a snapshot).

    Upserts by (user, connection, external_id); unchanged rows are not written at all, and an
    event missing from a snapshot that covers the window is deleted (its pending
    interpretations withdrawn). Running it twice on the same input changes nothing.
    """
    require(actor, "calendar.write")
    connection = _owned_connection(uow, actor, connection_id)
    existing = {
        e.external_id: e
        for e in uow.session.scalars(
            sa.select(CalendarEvent).where(
                CalendarEvent.user_id == actor.user_id,
                CalendarEvent.connection_id == connection.id,
                CalendarEvent.external_id.is_not(None),
            )
        )
    }
    upsert = _Upsert(uow, actor, connection, existing)
    for occurrence in occurrences:
        upsert.add(occurrence)
    counts = upsert.finish()
    for external_id, event in existing.items():
        if external_id not in upsert.seen and window_start <= event.start_time < window_end:
            upsert.delete(event)
    return counts


IN_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for index in range(0, len(values), IN_CHUNK):
        yield values[index : index + IN_CHUNK]


def sync_series_events(
    uow: UnitOfWork,
    actor: Actor,
    *,
    connection_id: int,
    series: Mapping[str, Sequence[NormalisedEvent]],
    gone: Iterable[str] = (),
    window_start: datetime,
    window_end: datetime,
) -> SyncCounts:
    """Apply a delta: each series in ``series`` now has exactly these occurrences in the
    window; each series in ``gone`` was deleted upstream (all its events go, past ones too).

    Series not named are not touched (nor read). Idempotent like the snapshot sync.
    """
    require(actor, "calendar.write")
    connection = _owned_connection(uow, actor, connection_id)
    series_ids = sorted({*series, *gone})
    external_ids = sorted({o.external_id for occurrences in series.values() for o in occurrences})
    existing: dict[str, CalendarEvent] = {}
    base = sa.select(CalendarEvent).where(
        CalendarEvent.user_id == actor.user_id,
        CalendarEvent.connection_id == connection.id,
        CalendarEvent.external_id.is_not(None),
    )
    for chunk in _chunks(series_ids):
        existing.update(
            (e.external_id, e)
            for e in uow.session.scalars(base.where(CalendarEvent.series_id.in_(chunk)))
        )
    for chunk in _chunks(external_ids):
        existing.update(
            (e.external_id, e)
            for e in uow.session.scalars(base.where(CalendarEvent.external_id.in_(chunk)))
        )
    upsert = _Upsert(uow, actor, connection, existing)
    for occurrences in series.values():
        for occurrence in occurrences:
            upsert.add(occurrence)
    counts = upsert.finish()
    gone = set(gone)
    for external_id, event in existing.items():
        if external_id in upsert.seen:
            continue
        if event.series_id in gone or (
            event.series_id in series and window_start <= event.start_time < window_end
        ):
            upsert.delete(event)
    return counts


def _mark_deleted(uow: UnitOfWork, event: CalendarEvent) -> None:
    event.deleted_at = utcnow()
    _withdraw_pending(uow, event.user_id, event.id, keep=())
    uow.emit(CalendarEventDeleted(user_id=event.user_id, event_id=event.id))


def store_source_items(
    uow: UnitOfWork,
    actor: Actor,
    *,
    connection_id: int,
    changed: Sequence[SourceItem],
    deleted: Iterable[str] = (),
    complete: bool = False,
) -> tuple[set[str], set[str]]:
    """Keep the raw upstream objects of a connection up to date.

    ``complete`` means ``changed`` lists every object upstream has (a full listing): any
    other stored object is gone. Returns the series that changed and the series left with
    no object at all (deleted upstream).
    """
    connection = _owned_connection(uow, actor, connection_id)
    session = uow.session
    item = CalendarSourceItem
    query = sa.select(item).where(
        item.user_id == actor.user_id, item.connection_id == connection.id
    )
    if complete:
        stored = {i.href: i for i in session.scalars(query)}
    else:
        hrefs = sorted({*(c.href for c in changed), *deleted})
        stored = {}
        for chunk in _chunks(hrefs):
            stored.update((i.href, i) for i in session.scalars(query.where(item.href.in_(chunk))))
    touched: set[str] = set()
    # New objects go in with one multi-row INSERT (an initial sync brings thousands); the
    # last copy of an href listed twice wins, as it would updating one row.
    inserts: dict[str, dict[str, Any]] = {}
    for new in changed:
        if new.href in inserts:
            touched.add(inserts[new.href]["series_id"])
        if new.href in inserts or new.href not in stored:
            inserts[new.href] = dict(
                user_id=actor.user_id, connection_id=connection.id, href=new.href,
                series_id=new.series_id, etag=new.etag, data=new.data,
            )  # fmt: skip
            touched.add(new.series_id)
            continue
        row = stored[new.href]
        if row.data == new.data and row.series_id == new.series_id:
            if row.etag != new.etag:
                row.etag = new.etag
            continue
        else:
            touched.add(row.series_id)  # the series it leaves must be expanded again
        row.series_id, row.etag, row.data = new.series_id, new.etag, new.data
        touched.add(new.series_id)
    keep = {c.href for c in changed}
    removed = [
        row for href, row in stored.items()
        if (href in set(deleted) or complete) and href not in keep
    ]  # fmt: skip
    for row in removed:
        touched.add(row.series_id)
        session.delete(row)
    session.flush()
    if inserts:
        now = utcnow()
        session.execute(
            sa.insert(CalendarSourceItem.__table__),
            [{**row, "created_at": now, "updated_at": now} for row in inserts.values()],
        )
    remaining = set()
    for chunk in _chunks(sorted(touched)):
        remaining.update(
            session.scalars(
                sa.select(item.series_id)
                .where(item.connection_id == connection.id, item.series_id.in_(chunk))
                .distinct()
            )
        )
    return touched & remaining, touched - remaining


def source_items(
    uow: UnitOfWork, actor: Actor, *, connection_id: int, series_ids: Iterable[str] | None = None
) -> list[SourceItem]:
    """The stored upstream objects of a connection (of some series, or all of them)."""
    connection = _owned_connection(uow, actor, connection_id)
    item = CalendarSourceItem
    query = (
        sa.select(item.href, item.series_id, item.etag, item.data)
        .where(item.user_id == actor.user_id, item.connection_id == connection.id)
        .order_by(item.series_id, item.href)
    )
    if series_ids is None:
        rows = uow.session.execute(query).all()
    else:
        rows = []
        for chunk in _chunks(sorted(set(series_ids))):
            rows.extend(uow.session.execute(query.where(item.series_id.in_(chunk))).all())
    return [SourceItem(href=h, series_id=s, etag=e, data=d) for h, s, e, d in rows]


def source_item_etags(
    uow: UnitOfWork, actor: Actor, *, connection_id: int
) -> dict[str, str | None]:
    """href -> etag of every stored upstream object (for an etag comparison)."""
    connection = _owned_connection(uow, actor, connection_id)
    item = CalendarSourceItem
    return dict(
        uow.session.execute(
            sa.select(item.href, item.etag).where(
                item.user_id == actor.user_id, item.connection_id == connection.id
            )
        ).all()
    )


def record_sync_outcome(
    uow: UnitOfWork,
    actor: Actor,
    *,
    connection_id: int,
    counts: SyncCounts | None = None,
    error: str | None = None,
    sync_state: dict[str, Any] | None = None,
    credentials: dict[str, Any] | None = None,
    keyring: Keyring | None = None,
) -> None:
    """Remember how the last sync of a connection went (shown in the app and in Dagster).

    A sync that succeeded saves its new sync state here, in the transaction that wrote the
    events the state covers; refreshed OAuth tokens are saved (encrypted) either way.
    """
    connection = _owned_connection(uow, actor, connection_id)
    now = utcnow()
    if connection.last_error != error:
        connection.last_error = error
    if credentials is not None and keyring is not None:
        connection.credentials = keyring.encrypt_json(
            credentials, context=_credentials_context(connection.id)
        )
    connection.last_attempt_at = now
    if error is None:
        connection.last_synced_at = now
        connection.last_counts = counts.model_dump() if counts else {}
        if sync_state is not None and sync_state != connection.sync_state:
            connection.sync_state = sync_state


def reencrypt_credentials(uow: UnitOfWork, keyring: Keyring) -> int:
    """Re-encrypt every stored secret under the keyring's first key (key rotation).

    Secrets already under the first key are left alone, so a rotation that stopped halfway
    can simply be run again. Returns how many were re-encrypted.
    """
    changed = 0
    for connection in uow.session.scalars(
        sa.select(CalendarConnection).where(CalendarConnection.credentials.is_not(None))
    ):
        if keyring.key_id_of(connection.credentials) == keyring.primary_id:
            continue
        context = _credentials_context(connection.id)
        plaintext = keyring.decrypt(connection.credentials, context=context)
        connection.credentials = keyring.encrypt(plaintext, context=context)
        changed += 1
    for flow in uow.session.scalars(sa.select(CalendarOAuthFlow)):
        if keyring.key_id_of(flow.code_verifier) == keyring.primary_id:
            continue
        context = associated_data("calendar_oauth_flow", flow.id, "code_verifier")
        flow.code_verifier = keyring.encrypt(
            keyring.decrypt(flow.code_verifier, context=context), context=context
        )
        changed += 1
    return changed


OAUTH_FLOW_TTL = timedelta(minutes=30)


def start_oauth_flow(
    uow: UnitOfWork,
    actor: Actor,
    *,
    provider: str,
    state: str,
    code_verifier: str,
    redirect_uri: str,
    keyring: Keyring,
) -> None:
    """Remember an authorisation the owner is about to grant (until its callback arrives)."""
    require(actor, "calendar.write")
    uow.session.execute(
        sa.delete(CalendarOAuthFlow).where(CalendarOAuthFlow.created_at < utcnow() - OAUTH_FLOW_TTL)
    )
    flow = CalendarOAuthFlow(
        user_id=actor.user_id,
        provider=provider,
        state=state,
        code_verifier="",
        redirect_uri=redirect_uri,
    )
    uow.session.add(flow)
    uow.session.flush()
    flow.code_verifier = keyring.encrypt(
        code_verifier, context=associated_data("calendar_oauth_flow", flow.id, "code_verifier")
    )


def take_oauth_flow(
    uow: UnitOfWork, actor: Actor, *, provider: str, state: str, keyring: Keyring
) -> tuple[str, str]:
    """The code verifier and redirect URI of the actor's pending flow; a flow is used once."""
    require(actor, "calendar.write")
    flow = uow.session.scalar(
        sa.select(CalendarOAuthFlow).where(
            CalendarOAuthFlow.user_id == actor.user_id,
            CalendarOAuthFlow.provider == provider,
            CalendarOAuthFlow.state == state,
        )
    )
    if flow is None or flow.created_at < utcnow() - OAUTH_FLOW_TTL:
        raise NotFound("this authorisation is unknown or expired; connect again")
    verifier = keyring.decrypt(
        flow.code_verifier, context=associated_data("calendar_oauth_flow", flow.id, "code_verifier")
    )
    uow.session.delete(flow)
    uow.session.flush()
    return verifier, flow.redirect_uri


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


def _interpretation_views(
    uow: UnitOfWork, actor: Actor, *conditions: sa.ColumnElement[bool], limit: int | None = None
) -> list[InterpretationView]:
    I, E = CalendarEventInterpretation, CalendarEvent  # noqa: E741
    query = (
        sa.select(I, E.title, E.start_time, E.end_time)
        .join(E, E.id == I.calendar_event_id)
        .where(I.user_id == actor.user_id, E.user_id == actor.user_id, *conditions)
        .order_by(E.start_time.desc(), I.confidence_score.desc(), I.id)
        .limit(limit)
    )
    return [
        InterpretationView(
            id=i.id,
            calendar_event_id=i.calendar_event_id,
            event_title=title,
            event_start=start,
            event_end=end,
            domain=i.domain,
            record_type=i.record_type,
            record_id=i.record_id,
            confidence_score=i.confidence_score,
            status=i.status,
            decided_by=i.decided_by,
            model_version=i.model_version,
            structure=i.classification_data.get("structure", {}),
            evidence=i.classification_data.get("evidence", []),
            added_by_owner=bool(i.classification_data.get("added_by_owner")),
        )
        for i, title, start, end in uow.session.execute(query).all()
    ]


def list_interpretations(
    uow: UnitOfWork,
    actor: Actor,
    *,
    statuses: Sequence[str] = ("inferred",),
    limit: int = 500,
) -> list[InterpretationView]:
    """Interpretations with their event, newest event first (the review queue by default)."""
    require(actor, "calendar.read")
    return _interpretation_views(
        uow,
        actor,
        CalendarEventInterpretation.status.in_(statuses),
        CalendarEvent.deleted_at.is_(None),
        limit=limit,
    )


def get_interpretations(
    uow: UnitOfWork, actor: Actor, ids: Sequence[int]
) -> list[InterpretationView]:
    """The actor's interpretations with these ids (others' ids are simply absent)."""
    return _interpretation_views(uow, actor, CalendarEventInterpretation.id.in_(list(ids)))


def interpretations_without_records(
    uow: UnitOfWork, actor: Actor, event_id: int
) -> list[InterpretationView]:
    """An event's live interpretations that have no domain record yet (for the adapters)."""
    I = CalendarEventInterpretation  # noqa: E741
    return _interpretation_views(
        uow, actor, I.calendar_event_id == event_id, I.record_id.is_(None),
        I.status.in_(("inferred", "confirmed")),
    )  # fmt: skip


def withdrawn_with_records(uow: UnitOfWork, actor: Actor) -> list[InterpretationView]:
    """Withdrawn interpretations whose domain record still has to be taken out of sight."""
    I = CalendarEventInterpretation  # noqa: E741
    return _interpretation_views(uow, actor, I.status == "withdrawn", I.record_id.is_not(None))


def event_interpretations(uow: UnitOfWork, actor: Actor, event_id: int) -> list[InterpretationView]:
    """Every interpretation of one of the actor's (not deleted) events, whatever its status."""
    require(actor, "calendar.read")
    event = _owned_event(uow, actor, event_id)
    return _interpretation_views(
        uow, actor, CalendarEventInterpretation.calendar_event_id == event.id
    )


LIVE = ("inferred", "confirmed")
MISSED_EVIDENCE = "you said the interpreter missed this"


def record_missed_interpretation(
    uow: UnitOfWork,
    actor: Actor,
    *,
    event_id: int,
    domain: str,
    record_type: str,
    structure: dict[str, Any],
    model_version: str,
    record_id: int | None,
) -> InterpretationView:
    """Store what the owner says an event was, where the interpreter has no live proposal of
    that record type: confirmed, decided by the owner, confidence 1.

    The interpreter's own runs leave it as it is (they never reopen a confirmed
    interpretation, whether the event changes or not). An earlier rejected, ignored or
    withdrawn interpretation of the same type is reopened in place (one per event and record
    type); what it had proposed is kept beside the owner's structure. Emits ``created`` and
    ``confirmed``, flagged as a false negative unless the interpreter had proposed it and the
    owner turned it down (then they changed their mind, and the earlier rejection was the
    false positive that was not).
    """
    require(actor, "review.decide")
    event = _owned_event(uow, actor, event_id)
    row = uow.session.scalar(
        sa.select(CalendarEventInterpretation).where(
            CalendarEventInterpretation.calendar_event_id == event.id,
            CalendarEventInterpretation.user_id == actor.user_id,
            CalendarEventInterpretation.record_type == record_type,
        )
    )
    if row is not None and row.status in LIVE:
        raise InvalidInput(
            f"record_type: this event already has a {record_type} interpretation "
            f"({'waiting for review' if row.status == 'inferred' else 'confirmed'})",
            {"record_type": "already interpreted"},
        )
    data: dict[str, Any] = {
        "structure": structure,
        "evidence": [MISSED_EVIDENCE],
        "added_by_owner": True,
    }
    turned_down = row is not None and row.status in ("rejected", "ignored")
    if row is None:
        row = CalendarEventInterpretation(calendar_event_id=event.id, user_id=actor.user_id)
        uow.session.add(row)
    else:
        data["proposed"] = row.classification_data.get("structure", {})
        data["previous_status"] = row.status
    row.domain = domain
    row.record_type = record_type
    row.record_id = record_id
    row.confidence_score = 1.0
    row.model_version = model_version
    row.classification_data = data
    row.status = "confirmed"
    row.decided_by, row.decided_at = "owner", utcnow()
    uow.session.flush()
    flags = (
        {"is_false_positive": False, "is_false_negative": False}
        if turned_down
        else {"is_false_negative": True}
    )
    uow.emit(
        InterpretationCreated(
            user_id=actor.user_id,
            interpretation_id=row.id,
            calendar_event_id=event.id,
            domain=domain,
            record_type=record_type,
            confidence_score=1.0,
            status="confirmed",
            model_version=model_version,
            inferred_structure=structure,
            **flags,
        )
    )
    uow.emit(_confirmed_event(row, event, model_version).model_copy(update=flags))
    [view] = _interpretation_views(uow, actor, CalendarEventInterpretation.id == row.id)
    return view


def link_record(
    uow: UnitOfWork, actor: Actor, interpretation_id: int, record_id: int | None
) -> None:
    """Remember (or forget) which domain record an interpretation became."""
    row = uow.session.scalar(
        sa.select(CalendarEventInterpretation).where(
            CalendarEventInterpretation.id == interpretation_id,
            CalendarEventInterpretation.user_id == actor.user_id,
        )
    )
    if row is None:
        raise NotFound(f"interpretation {interpretation_id} not found")
    row.record_id = record_id


def correct_interpretation(
    uow: UnitOfWork, actor: Actor, interpretation_id: int, structure: dict[str, Any]
) -> None:
    """Replace a pending interpretation's extracted structure with the owner's correction.

    The correction is kept beside the original (``classification_data["proposed"]``), so the
    interpreter can learn what it got wrong.
    """
    require(actor, "review.decide")
    row = uow.session.scalar(
        sa.select(CalendarEventInterpretation).where(
            CalendarEventInterpretation.id == interpretation_id,
            CalendarEventInterpretation.user_id == actor.user_id,
            CalendarEventInterpretation.status == "inferred",
        )
    )
    if row is None:
        raise NotFound(f"no pending interpretation with id {interpretation_id}")
    data = dict(row.classification_data)
    data.setdefault("proposed", data.get("structure", {}))
    data["structure"] = structure
    data["corrected_by_owner"] = True
    row.classification_data = data


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


# --- bulk reads for the insights engine (lifeos_core.insights) ------------------------------


def confirmed_interpretations(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: datetime,
    end: datetime,
    record_types: Sequence[str] | None = None,
) -> list[sa.Row]:
    """Confirmed interpretations whose (not deleted) events start in [start, end), as rows
    ``(id, record_type, domain, start_time, end_time, all_day)``, by interpretation id.
    One query, however many weeks and record types the caller looks at."""
    I = CalendarEventInterpretation  # noqa: E741
    E = CalendarEvent
    query = (
        sa.select(I.id, I.record_type, I.domain, E.start_time, E.end_time, E.all_day)
        .join(E, E.id == I.calendar_event_id)
        .where(
            I.user_id == actor.user_id,
            E.user_id == actor.user_id,
            I.status == "confirmed",
            E.deleted_at.is_(None),
            E.start_time >= start,
            E.start_time < end,
        )
    )
    if record_types is not None:
        query = query.where(I.record_type.in_(list(record_types)))
    return list(uow.session.execute(query.order_by(I.id)))
