"""Derived signals the owner sees, each with the evidence behind it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, JSONType, utcnow


class InsightRecord(Base):
    __tablename__ = "insight_record"
    __table_args__ = (
        sa.Index(None, "user_id", "created_at"),
        # One insight per rule and subject: redelivered events cannot double an insight.
        sa.UniqueConstraint("user_id", "insight_type", "dedupe_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    insight_type: Mapped[str] = mapped_column(sa.String(64))  # the rule's name
    rule_version: Mapped[int]
    dedupe_key: Mapped[str] = mapped_column(sa.String(255))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    severity: Mapped[str] = mapped_column(sa.String(16), default="info")
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    source_event_id: Mapped[str | None] = mapped_column(sa.String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]
