"""health initial

Revision ID: 20261125_2020
Revises: 20261125_2010
Create Date: 2026-11-25 20:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lifeos_core.database.types

revision: str = "20261125_2020"
down_revision: str | None = "20261125_2010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "health_biometric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("weight_kg", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("body_fat_pct", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("resting_hr", sa.Integer(), nullable=True),
        sa.Column("energy_level", sa.Integer(), nullable=True),
        sa.Column("stress_level", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "body_fat_pct BETWEEN 2 AND 70", name=op.f("ck_health_biometric_body_fat_pct")
        ),
        sa.CheckConstraint(
            "energy_level BETWEEN 1 AND 10", name=op.f("ck_health_biometric_energy_level")
        ),
        sa.CheckConstraint(
            "resting_hr BETWEEN 25 AND 220", name=op.f("ck_health_biometric_resting_hr")
        ),
        sa.CheckConstraint(
            "stress_level BETWEEN 1 AND 10", name=op.f("ck_health_biometric_stress_level")
        ),
        sa.CheckConstraint(
            "weight_kg BETWEEN 20 AND 400", name=op.f("ck_health_biometric_weight_kg")
        ),
        sa.CheckConstraint(
            "weight_kg IS NOT NULL OR body_fat_pct IS NOT NULL OR resting_hr IS NOT NULL OR energy_level IS NOT NULL OR stress_level IS NOT NULL",
            name=op.f("ck_health_biometric_has_measurement"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_health_biometric_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_biometric")),
    )
    with op.batch_alter_table("health_biometric", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_health_biometric_user_id_measured_on"),
            ["user_id", "measured_on"],
            unique=False,
        )

    op.create_table(
        "health_nutrition_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("meal_date", sa.Date(), nullable=False),
        sa.Column("meal_type", sa.String(length=16), nullable=False),
        sa.Column("calories_est", sa.Integer(), nullable=True),
        sa.Column("quality_score", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence_score", sa.Double(), nullable=True),
        sa.Column("inferred_status", sa.String(length=16), nullable=True),
        sa.Column("calendar_event_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "meal_type IN ('breakfast', 'lunch', 'dinner', 'snack')",
            name=op.f("ck_health_nutrition_log_meal_type"),
        ),
        sa.CheckConstraint("calories_est >= 0", name=op.f("ck_health_nutrition_log_calories_est")),
        sa.CheckConstraint(
            "quality_score BETWEEN 1 AND 10", name=op.f("ck_health_nutrition_log_quality_score")
        ),
        sa.ForeignKeyConstraint(
            ["calendar_event_id"],
            ["calendar_event.id"],
            name=op.f("fk_health_nutrition_log_calendar_event_id_calendar_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_health_nutrition_log_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_nutrition_log")),
    )
    with op.batch_alter_table("health_nutrition_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_health_nutrition_log_calendar_event_id"),
            ["calendar_event_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_health_nutrition_log_user_id_meal_date"),
            ["user_id", "meal_date"],
            unique=False,
        )

    op.create_table(
        "health_workout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workout_date", sa.Date(), nullable=False),
        sa.Column(
            "started_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("workout_type", sa.String(length=64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("intensity", sa.String(length=16), nullable=True),
        sa.Column("calories_est", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence_score", sa.Double(), nullable=True),
        sa.Column("inferred_status", sa.String(length=16), nullable=True),
        sa.Column("calendar_event_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "intensity IN ('low', 'moderate', 'high')", name=op.f("ck_health_workout_intensity")
        ),
        sa.CheckConstraint("calories_est >= 0", name=op.f("ck_health_workout_calories_est")),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 1 AND 1440", name=op.f("ck_health_workout_duration_minutes")
        ),
        sa.ForeignKeyConstraint(
            ["calendar_event_id"],
            ["calendar_event.id"],
            name=op.f("fk_health_workout_calendar_event_id_calendar_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_health_workout_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_workout")),
    )
    with op.batch_alter_table("health_workout", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_health_workout_calendar_event_id"), ["calendar_event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_health_workout_user_id_workout_date"),
            ["user_id", "workout_date"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("health_workout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_workout_user_id_workout_date"))
        batch_op.drop_index(batch_op.f("ix_health_workout_calendar_event_id"))

    op.drop_table("health_workout")
    with op.batch_alter_table("health_nutrition_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_nutrition_log_user_id_meal_date"))
        batch_op.drop_index(batch_op.f("ix_health_nutrition_log_calendar_event_id"))

    op.drop_table("health_nutrition_log")
    with op.batch_alter_table("health_biometric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_biometric_user_id_measured_on"))

    op.drop_table("health_biometric")
