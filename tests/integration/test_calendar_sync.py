"""Syncing .ics connections: idempotent upserts, edits, deletions and broken files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.ics import IcsError
from lifeos_core.calendar.sync import sync_all_connections, sync_ics_file_connection
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.outbox.models import OutboxMessage

# Dates near today, so the events fall inside the sync window whenever the tests run.
DAY1 = date.today() - timedelta(days=2)
DAY2 = DAY1 + timedelta(days=1)
CALENDAR = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:yoga@test
DTSTART;TZID=Europe/Berlin:{DAY1:%Y%m%d}T073000
DTEND;TZID=Europe/Berlin:{DAY1:%Y%m%d}T083000
RRULE:FREQ=DAILY;COUNT=3
SUMMARY:Yoga
END:VEVENT
BEGIN:VEVENT
UID:call@test
DTSTART:{DAY2:%Y%m%d}T170000Z
DTEND:{DAY2:%Y%m%d}T173000Z
SUMMARY:Call with Priya
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def ics_connection(runtime, owner, tmp_path):
    path: Path = tmp_path / "life.ics"
    path.write_text(CALENDAR)
    with runtime.uow() as uow:
        connection = calendar.add_connection(
            uow, owner, kind="ics_file", name="Life", location=str(path)
        )
        uow.commit()
    return path, connection


def sync(runtime, settings, connection):
    return sync_ics_file_connection(runtime.uow, settings, connection)


def outbox_size(runtime) -> int:
    with runtime.uow() as uow:
        return uow.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def titles(runtime, owner) -> list[str]:
    with runtime.uow() as uow:
        return [e.title for e in calendar.list_events(uow, owner)]


def test_first_sync_imports_every_occurrence(runtime, settings, owner, ics_connection):
    _, connection = ics_connection
    counts = sync(runtime, settings, connection)
    assert (counts.fetched, counts.created) == (4, 4)
    assert titles(runtime, owner) == ["Yoga", "Yoga", "Call with Priya", "Yoga"]
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
    assert stored.last_error is None and stored.last_counts["created"] == 4


def test_syncing_again_without_changes_writes_nothing(runtime, settings, owner, ics_connection):
    _, connection = ics_connection
    sync(runtime, settings, connection)
    before = outbox_size(runtime)
    counts = sync(runtime, settings, connection)
    assert (counts.created, counts.updated, counts.unchanged, counts.deleted) == (0, 0, 4, 0)
    assert outbox_size(runtime) == before


def test_an_edit_updates_the_event_and_its_pending_interpretations(
    runtime, settings, owner, ics_connection
):
    path, connection = ics_connection
    sync(runtime, settings, connection)
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        pending = calendar.list_interpretations(uow, owner)
    assert [(i.event_title, i.record_type) for i in pending] == [
        ("Call with Priya", "relationships/interaction")
    ]

    path.write_text(CALENDAR.replace("Call with Priya", "Quiet evening"))
    counts = sync(runtime, settings, connection)
    assert (counts.updated, counts.unchanged) == (1, 3)
    result = interpret_new_events(runtime.uow, settings)
    assert (result.events, result.withdrawn) == (1, 1)
    with runtime.uow() as uow:
        assert calendar.list_interpretations(uow, owner) == []
    assert "Quiet evening" in titles(runtime, owner)


def test_an_event_removed_upstream_is_deleted_and_its_review_withdrawn(
    runtime, settings, owner, ics_connection
):
    path, connection = ics_connection
    sync(runtime, settings, connection)
    interpret_new_events(runtime.uow, settings)
    path.write_text(
        CALENDAR.replace(
            CALENDAR[CALENDAR.index("BEGIN:VEVENT\nUID:call") : CALENDAR.index("END:VCALENDAR")], ""
        )
    )
    counts = sync(runtime, settings, connection)
    assert counts.deleted == 1
    assert "Call with Priya" not in titles(runtime, owner)
    with runtime.uow() as uow:
        assert calendar.interpretation_status_counts(uow, owner).get("withdrawn") == 1


def test_a_malformed_file_writes_nothing_and_the_error_is_kept_on_the_connection(
    runtime, settings, owner, ics_connection
):
    path, connection = ics_connection
    path.write_text(CALENDAR.replace(f"DTSTART:{DAY2:%Y%m%d}T170000Z", "DTSTART:tomorrow at five"))
    with pytest.raises(IcsError, match=r"life\.ics:13: DTSTART has an invalid date"):
        sync(runtime, settings, connection)
    assert titles(runtime, owner) == []
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
    assert stored.last_error.endswith(
        "life.ics:13: DTSTART has an invalid date or time 'tomorrow at five'"
    )


def test_one_broken_connection_does_not_stop_the_others(
    runtime, settings, owner, ics_connection, tmp_path
):
    missing = tmp_path / "gone.ics"
    with runtime.uow() as uow:
        broken = calendar.add_connection(
            uow, owner, kind="ics_file", name="Gone", location=str(missing)
        )
        uow.commit()
    report = sync_all_connections(runtime.uow, settings)
    assert report.connections == 2
    assert report.totals.created == 4
    assert list(report.errors) == [broken.id] and "gone.ics" in report.errors[broken.id]
