"""A domain change, its outbox rows and its audit rows commit together or not at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.models import CalendarEvent
from lifeos_core.events.models import EventRecord
from lifeos_core.outbox.models import OutboxMessage

START = datetime(2026, 11, 20, 18, tzinfo=UTC)


def counts(runtime) -> tuple[int, int, int]:
    """Calendar events, and the outbox and audit rows of calendar events."""
    with runtime.uow() as uow:
        return (
            uow.session.scalar(sa.select(sa.func.count()).select_from(CalendarEvent)),
            *(
                uow.session.scalar(
                    sa.select(sa.func.count()).where(model.event_type.like("calendar.%"))
                )
                for model in (OutboxMessage, EventRecord)
            ),
        )


def test_commit_writes_the_change_its_outbox_row_and_its_audit_row(runtime, owner):
    with runtime.uow() as uow:
        calendar.create_event(uow, owner, title="Climbing", start_time=START)
        uow.commit()
    assert counts(runtime) == (1, 1, 1)
    with runtime.uow() as uow:
        message = uow.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        record = uow.session.scalar(sa.select(EventRecord).order_by(EventRecord.id.desc()))
    assert message.event_type == record.event_type == "calendar.event.created"
    assert message.event_id == record.event_id
    assert message.payload["title"] == "Climbing" and message.status == "pending"


def test_leaving_without_commit_rolls_everything_back(runtime, owner):
    with runtime.uow() as uow:
        calendar.create_event(uow, owner, title="Climbing", start_time=START)
    assert counts(runtime) == (0, 0, 0)


def test_failure_while_writing_the_outbox_leaves_no_domain_change(runtime, owner):
    def crash(conn, cursor, statement, *_):
        if statement.lstrip().upper().startswith("INSERT INTO PLATFORM_OUTBOX"):
            raise RuntimeError("disk full while writing the outbox")

    sa.event.listen(runtime.engine, "before_cursor_execute", crash)
    try:
        with runtime.uow() as uow, pytest.raises(RuntimeError, match="disk full"):
            calendar.create_event(uow, owner, title="Climbing", start_time=START)
            uow.commit()
    finally:
        sa.event.remove(runtime.engine, "before_cursor_execute", crash)
    assert counts(runtime) == (0, 0, 0)


def test_crash_after_all_rows_are_flushed_but_before_commit_leaves_nothing(runtime, owner):
    with runtime.uow() as uow:
        calendar.create_event(uow, owner, title="Climbing", start_time=START)

        def crash(_session):
            uow.session.flush()  # every row is in the transaction now
            raise SystemExit("power cut")

        sa.event.listen(uow.session, "before_commit", crash)
        with pytest.raises(SystemExit):
            uow.commit()
    assert counts(runtime) == (0, 0, 0)
