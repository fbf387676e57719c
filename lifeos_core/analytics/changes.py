"""What changed since the last snapshot, read from the audit log (``event_record``).

Every write in LifeOS emits its catalog events in the same transaction (the unit of work
guarantees it), and events are named ``domain.resource.action``. So the audit log says, per
user, which domains changed, which calendar events to read again, how interpretations moved
(their events carry the whole state), and which transactions and journal entries are gone.
A refresh reads only that, instead of comparing millions of rows.

An event's ``occurred_at`` is stamped as its transaction commits, so reading from a little
before the previous refresh started (``OVERLAP``) catches transactions that were still
committing then; reading an event twice is harmless, as applying one is idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from lifeos_core.events.models import EventRecord
from lifeos_core.unit_of_work import UnitOfWork

OVERLAP = timedelta(minutes=2)
READ_BATCH = 5_000

INTERPRETATION_STATUS = {
    "calendar.interpretation.confirmed": "confirmed",
    "calendar.interpretation.rejected": "rejected",
    "calendar.interpretation.ignored": "ignored",
    "calendar.interpretation.withdrawn": "withdrawn",
}


@dataclass
class UserChanges:
    """One user's changes, in the order they happened."""

    domains: set[str] = field(default_factory=set)
    calendar_event_ids: set[int] = field(default_factory=set)
    # Interpretations as their events leave them: whole rows from "created", else a status.
    interpretations: dict[int, dict[str, Any]] = field(default_factory=dict)
    interpretation_statuses: dict[int, str] = field(default_factory=dict)
    # Interpretations decided in review whose domain record may have changed status.
    decided_record_types: set[str] = field(default_factory=set)
    decided_interpretation_ids: set[int] = field(default_factory=set)
    deleted_transaction_ids: set[int] = field(default_factory=set)
    unposted_entry_ids: set[int] = field(default_factory=set)

    def apply(self, event_type: str, payload: dict[str, Any]) -> None:
        domain = event_type.split(".", 1)[0]
        self.domains.add(domain)
        if event_type.startswith("calendar.event."):
            self.calendar_event_ids.add(int(payload["event_id"]))
        elif event_type == "calendar.interpretation.created":
            interpretation_id = int(payload["interpretation_id"])
            self.interpretations[interpretation_id] = {
                "id": interpretation_id,
                "calendar_event_id": int(payload["calendar_event_id"]),
                "domain": payload["domain"],
                "record_type": payload["record_type"],
                "confidence": float(payload["confidence_score"]),
                "status": payload["status"],
            }
            self.interpretation_statuses.pop(interpretation_id, None)
        elif event_type in INTERPRETATION_STATUS:
            interpretation_id = int(payload["interpretation_id"])
            status = INTERPRETATION_STATUS[event_type]
            if interpretation_id in self.interpretations:
                self.interpretations[interpretation_id]["status"] = status
            else:
                self.interpretation_statuses[interpretation_id] = status
            if status != "withdrawn":
                self.decided_interpretation_ids.add(interpretation_id)
                if payload.get("record_type"):
                    self.decided_record_types.add(payload["record_type"])
        elif event_type == "finance.transaction.deleted":
            self.deleted_transaction_ids.add(int(payload["transaction_id"]))
        elif event_type == "finance.journal.unposted":
            self.unposted_entry_ids.add(int(payload["entry_id"]))


def changes_since(uow: UnitOfWork, since: datetime) -> dict[int, UserChanges]:
    """Every user's changes recorded at or after ``since`` (callers start OVERLAP early)."""
    query = (
        sa.select(EventRecord.user_id, EventRecord.event_type, EventRecord.payload)
        .where(EventRecord.occurred_at >= since)
        .order_by(EventRecord.id)
        .execution_options(yield_per=READ_BATCH)
    )
    changes: dict[int, UserChanges] = defaultdict(UserChanges)
    for user_id, event_type, payload in uow.session.execute(query):
        changes[user_id].apply(event_type, payload or {})
    return dict(changes)


def latest_change(uow: UnitOfWork) -> int:
    """The position of the newest audit record (0 when there is none), for sensors."""
    return uow.session.scalar(sa.select(sa.func.coalesce(sa.func.max(EventRecord.id), 0))) or 0
