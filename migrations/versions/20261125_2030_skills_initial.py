"""skills initial

Revision ID: 20261125_2030
Revises: 20261125_2020
Create Date: 2026-11-25 20:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lifeos_core.database.types

revision: str = "20261125_2030"
down_revision: str | None = "20261125_2020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS = "'beginner', 'intermediate', 'advanced', 'expert'"


def upgrade() -> None:
    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("proficiency_level", sa.String(length=16), nullable=True),
        sa.Column("target_level", sa.String(length=16), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            f"proficiency_level IN ({LEVELS})", name=op.f("ck_skill_proficiency_level")
        ),
        sa.CheckConstraint(f"target_level IN ({LEVELS})", name=op.f("ck_skill_target_level")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_skill_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_skill_user_id_name")),
    )

    op.create_table(
        "skill_practice_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column(
            "practiced_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("focus", sa.String(length=200), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence_score", sa.Double(), nullable=True),
        sa.Column("inferred_status", sa.String(length=16), nullable=True),
        sa.Column("calendar_event_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "inferred_status IN ('inferred', 'confirmed', 'rejected', 'ignored')",
            name=op.f("ck_skill_practice_session_inferred_status"),
        ),
        sa.CheckConstraint(
            "source IN ('manual', 'calendar', 'api', 'import')",
            name=op.f("ck_skill_practice_session_source"),
        ),
        sa.CheckConstraint(
            "confidence_score BETWEEN 0 AND 1",
            name=op.f("ck_skill_practice_session_confidence_score"),
        ),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440",
            name=op.f("ck_skill_practice_session_duration_minutes"),
        ),
        sa.CheckConstraint(
            "quality BETWEEN 1 AND 5", name=op.f("ck_skill_practice_session_quality")
        ),
        sa.ForeignKeyConstraint(
            ["calendar_event_id"],
            ["calendar_event.id"],
            name=op.f("fk_skill_practice_session_calendar_event_id_calendar_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_skill_practice_session_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_skill_practice_session_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_practice_session")),
        sa.UniqueConstraint(
            "user_id",
            "calendar_event_id",
            name=op.f("uq_skill_practice_session_user_id_calendar_event_id"),
        ),
    )
    with op.batch_alter_table("skill_practice_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skill_practice_session_calendar_event_id"),
            ["calendar_event_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_skill_practice_session_skill_id_practiced_at"),
            ["skill_id", "practiced_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_skill_practice_session_user_id_practiced_at"),
            ["user_id", "practiced_at"],
            unique=False,
        )

    op.create_table(
        "skill_metric",
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("total_minutes", sa.Integer(), nullable=False),
        sa.Column("session_count", sa.Integer(), nullable=False),
        sa.Column("current_streak_days", sa.Integer(), nullable=False),
        sa.Column("longest_streak_days", sa.Integer(), nullable=False),
        sa.Column("proficiency_level", sa.String(length=16), nullable=False),
        sa.Column("proficiency_source", sa.String(length=16), nullable=False),
        sa.Column(
            "last_practiced_at",
            lifeos_core.database.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "computed_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            f"proficiency_level IN ({LEVELS})", name=op.f("ck_skill_metric_proficiency_level")
        ),
        sa.CheckConstraint(
            "proficiency_source IN ('hours', 'owner')",
            name=op.f("ck_skill_metric_proficiency_source"),
        ),
        sa.CheckConstraint(
            "total_minutes >= 0 AND session_count >= 0 AND current_streak_days >= 0 AND longest_streak_days >= current_streak_days",
            name=op.f("ck_skill_metric_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_skill_metric_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_skill_metric_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("skill_id", name=op.f("pk_skill_metric")),
    )
    with op.batch_alter_table("skill_metric", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skill_metric_user_id_proficiency_level"),
            ["user_id", "proficiency_level"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("skill_metric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_metric_user_id_proficiency_level"))
    op.drop_table("skill_metric")

    with op.batch_alter_table("skill_practice_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_practice_session_user_id_practiced_at"))
        batch_op.drop_index(batch_op.f("ix_skill_practice_session_skill_id_practiced_at"))
        batch_op.drop_index(batch_op.f("ix_skill_practice_session_calendar_event_id"))
    op.drop_table("skill_practice_session")

    op.drop_table("skill")
