"""calendar sync: connection credentials and sync state, raw source items, OAuth flows

Additive only: new nullable or defaulted columns and new tables.

Revision ID: 20261125_2100
Revises: 20261125_2060
Create Date: 2026-11-25 21:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import lifeos_core.database.types

revision: str = "20261125_2100"
down_revision: str | None = "20261125_2060"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
UTC_DATETIME = lifeos_core.database.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("calendar_connection") as batch_op:
        # Existing rows get an empty object; new rows get theirs from the model.
        batch_op.add_column(
            sa.Column("options", JSON, nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(sa.Column("credentials", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("sync_state", JSON, nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(sa.Column("last_attempt_at", UTC_DATETIME, nullable=True))
    with op.batch_alter_table("calendar_connection") as batch_op:
        batch_op.alter_column("options", server_default=None)
        batch_op.alter_column("sync_state", server_default=None)

    with op.batch_alter_table("calendar_event") as batch_op:
        batch_op.add_column(sa.Column("series_id", sa.String(length=1024), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_calendar_event_connection_id_series_id"),
            ["connection_id", "series_id"],
            unique=False,
        )

    op.create_table(
        "calendar_source_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("href", sa.String(length=1024), nullable=False),
        sa.Column("series_id", sa.String(length=1024), nullable=False),
        sa.Column("etag", sa.String(length=256), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["calendar_connection.id"],
            name=op.f("fk_calendar_source_item_connection_id_calendar_connection"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_calendar_source_item_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_source_item")),
        sa.UniqueConstraint(
            "connection_id", "href", name=op.f("uq_calendar_source_item_connection_id_href")
        ),
    )
    op.create_index(
        op.f("ix_calendar_source_item_connection_id_series_id"),
        "calendar_source_item",
        ["connection_id", "series_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_calendar_source_item_user_id"), "calendar_source_item", ["user_id"], unique=False
    )

    op.create_table(
        "calendar_oauth_flow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=128), nullable=False),
        sa.Column("code_verifier", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.String(length=2000), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_calendar_oauth_flow_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_oauth_flow")),
        sa.UniqueConstraint("state", name=op.f("uq_calendar_oauth_flow_state")),
    )
    op.create_index(
        op.f("ix_calendar_oauth_flow_user_id"), "calendar_oauth_flow", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_calendar_oauth_flow_user_id"), table_name="calendar_oauth_flow")
    op.drop_table("calendar_oauth_flow")
    op.drop_index(op.f("ix_calendar_source_item_user_id"), table_name="calendar_source_item")
    op.drop_index(
        op.f("ix_calendar_source_item_connection_id_series_id"), table_name="calendar_source_item"
    )
    op.drop_table("calendar_source_item")
    with op.batch_alter_table("calendar_event") as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_event_connection_id_series_id"))
        batch_op.drop_column("series_id")
    with op.batch_alter_table("calendar_connection") as batch_op:
        batch_op.drop_column("last_attempt_at")
        batch_op.drop_column("sync_state")
        batch_op.drop_column("credentials")
        batch_op.drop_column("options")
