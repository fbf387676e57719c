"""Sync calendar connections: fetch from the source, normalise, upsert, record the outcome.

Per connection: the fetch happens outside any transaction (it talks to the network); the
delta is then applied in one unit of work that also saves the new sync state, so a token is
never saved without the rows it covers. A failure is recorded on the connection (the app
and Dagster show it) and re-raised; it never touches another connection.
"""

from __future__ import annotations

import logging
import time
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.ics import IcsError
from lifeos_core.calendar.schemas import ConnectionView, SyncCounts
from lifeos_core.calendar.sources import Fetched, SourceError, Window, ics_file, ics_url
from lifeos_core.calendar.sources import caldav as caldav_source
from lifeos_core.calendar.sources import google as google_source
from lifeos_core.config import Settings
from lifeos_core.crypto import DecryptionError, Keyring
from lifeos_core.database import utcnow
from lifeos_core.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# What a sync of one connection may fail with: recorded on the connection, then re-raised.
SYNC_ERRORS = (IcsError, SourceError, OSError, DecryptionError)
ITEM_SOURCES = {"caldav": caldav_source, "google": google_source}


@dataclass
class SyncReport:
    connections: int = 0
    totals: SyncCounts = field(default_factory=SyncCounts)
    errors: dict[int, str] = field(default_factory=dict)
    duration_seconds: float = 0.0

    def add(self, counts: SyncCounts) -> None:
        for name, value in counts.model_dump().items():
            setattr(self.totals, name, getattr(self.totals, name) + value)

    def as_metadata(self) -> dict[str, int]:
        return {
            "connections": self.connections,
            "failed_connections": len(self.errors),
            **self.totals.model_dump(),
        }


def sync_window(settings: Settings, now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or utcnow()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        today - timedelta(days=settings.calendar_window_past_days),
        today + timedelta(days=settings.calendar_window_future_days),
    )


def describe_error(exc: BaseException, connection: ConnectionView) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, SourceError):
        return f"{connection.location}: {exc.strerror or exc}"
    return str(exc)


def _zone(name: str | None, fallback: str) -> tzinfo:
    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return zoneinfo.ZoneInfo(candidate)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return zoneinfo.ZoneInfo("UTC")


def sync_connection(
    uow_factory: UnitOfWorkFactory,
    settings: Settings,
    connection_id: int,
    *,
    now: datetime | None = None,
) -> SyncCounts:
    """Sync one connection. Idempotent: with nothing changed upstream it writes no event."""
    keyring = Keyring.from_settings(settings)
    with uow_factory() as uow:
        actor = auth.get_actor(uow, calendar.connection_owner(uow, connection_id))
        connection = calendar.get_connection(uow, actor, connection_id)
    try:
        with uow_factory() as uow:
            credentials = calendar.connection_credentials(
                uow, actor, connection_id, keyring=keyring
            )
        start, end = sync_window(settings, now)
        window = Window(start, end, _zone(connection.options.get("timezone"), actor.timezone))
        fetched = _fetch(uow_factory, actor, connection, credentials, window)
        with uow_factory() as uow:
            counts = _apply(uow, actor, connection, fetched, window)
            calendar.record_sync_outcome(
                uow,
                actor,
                connection_id=connection.id,
                counts=counts,
                sync_state=fetched.state,
                credentials=fetched.credentials,
                keyring=keyring,
            )
            uow.commit()
        return counts
    except SYNC_ERRORS as exc:
        with uow_factory() as uow:
            calendar.record_sync_outcome(
                uow, actor, connection_id=connection.id, error=describe_error(exc, connection)
            )
            uow.commit()
        raise


def _fetch(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    connection: ConnectionView,
    credentials: dict,
    window: Window,
) -> Fetched:
    if connection.kind == "ics_file":
        return ics_file.fetch(connection, credentials, window)
    if connection.kind == "ics_url":
        return ics_url.fetch(connection, credentials, window)

    def stored_etags() -> dict[str, str | None]:
        with uow_factory() as uow:
            return calendar.source_item_etags(uow, actor, connection_id=connection.id)

    if connection.kind == "caldav":
        return caldav_source.fetch(connection, credentials, window, stored_etags=stored_etags)
    if connection.kind == "google":
        return google_source.fetch(connection, credentials, window)
    raise SourceError(f"connection {connection.id}: unknown kind {connection.kind!r}")


def _apply(
    uow: UnitOfWork, actor: Actor, connection: ConnectionView, fetched: Fetched, window: Window
) -> SyncCounts:
    if fetched.unchanged:
        return SyncCounts(unchanged=fetched.state.get("occurrences", 0))
    if fetched.snapshot is not None:
        return calendar.sync_connection_events(
            uow,
            actor,
            connection_id=connection.id,
            occurrences=fetched.snapshot,
            window_start=window.start,
            window_end=window.end,
        )
    changed, gone = calendar.store_source_items(
        uow,
        actor,
        connection_id=connection.id,
        changed=fetched.items,
        deleted=fetched.deleted,
        complete=fetched.complete,
    )
    window_moved = connection.sync_state.get("window") != window.key
    items = calendar.source_items(
        uow, actor, connection_id=connection.id, series_ids=None if window_moved else changed
    )
    series, rejected = ITEM_SOURCES[connection.kind].expand(
        items, window, expanded=fetched.expanded
    )
    for href, message in list(rejected.items())[:20]:
        log.warning("connection %s: %s skipped: %s", connection.id, href, message)
    fetched.state = {**fetched.state, "rejected": dict(list(rejected.items())[:20])}
    counts = calendar.sync_series_events(
        uow,
        actor,
        connection_id=connection.id,
        series=series,
        gone=gone,
        window_start=window.start,
        window_end=window.end,
    )
    counts.skipped = len(rejected)
    return counts


def sync_all_connections(uow_factory: UnitOfWorkFactory, settings: Settings) -> SyncReport:
    """Sync every active connection of every user; one failure never stops the others."""
    started = time.perf_counter()
    report = SyncReport()
    with uow_factory() as uow:
        connections = calendar.all_active_connections(uow)
    for connection in connections:
        report.connections += 1
        try:
            counts = sync_connection(uow_factory, settings, connection.id)
        except SYNC_ERRORS as exc:
            report.errors[connection.id] = describe_error(exc, connection)
            continue
        report.add(counts)
    report.duration_seconds = round(time.perf_counter() - started, 3)
    return report


def sync_ics_file_connection(
    uow_factory: UnitOfWorkFactory, settings: Settings, connection: ConnectionView
) -> SyncCounts:
    """One connection (kept for callers that hold a ConnectionView)."""
    return sync_connection(uow_factory, settings, connection.id)
