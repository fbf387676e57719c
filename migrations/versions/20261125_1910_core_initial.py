"""core initial: users, roles, permissions, sign-in state, event_record, insight_record, platform_outbox

Revision ID: 20261125_1910
Revises:
Create Date: 2026-11-25 19:12:58.454843+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import lifeos_core.database.types

revision: str = "20261125_1910"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "permission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permission")),
        sa.UniqueConstraint("name", name=op.f("uq_permission_name")),
    )
    op.create_table(
        "role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role")),
        sa.UniqueConstraint("name", name=op.f("uq_role_name")),
    )
    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column(
            "attempted_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempt")),
    )
    op.create_index(
        op.f("ix_sign_in_attempt_email_attempted_at"),
        "sign_in_attempt",
        ["email", "attempted_at"],
        unique=False,
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("email", name=op.f("uq_user_email")),
    )
    op.create_table(
        "event_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=120), nullable=False),
        sa.Column("payload_version", sa.Integer(), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "occurred_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_event_record_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_record")),
        sa.UniqueConstraint("event_id", name=op.f("uq_event_record_event_id")),
    )
    op.create_index(
        op.f("ix_event_record_user_id_event_type_occurred_at"),
        "event_record",
        ["user_id", "event_type", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "insight_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("insight_type", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("source_event_id", sa.String(length=36), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "expires_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "acknowledged_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "dismissed_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_insight_record_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_record")),
        sa.UniqueConstraint(
            "user_id",
            "insight_type",
            "dedupe_key",
            name=op.f("uq_insight_record_user_id_insight_type_dedupe_key"),
        ),
    )
    op.create_index(
        op.f("ix_insight_record_user_id_created_at"),
        "insight_record",
        ["user_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "password_reset_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "expires_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("used_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_password_reset_token_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_token_token_hash")),
    )
    op.create_index(
        op.f("ix_password_reset_token_user_id"), "password_reset_token", ["user_id"], unique=False
    )
    op.create_table(
        "platform_outbox",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=120), nullable=False),
        sa.Column("payload_version", sa.Integer(), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "available_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("sent_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'failed', 'sent', 'dead')",
            name=op.f("ck_platform_outbox_status"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_platform_outbox_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_platform_outbox_event_id")),
    )
    op.create_index(
        "ix_platform_outbox_claimable",
        "platform_outbox",
        ["available_at", "id"],
        unique=False,
        postgresql_where=sa.text("status IN ('pending', 'sending', 'failed')"),
        sqlite_where=sa.text("status IN ('pending', 'sending', 'failed')"),
    )
    op.create_index(
        op.f("ix_platform_outbox_user_id_available_at"),
        "platform_outbox",
        ["user_id", "available_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_platform_outbox_user_id_status_available_at"),
        "platform_outbox",
        ["user_id", "status", "available_at"],
        unique=False,
    )
    op.create_table(
        "role_permission",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("permission_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["permission_id"],
            ["permission.id"],
            name=op.f("fk_role_permission_permission_id_permission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role.id"],
            name=op.f("fk_role_permission_role_id_role"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role_id", "permission_id", name=op.f("pk_role_permission")),
    )
    op.create_table(
        "user_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_user_preference_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_preference")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_user_preference_user_id_key")),
    )
    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["role.id"], name=op.f("fk_user_role_role_id_role"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_user_role_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "role_id", name=op.f("pk_user_role")),
    )


def downgrade() -> None:
    op.drop_table("user_role")
    op.drop_table("user_preference")
    op.drop_table("role_permission")
    op.drop_index(
        op.f("ix_platform_outbox_user_id_status_available_at"), table_name="platform_outbox"
    )
    op.drop_index(op.f("ix_platform_outbox_user_id_available_at"), table_name="platform_outbox")
    op.drop_index(
        "ix_platform_outbox_claimable",
        table_name="platform_outbox",
        postgresql_where=sa.text("status IN ('pending', 'sending', 'failed')"),
        sqlite_where=sa.text("status IN ('pending', 'sending', 'failed')"),
    )
    op.drop_table("platform_outbox")
    op.drop_index(op.f("ix_password_reset_token_user_id"), table_name="password_reset_token")
    op.drop_table("password_reset_token")
    op.drop_index(op.f("ix_insight_record_user_id_created_at"), table_name="insight_record")
    op.drop_table("insight_record")
    op.drop_index(op.f("ix_event_record_user_id_event_type_occurred_at"), table_name="event_record")
    op.drop_table("event_record")
    op.drop_table("user")
    op.drop_index(op.f("ix_sign_in_attempt_email_attempted_at"), table_name="sign_in_attempt")
    op.drop_table("sign_in_attempt")
    op.drop_table("role")
    op.drop_table("permission")
