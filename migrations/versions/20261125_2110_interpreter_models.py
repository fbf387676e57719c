"""interpreter: the owner's trained models

Additive only: one new table.

Revision ID: 20261125_2110
Revises: 20261125_2100
Create Date: 2026-11-25 21:10:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import lifeos_core.database.types

revision: str = "20261125_2110"
down_revision: str | None = "20261125_2100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
UTC_DATETIME = lifeos_core.database.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "interpreter_model",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_interpreter_model_version")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_interpreter_model_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interpreter_model")),
        sa.UniqueConstraint(
            "user_id", "version", name=op.f("uq_interpreter_model_user_id_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("interpreter_model")
