"""outbox claim indexes: one partial index per claim (fresh and retried), no per-user polling index

The single claimable-rows index served both claims, so the one-at-a-time retry claim walked
past every fresh row of a backlog to find a due retry; each claim now has an index holding
only its own rows. The (user_id, available_at) index had no query (the queue is polled
globally) and cost a write on every claim and every settle.

Revision ID: 20261125_2125
Revises: 20261125_2120
Create Date: 2026-11-25 21:25:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261125_2125"
down_revision: str | None = "20261125_2120"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIMABLE = "status IN ('pending', 'sending', 'failed')"
FRESH = "status = 'pending'"
RETRY = "status IN ('sending', 'failed')"


def _create(name: str, where: str) -> None:
    op.create_index(
        name,
        "platform_outbox",
        ["available_at", "id"],
        unique=False,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


def upgrade() -> None:
    _create("ix_platform_outbox_fresh", FRESH)
    _create("ix_platform_outbox_retry", RETRY)
    op.drop_index("ix_platform_outbox_claimable", table_name="platform_outbox")
    op.drop_index("ix_platform_outbox_user_id_available_at", table_name="platform_outbox")


def downgrade() -> None:
    op.create_index(
        "ix_platform_outbox_user_id_available_at",
        "platform_outbox",
        ["user_id", "available_at"],
        unique=False,
    )
    _create("ix_platform_outbox_claimable", CLAIMABLE)
    op.drop_index("ix_platform_outbox_retry", table_name="platform_outbox")
    op.drop_index("ix_platform_outbox_fresh", table_name="platform_outbox")
