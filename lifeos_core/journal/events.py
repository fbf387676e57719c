"""Events of the journal domain (``journal.entry.*``).

No payload carries an entry's title or body: the outbox and the audit log keep payloads, and
what someone writes in a journal stays in the journal. Tags of a private entry stay out too.
"""

from __future__ import annotations

from datetime import date, datetime

from lifeos_core.events.base import DomainEvent


class JournalEntryCreated(DomainEvent):
    event_type = "journal.entry.created"
    entry_id: int
    entry_date: date
    mood: int | None = None
    tags: list[str] | None = None
    is_private: bool
    created_at: datetime


class JournalEntryUpdated(DomainEvent):
    event_type = "journal.entry.updated"
    entry_id: int
    fields: list[str]  # names only, never values
    updated_at: datetime


class JournalEntryDeleted(DomainEvent):
    event_type = "journal.entry.deleted"
    entry_id: int


EVENTS = (JournalEntryCreated, JournalEntryUpdated, JournalEntryDeleted)
