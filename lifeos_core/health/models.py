"""Tables of the health domain: biometrics, workouts and nutrition logs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, TimestampMixin
from lifeos_core.database.inferred import InferredRecordMixin

INTENSITIES = ("low", "moderate", "high")
MEAL_TYPES = ("breakfast", "lunch", "dinner", "snack")


class Biometric(TimestampMixin, Base):
    """One day's measurements; any subset, but at least one."""

    __tablename__ = "health_biometric"
    __table_args__ = (
        sa.Index(None, "user_id", "measured_on"),
        sa.CheckConstraint(
            "weight_kg IS NOT NULL OR body_fat_pct IS NOT NULL OR resting_hr IS NOT NULL"
            " OR energy_level IS NOT NULL OR stress_level IS NOT NULL",
            name="has_measurement",
        ),
        sa.CheckConstraint("weight_kg BETWEEN 20 AND 400", name="weight_kg"),
        sa.CheckConstraint("body_fat_pct BETWEEN 2 AND 70", name="body_fat_pct"),
        sa.CheckConstraint("resting_hr BETWEEN 25 AND 220", name="resting_hr"),
        sa.CheckConstraint("energy_level BETWEEN 1 AND 10", name="energy_level"),
        sa.CheckConstraint("stress_level BETWEEN 1 AND 10", name="stress_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    measured_on: Mapped[date]
    weight_kg: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    body_fat_pct: Mapped[Decimal | None] = mapped_column(sa.Numeric(4, 1))
    resting_hr: Mapped[int | None]
    energy_level: Mapped[int | None]
    stress_level: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(sa.Text)


class Workout(InferredRecordMixin, TimestampMixin, Base):
    __tablename__ = "health_workout"
    __table_args__ = (
        sa.Index(None, "user_id", "workout_date"),
        sa.CheckConstraint("intensity IN ('low', 'moderate', 'high')", name="intensity"),
        sa.CheckConstraint("duration_minutes BETWEEN 1 AND 1440", name="duration_minutes"),
        sa.CheckConstraint("calories_est >= 0", name="calories_est"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    # The owner's local date (what weekly summaries group by); started_at is the instant.
    workout_date: Mapped[date]
    started_at: Mapped[datetime | None]
    workout_type: Mapped[str] = mapped_column(sa.String(64))
    # Nullable for inferences: a calendar event without an end says nothing about either.
    duration_minutes: Mapped[int | None]
    intensity: Mapped[str | None] = mapped_column(sa.String(16))
    calories_est: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(sa.Text)


class NutritionLog(InferredRecordMixin, TimestampMixin, Base):
    __tablename__ = "health_nutrition_log"
    __table_args__ = (
        sa.Index(None, "user_id", "meal_date"),
        sa.CheckConstraint(
            "meal_type IN ('breakfast', 'lunch', 'dinner', 'snack')", name="meal_type"
        ),
        sa.CheckConstraint("calories_est >= 0", name="calories_est"),
        sa.CheckConstraint("quality_score BETWEEN 1 AND 10", name="quality_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    meal_date: Mapped[date]
    meal_type: Mapped[str] = mapped_column(sa.String(16))
    calories_est: Mapped[int | None]
    quality_score: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(sa.Text)
