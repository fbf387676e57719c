"""relationships initial

Revision ID: 20261125_2050
Revises: 20261125_2040
Create Date: 2026-11-25 20:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lifeos_core.database.types

revision: str = "20261125_2050"
down_revision: str | None = "20261125_2040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "relationships_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relationship_type", sa.String(length=16), nullable=False),
        sa.Column("reconnect_cue_days", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "relationship_type IN ('family', 'friend', 'colleague', 'acquaintance', 'other')",
            name=op.f("ck_relationships_person_relationship_type"),
        ),
        sa.CheckConstraint(
            "reconnect_cue_days >= 1", name=op.f("ck_relationships_person_reconnect_cue_days")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_relationships_person_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationships_person")),
    )
    with op.batch_alter_table("relationships_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationships_person_user_id_name"), ["user_id", "name"], unique=False
        )

    op.create_table(
        "relationships_interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("mentioned_name", sa.String(length=200), nullable=True),
        sa.Column("interaction_type", sa.String(length=16), nullable=False),
        sa.Column(
            "occurred_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence_score", sa.Double(), nullable=True),
        sa.Column("inferred_status", sa.String(length=16), nullable=True),
        sa.Column("calendar_event_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "interaction_type IN ('call', 'message', 'meeting', 'meal', 'other')",
            name=op.f("ck_relationships_interaction_interaction_type"),
        ),
        sa.ForeignKeyConstraint(
            ["calendar_event_id"],
            ["calendar_event.id"],
            name=op.f("fk_relationships_interaction_calendar_event_id_calendar_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["relationships_person.id"],
            name=op.f("fk_relationships_interaction_person_id_relationships_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_relationships_interaction_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationships_interaction")),
    )
    with op.batch_alter_table("relationships_interaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationships_interaction_calendar_event_id"),
            ["calendar_event_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_relationships_interaction_person_id_occurred_at"),
            ["person_id", "occurred_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_relationships_interaction_user_id_occurred_at"),
            ["user_id", "occurred_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("relationships_interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationships_interaction_user_id_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_relationships_interaction_person_id_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_relationships_interaction_calendar_event_id"))

    op.drop_table("relationships_interaction")
    with op.batch_alter_table("relationships_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationships_person_user_id_name"))

    op.drop_table("relationships_person")
