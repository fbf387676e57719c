"""Calendar tables: connections (where events come from), events, and their interpretations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, JSONType, TimestampMixin

SOURCES = ("manual", "ics_file", "ics_url", "google", "caldav")
INTERPRETATION_STATUSES = ("inferred", "confirmed", "rejected", "ignored", "withdrawn")


class CalendarConnection(TimestampMixin, Base):
    """One place events are synced from, with the state of its last sync."""

    __tablename__ = "calendar_connection"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", "location"),
        sa.CheckConstraint("kind IN ('ics_file', 'ics_url', 'google', 'caldav')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(200))
    location: Mapped[str] = mapped_column(sa.String(2000))  # a file path or URL
    is_active: Mapped[bool] = mapped_column(default=True)
    # What is not secret about the source: the CalDAV user name, the calendar's zone.
    options: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # Passwords and OAuth tokens as JSON, encrypted (lifeos_core.crypto) and bound to this row.
    credentials: Mapped[str | None] = mapped_column(sa.Text)
    # Where the last sync stopped: sync token, HTTP validators, content fingerprint, window.
    sync_state: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    last_attempt_at: Mapped[datetime | None]
    last_synced_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_counts: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class CalendarSourceItem(TimestampMixin, Base):
    """One upstream object as last fetched (a CalDAV resource, a Google event), kept raw.

    Incremental sources only say what changed; keeping the raw objects lets a sync re-expand
    a series when only one of its parts changed, or when the rolling window moves, without
    fetching everything again.
    """

    __tablename__ = "calendar_source_item"
    __table_args__ = (
        sa.UniqueConstraint("connection_id", "href"),
        sa.Index(None, "connection_id", "series_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calendar_connection.id", ondelete="CASCADE")
    )
    href: Mapped[str] = mapped_column(sa.String(1024))  # the CalDAV href or Google event id
    series_id: Mapped[str] = mapped_column(sa.String(1024))  # the items expanded together
    etag: Mapped[str | None] = mapped_column(sa.String(256))
    data: Mapped[str] = mapped_column(sa.Text)  # iCalendar text or Google event JSON


class CalendarOAuthFlow(TimestampMixin, Base):
    """An OAuth authorisation on its way: what the callback needs to finish it."""

    __tablename__ = "calendar_oauth_flow"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(sa.String(16))
    state: Mapped[str] = mapped_column(sa.String(128), unique=True)
    # The PKCE code verifier, encrypted like any credential.
    code_verifier: Mapped[str] = mapped_column(sa.Text)
    redirect_uri: Mapped[str] = mapped_column(sa.String(2000))


class CalendarEvent(TimestampMixin, Base):
    __tablename__ = "calendar_event"
    __table_args__ = (
        sa.Index(None, "user_id", "start_time"),
        sa.Index(None, "user_id", "end_time"),
        sa.Index(None, "user_id", "source"),
        sa.Index(None, "connection_id", "series_id"),
        sa.Index(
            "uq_calendar_event_user_id_connection_id_external_id",
            "user_id",
            "connection_id",
            "external_id",
            unique=True,
            postgresql_where=sa.text("external_id IS NOT NULL"),
            sqlite_where=sa.text("external_id IS NOT NULL"),
        ),
        sa.CheckConstraint(
            "source IN ('manual', 'ics_file', 'ics_url', 'google', 'caldav')", name="source"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    connection_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("calendar_connection.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str | None] = mapped_column(sa.Text)
    start_time: Mapped[datetime]
    end_time: Mapped[datetime | None]
    all_day: Mapped[bool] = mapped_column(default=False)
    # The zone the event was written in (UTC instants above are what we compute with).
    original_timezone: Mapped[str | None] = mapped_column(sa.String(64))
    location: Mapped[str | None] = mapped_column(sa.String(500))
    source: Mapped[str] = mapped_column(sa.String(16), default="manual")
    external_id: Mapped[str | None] = mapped_column(sa.String(1024))
    # The upstream object the event came from (a UID, a CalDAV href, a Google series id).
    series_id: Mapped[str | None] = mapped_column(sa.String(1024))
    recurrence_rule: Mapped[str | None] = mapped_column(sa.String(500))
    color: Mapped[str | None] = mapped_column(sa.String(16))
    is_private: Mapped[bool] = mapped_column(default=False)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    # Fingerprint of the synced content; a sync that sees the same hash writes nothing.
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # The content_hash the interpreter last saw; differs from content_hash when it must look again.
    interpreted_hash: Mapped[str | None] = mapped_column(sa.String(64))
    deleted_at: Mapped[datetime | None]


class CalendarEventInterpretation(TimestampMixin, Base):
    __tablename__ = "calendar_event_interpretation"
    __table_args__ = (
        sa.Index(None, "calendar_event_id"),
        sa.Index(None, "user_id", "domain", "status"),
        sa.Index(None, "user_id", "status"),
        sa.UniqueConstraint("calendar_event_id", "record_type"),
        sa.CheckConstraint(
            "status IN ('inferred', 'confirmed', 'rejected', 'ignored', 'withdrawn')",
            name="status",
        ),
        sa.CheckConstraint(
            "confidence_score >= 0 AND confidence_score <= 1", name="confidence_score"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calendar_event.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(sa.String(32))
    record_type: Mapped[str] = mapped_column(sa.String(64))  # e.g. "health/workout"
    record_id: Mapped[int | None]
    confidence_score: Mapped[float]
    status: Mapped[str] = mapped_column(sa.String(16), default="inferred")
    decided_by: Mapped[str | None] = mapped_column(sa.String(16))  # "auto" or "owner"
    decided_at: Mapped[datetime | None]
    model_version: Mapped[str] = mapped_column(sa.String(64))
    # Extracted structure and the evidence that fired, shown on the review screen.
    classification_data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
