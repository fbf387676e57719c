"""projects initial

Revision ID: 20261125_2040
Revises: 20261125_2030
Create Date: 2026-11-25 20:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lifeos_core.database.types

revision: str = "20261125_2040"
down_revision: str | None = "20261125_2030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "completed_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "archived_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('created', 'active', 'completed', 'archived')",
            name=op.f("ck_project_status"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_project_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_project_user_id_name")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_user_id_status"), ["user_id", "status"], unique=False
        )

    op.create_table(
        "project_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "completed_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "priority IN ('low', 'medium', 'high', 'urgent')", name=op.f("ck_project_task_priority")
        ),
        sa.CheckConstraint(
            "status IN ('todo', 'in_progress', 'done')", name=op.f("ck_project_task_status")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_task_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_project_task_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_task")),
    )
    with op.batch_alter_table("project_task", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_task_project_id_status"), ["project_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_task_user_id_due_date"), ["user_id", "due_date"], unique=False
        )

    op.create_table(
        "project_task_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("time_minutes", sa.Integer(), nullable=False),
        sa.Column("logged_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence_score", sa.Double(), nullable=True),
        sa.Column("inferred_status", sa.String(length=16), nullable=True),
        sa.Column("calendar_event_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "task_id IS NULL OR project_id IS NOT NULL",
            name=op.f("ck_project_task_log_task_has_project"),
        ),
        sa.CheckConstraint("time_minutes > 0", name=op.f("ck_project_task_log_time_minutes")),
        sa.ForeignKeyConstraint(
            ["calendar_event_id"],
            ["calendar_event.id"],
            name=op.f("fk_project_task_log_calendar_event_id_calendar_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_task_log_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["project_task.id"],
            name=op.f("fk_project_task_log_task_id_project_task"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_project_task_log_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_task_log")),
    )
    with op.batch_alter_table("project_task_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_task_log_calendar_event_id"), ["calendar_event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_task_log_project_id_logged_date"),
            ["project_id", "logged_date"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_project_task_log_task_id"), ["task_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_task_log_user_id_logged_date"),
            ["user_id", "logged_date"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("project_task_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_task_log_user_id_logged_date"))
        batch_op.drop_index(batch_op.f("ix_project_task_log_task_id"))
        batch_op.drop_index(batch_op.f("ix_project_task_log_project_id_logged_date"))
        batch_op.drop_index(batch_op.f("ix_project_task_log_calendar_event_id"))

    op.drop_table("project_task_log")

    with op.batch_alter_table("project_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_task_user_id_due_date"))
        batch_op.drop_index(batch_op.f("ix_project_task_project_id_status"))

    op.drop_table("project_task")

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_user_id_status"))

    op.drop_table("project")
