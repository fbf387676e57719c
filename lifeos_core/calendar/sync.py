"""Sync calendar connections: read the source, normalise, upsert, record the outcome.

One connection's failure is recorded on it and never stops the others.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.ics import IcsError, read_ics_file
from lifeos_core.calendar.schemas import ConnectionView, SyncCounts
from lifeos_core.config import Settings
from lifeos_core.database import utcnow
from lifeos_core.unit_of_work import UnitOfWorkFactory


@dataclass
class SyncReport:
    connections: int = 0
    totals: SyncCounts = field(default_factory=SyncCounts)
    errors: dict[int, str] = field(default_factory=dict)

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


def sync_ics_file_connection(
    uow_factory: UnitOfWorkFactory, settings: Settings, connection: ConnectionView
) -> SyncCounts:
    """Sync one .ics file connection in one transaction; on error, record it and re-raise."""
    window_start, window_end = sync_window(settings)
    try:
        with uow_factory() as uow:
            actor = auth.get_actor(uow, connection.user_id)
            occurrences = read_ics_file(
                connection.location,
                window_start=window_start,
                window_end=window_end,
                default_timezone=zoneinfo.ZoneInfo(actor.timezone),
            )
            counts = calendar.sync_connection_events(
                uow,
                actor,
                connection_id=connection.id,
                occurrences=occurrences,
                window_start=window_start,
                window_end=window_end,
            )
            calendar.record_sync_outcome(uow, actor, connection_id=connection.id, counts=counts)
            uow.commit()
        return counts
    except (IcsError, OSError) as exc:
        message = (
            str(exc)
            if isinstance(exc, IcsError)
            else f"{connection.location}: {exc.strerror or exc}"
        )
        with uow_factory() as uow:
            actor = auth.get_actor(uow, connection.user_id)
            calendar.record_sync_outcome(uow, actor, connection_id=connection.id, error=message)
            uow.commit()
        raise


def sync_all_ics_files(uow_factory: UnitOfWorkFactory, settings: Settings) -> SyncReport:
    report = SyncReport()
    with uow_factory() as uow:
        connections = calendar.all_active_connections(uow, kind="ics_file")
    for connection in connections:
        report.connections += 1
        try:
            counts = sync_ics_file_connection(uow_factory, settings, connection)
        except (IcsError, OSError) as exc:
            report.errors[connection.id] = str(exc)
            continue
        for name, value in counts.model_dump().items():
            setattr(report.totals, name, getattr(report.totals, name) + value)
    return report
