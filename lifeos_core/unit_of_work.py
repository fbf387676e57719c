"""The unit of work: one business transaction, its events and their outbox rows, or nothing.

    with uow_factory() as uow:
        ...change models through uow.session...
        uow.emit(SomethingHappened(...))
        uow.commit()

Leaving the block without ``commit()`` rolls everything back, events included. ``commit()``
writes each emitted event to ``platform_outbox`` and ``event_record`` in the same
transaction as the domain change, so a change without its events (or the reverse) cannot
exist.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from lifeos_core.database import utcnow
from lifeos_core.events.base import DomainEvent
from lifeos_core.events.catalog import check_cataloged
from lifeos_core.events.models import EventRecord
from lifeos_core.outbox.models import OutboxMessage


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._session_factory = session_factory
        self._events: list[DomainEvent] = []
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._events = []
        return self

    def __exit__(self, *exc_info) -> None:
        # Closing ends the transaction with a rollback (anything not committed is gone) and
        # detaches loaded objects without expiring them, so they stay readable.
        self._events = []
        self.session.close()

    def emit(self, event: DomainEvent) -> None:
        """Queue an event to be committed with this unit of work."""
        check_cataloged(event)
        self._events.append(event)

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction: on an exception its writes and its events are undone alone."""
        mark = len(self._events)
        try:
            with self.session.begin_nested():
                yield
        except BaseException:
            del self._events[mark:]
            raise

    def commit(self) -> None:
        if self._events:
            now = utcnow()
            rows = [
                dict(
                    event_id=str(uuid.uuid4()),
                    user_id=event.user_id,
                    event_type=event.event_type,
                    payload_version=event.payload_version,
                    payload=event.model_dump(mode="json"),
                )
                for event in self._events
            ]
            # The domain changes first, then one executemany per table, in emission order: a
            # sync that creates thousands of events spent most of its commit building and
            # flushing two ORM objects per event.
            self.session.flush()
            self.session.execute(
                sa.insert(OutboxMessage.__table__),
                [{**row, "available_at": now, "created_at": now} for row in rows],
            )
            self.session.execute(
                sa.insert(EventRecord.__table__), [{**row, "occurred_at": now} for row in rows]
            )
        self.session.commit()
        self._events = []

    def rollback(self) -> None:
        self._events = []
        self.session.rollback()


UnitOfWorkFactory = Callable[[], UnitOfWork]


def uow_factory_for(session_factory: sessionmaker[Session]) -> UnitOfWorkFactory:
    return lambda: UnitOfWork(session_factory)
