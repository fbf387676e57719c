"""calendar initial: connections, events and their interpretations

Revision ID: 20261125_1911
Revises: 20261125_1910
Create Date: 2026-11-25 19:12:58.454843+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import lifeos_core.database.types

revision: str = "20261125_1911"
down_revision: str | None = "20261125_1910"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_connection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=2000), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "last_synced_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column(
            "last_counts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('ics_file', 'ics_url', 'google', 'caldav')",
            name=op.f("ck_calendar_connection_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_calendar_connection_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_connection")),
        sa.UniqueConstraint(
            "user_id", "kind", "location", name=op.f("uq_calendar_connection_user_id_kind_location")
        ),
    )
    op.create_index(
        op.f("ix_calendar_connection_user_id"), "calendar_connection", ["user_id"], unique=False
    )
    op.create_table(
        "calendar_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "start_time", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("end_time", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("original_timezone", sa.String(length=64), nullable=True),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=1024), nullable=True),
        sa.Column("recurrence_rule", sa.String(length=500), nullable=True),
        sa.Column("color", sa.String(length=16), nullable=True),
        sa.Column("is_private", sa.Boolean(), nullable=False),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("interpreted_hash", sa.String(length=64), nullable=True),
        sa.Column(
            "deleted_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "source IN ('manual', 'ics_file', 'ics_url', 'google', 'caldav')",
            name=op.f("ck_calendar_event_source"),
        ),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["calendar_connection.id"],
            name=op.f("fk_calendar_event_connection_id_calendar_connection"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_calendar_event_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_event")),
    )
    op.create_index(
        op.f("ix_calendar_event_connection_id"), "calendar_event", ["connection_id"], unique=False
    )
    op.create_index(
        op.f("ix_calendar_event_user_id_end_time"),
        "calendar_event",
        ["user_id", "end_time"],
        unique=False,
    )
    op.create_index(
        op.f("ix_calendar_event_user_id_source"),
        "calendar_event",
        ["user_id", "source"],
        unique=False,
    )
    op.create_index(
        op.f("ix_calendar_event_user_id_start_time"),
        "calendar_event",
        ["user_id", "start_time"],
        unique=False,
    )
    op.create_index(
        "uq_calendar_event_user_id_connection_id_external_id",
        "calendar_event",
        ["user_id", "connection_id", "external_id"],
        unique=True,
        postgresql_where=sa.text("external_id IS NOT NULL"),
        sqlite_where=sa.text("external_id IS NOT NULL"),
    )
    op.create_table(
        "calendar_event_interpretation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("record_type", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("confidence_score", sa.Double(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=16), nullable=True),
        sa.Column(
            "decided_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column(
            "classification_data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('inferred', 'confirmed', 'rejected', 'ignored', 'withdrawn')",
            name=op.f("ck_calendar_event_interpretation_status"),
        ),
        sa.CheckConstraint(
            "confidence_score >= 0 AND confidence_score <= 1",
            name=op.f("ck_calendar_event_interpretation_confidence_score"),
        ),
        sa.ForeignKeyConstraint(
            ["calendar_event_id"],
            ["calendar_event.id"],
            name=op.f("fk_calendar_event_interpretation_calendar_event_id_calendar_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_calendar_event_interpretation_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_event_interpretation")),
        sa.UniqueConstraint(
            "calendar_event_id",
            "record_type",
            name=op.f("uq_calendar_event_interpretation_calendar_event_id_record_type"),
        ),
    )
    op.create_index(
        op.f("ix_calendar_event_interpretation_calendar_event_id"),
        "calendar_event_interpretation",
        ["calendar_event_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_calendar_event_interpretation_user_id_domain_status"),
        "calendar_event_interpretation",
        ["user_id", "domain", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_calendar_event_interpretation_user_id_status"),
        "calendar_event_interpretation",
        ["user_id", "status"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_calendar_event_interpretation_user_id_status"),
        table_name="calendar_event_interpretation",
    )
    op.drop_index(
        op.f("ix_calendar_event_interpretation_user_id_domain_status"),
        table_name="calendar_event_interpretation",
    )
    op.drop_index(
        op.f("ix_calendar_event_interpretation_calendar_event_id"),
        table_name="calendar_event_interpretation",
    )
    op.drop_table("calendar_event_interpretation")
    op.drop_index(
        "uq_calendar_event_user_id_connection_id_external_id",
        table_name="calendar_event",
        postgresql_where=sa.text("external_id IS NOT NULL"),
        sqlite_where=sa.text("external_id IS NOT NULL"),
    )
    op.drop_index(op.f("ix_calendar_event_user_id_start_time"), table_name="calendar_event")
    op.drop_index(op.f("ix_calendar_event_user_id_source"), table_name="calendar_event")
    op.drop_index(op.f("ix_calendar_event_user_id_end_time"), table_name="calendar_event")
    op.drop_index(op.f("ix_calendar_event_connection_id"), table_name="calendar_event")
    op.drop_table("calendar_event")
    op.drop_index(op.f("ix_calendar_connection_user_id"), table_name="calendar_connection")
    op.drop_table("calendar_connection")
