"""Projects, their tasks, and the time logged on them (table names from the constitution)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, TimestampMixin, utcnow
from lifeos_core.database.inferred import InferredRecordMixin


class Project(TimestampMixin, Base):
    __tablename__ = "project"
    __table_args__ = (
        sa.Index(None, "user_id", "status"),
        sa.UniqueConstraint("user_id", "name"),
        sa.CheckConstraint(
            "status IN ('created', 'active', 'completed', 'archived')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    # created -> active -> completed | archived; completed -> archived; archived -> active.
    status: Mapped[str] = mapped_column(sa.String(16), default="created")
    due_date: Mapped[date | None]
    completed_at: Mapped[datetime | None]
    archived_at: Mapped[datetime | None]


class ProjectTask(TimestampMixin, Base):
    __tablename__ = "project_task"
    __table_args__ = (
        sa.Index(None, "user_id", "due_date"),
        sa.Index(None, "project_id", "status"),
        sa.CheckConstraint("status IN ('todo', 'in_progress', 'done')", name="status"),
        sa.CheckConstraint("priority IN ('low', 'medium', 'high', 'urgent')", name="priority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="todo")
    priority: Mapped[str] = mapped_column(sa.String(16), default="medium")
    due_date: Mapped[date | None]
    completed_at: Mapped[datetime | None]


class ProjectTaskLog(InferredRecordMixin, Base):
    """Time spent on a project, on one of its tasks or (inferred, not yet placed) on neither."""

    __tablename__ = "project_task_log"
    __table_args__ = (
        sa.Index(None, "user_id", "logged_date"),
        sa.Index(None, "project_id", "logged_date"),
        sa.Index(None, "task_id"),
        sa.CheckConstraint("time_minutes > 0", name="time_minutes"),
        # A log on a task always carries the task's project, so project totals need no join.
        sa.CheckConstraint("task_id IS NULL OR project_id IS NOT NULL", name="task_has_project"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project_task.id", ondelete="CASCADE")
    )
    time_minutes: Mapped[int]
    logged_date: Mapped[date]
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
