"""Habits and their logs."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, TimestampMixin, utcnow
from lifeos_core.database.inferred import InferredRecordMixin

SCHEDULE_TYPES = ("daily", "weekly", "n_per_week")


class Habit(TimestampMixin, Base):
    __tablename__ = "habit"
    __table_args__ = (
        sa.Index(None, "user_id", "is_active"),
        sa.UniqueConstraint("user_id", "name"),
        sa.CheckConstraint(
            "schedule_type IN ('daily', 'weekly', 'n_per_week')", name="schedule_type"
        ),
        sa.CheckConstraint("target_count >= 1", name="target_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    # daily: target_count times a day; weekly: once a week; n_per_week: target_count times a week.
    schedule_type: Mapped[str] = mapped_column(sa.String(16), default="daily")
    target_count: Mapped[int] = mapped_column(default=1)
    domain_link: Mapped[str | None] = mapped_column(sa.String(32))
    is_active: Mapped[bool] = mapped_column(default=True)
    deactivated_at: Mapped[datetime | None]


class HabitLog(InferredRecordMixin, Base):
    __tablename__ = "habit_log"
    __table_args__ = (
        sa.Index(None, "user_id", "logged_date"),
        sa.Index(None, "habit_id", "logged_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    habit_id: Mapped[int] = mapped_column(sa.ForeignKey("habit.id", ondelete="CASCADE"))
    logged_date: Mapped[date]
    value: Mapped[int] = mapped_column(default=1)
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
