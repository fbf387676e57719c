"""insights evidence: model version and "not useful" on insights, thresholds, misses, telemetry

Additive only: new nullable columns on insight_record and new tables.

Revision ID: 20261125_2120
Revises: 20261125_2110
Create Date: 2026-11-25 21:20:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lifeos_core.database.types

revision: str = "20261125_2120"
down_revision: str | None = "20261125_2110"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = lifeos_core.database.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("insight_record") as batch_op:
        batch_op.add_column(sa.Column("model_version", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("feedback", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("feedback_at", UTC_DATETIME, nullable=True))
        batch_op.create_check_constraint(
            "feedback", "feedback IS NULL OR feedback IN ('not_useful')"
        )
    op.create_table(
        "insight_threshold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "kind IN ('category_budget', 'balance_floor')", name=op.f("ck_insight_threshold_kind")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_insight_threshold_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_threshold")),
        sa.UniqueConstraint(
            "user_id", "kind", "subject", name=op.f("uq_insight_threshold_user_id_kind_subject")
        ),
    )
    op.create_table(
        "insight_miss",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reported_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_insight_miss_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_miss")),
    )
    with op.batch_alter_table("insight_miss") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_insight_miss_user_id_rule"), ["user_id", "rule"], unique=False
        )
    op.create_table(
        "insight_rule_stat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("drafts", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("latency_ms_total", sa.Float(), nullable=False),
        sa.Column("latency_ms_max", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_insight_rule_stat_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_rule_stat")),
        sa.UniqueConstraint(
            "user_id",
            "rule",
            "rule_version",
            "day",
            name=op.f("uq_insight_rule_stat_user_id_rule_rule_version_day"),
        ),
    )


def downgrade() -> None:
    op.drop_table("insight_rule_stat")
    with op.batch_alter_table("insight_miss") as batch_op:
        batch_op.drop_index(batch_op.f("ix_insight_miss_user_id_rule"))
    op.drop_table("insight_miss")
    op.drop_table("insight_threshold")
    with op.batch_alter_table("insight_record") as batch_op:
        batch_op.drop_constraint(op.f("ck_insight_record_feedback"), type_="check")
        batch_op.drop_column("feedback_at")
        batch_op.drop_column("feedback")
        batch_op.drop_column("model_version")
