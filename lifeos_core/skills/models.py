"""Skills, the practice sessions spent on them, and one metric rollup row per skill."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, TimestampMixin, utcnow
from lifeos_core.database.inferred import InferredRecordMixin
from lifeos_core.skills.metrics import PROFICIENCY_LEVELS

_LEVELS = ", ".join(f"'{level}'" for level in PROFICIENCY_LEVELS)


class Skill(TimestampMixin, Base):
    __tablename__ = "skill"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "name"),
        sa.CheckConstraint(f"proficiency_level IN ({_LEVELS})", name="proficiency_level"),
        sa.CheckConstraint(f"target_level IN ({_LEVELS})", name="target_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str | None] = mapped_column(sa.String(100))
    description: Mapped[str | None] = mapped_column(sa.Text)
    # Set by the owner to override the level derived from hours; NULL means "from hours".
    proficiency_level: Mapped[str | None] = mapped_column(sa.String(16))
    target_level: Mapped[str | None] = mapped_column(sa.String(16))


class SkillPracticeSession(InferredRecordMixin, Base):
    __tablename__ = "skill_practice_session"
    __table_args__ = (
        sa.Index(None, "user_id", "practiced_at"),
        sa.Index(None, "skill_id", "practiced_at"),
        # One proposed session per calendar event, so re-running the interpreter updates it.
        sa.UniqueConstraint("user_id", "calendar_event_id"),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440",
            name="duration_minutes",
        ),
        sa.CheckConstraint("quality BETWEEN 1 AND 5", name="quality"),
        sa.CheckConstraint("source IN ('manual', 'calendar', 'api', 'import')", name="source"),
        sa.CheckConstraint(
            "inferred_status IN ('inferred', 'confirmed', 'rejected', 'ignored')",
            name="inferred_status",
        ),
        sa.CheckConstraint("confidence_score BETWEEN 0 AND 1", name="confidence_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skill.id", ondelete="CASCADE"))
    practiced_at: Mapped[datetime]
    # NULL only for an inferred session whose calendar event had no length (all day, no end).
    duration_minutes: Mapped[int | None]
    focus: Mapped[str | None] = mapped_column(sa.String(200))
    quality: Mapped[int | None]  # 1 (poor) .. 5 (excellent), the owner's own rating
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SkillMetric(Base):
    """The rollup of one skill, rewritten by ``recompute_skill_metrics`` and after each write."""

    __tablename__ = "skill_metric"
    __table_args__ = (
        sa.Index(None, "user_id", "proficiency_level"),
        sa.CheckConstraint(f"proficiency_level IN ({_LEVELS})", name="proficiency_level"),
        sa.CheckConstraint("proficiency_source IN ('hours', 'owner')", name="proficiency_source"),
        sa.CheckConstraint(
            "total_minutes >= 0 AND session_count >= 0 AND current_streak_days >= 0"
            " AND longest_streak_days >= current_streak_days",
            name="non_negative",
        ),
    )

    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    total_minutes: Mapped[int] = mapped_column(default=0)
    session_count: Mapped[int] = mapped_column(default=0)
    current_streak_days: Mapped[int] = mapped_column(default=0)
    longest_streak_days: Mapped[int] = mapped_column(default=0)
    proficiency_level: Mapped[str] = mapped_column(sa.String(16))
    proficiency_source: Mapped[str] = mapped_column(sa.String(16))
    last_practiced_at: Mapped[datetime | None]
    as_of: Mapped[date]  # the owner's local day the streak was counted up to
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
