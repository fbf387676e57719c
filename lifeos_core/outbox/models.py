"""The transactional outbox: events waiting to be handed to their subscribers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, JSONType, utcnow

# pending: never tried; sending: claimed under a lease (available_at is the lease's end);
# failed: waiting for a retry at available_at; sent: delivered; dead: out of attempts.
OUTBOX_STATUSES = ("pending", "sending", "failed", "sent", "dead")
CLAIMABLE_STATUSES = ("pending", "sending", "failed")
FRESH_STATUSES = ("pending",)  # never attempted: attempts == 0
RETRY_STATUSES = ("sending", "failed")  # attempted before: a lapsed lease, or a failure

# SQLite only auto-increments an INTEGER PRIMARY KEY, not a BIGINT one.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class OutboxMessage(Base):
    __tablename__ = "platform_outbox"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'failed', 'sent', 'dead')", name="status"
        ),
        # User-scoped status queries (the constitution's index rule). There is no per-user
        # ready-queue polling, so no (user_id, available_at) index: each index on this table
        # is written twice per message (claim and settle are non-HOT updates).
        sa.Index(None, "user_id", "status", "available_at"),
        # The two claims' indexes. Each holds only the rows its claim can take, so they stay
        # small however many sent rows the table keeps, and neither claim walks past the
        # other's rows (a backlog of fresh rows does not slow the one-at-a-time retry claim).
        sa.Index(
            "ix_platform_outbox_fresh",
            "available_at",
            "id",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        ),
        sa.Index(
            "ix_platform_outbox_retry",
            "available_at",
            "id",
            postgresql_where=sa.text("status IN ('sending', 'failed')"),
            sqlite_where=sa.text("status IN ('sending', 'failed')"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(sa.String(120))
    payload_version: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
