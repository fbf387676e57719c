"""The audit log: one immutable row per emitted event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, JSONType, utcnow


class EventRecord(Base):
    __tablename__ = "event_record"
    __table_args__ = (sa.Index(None, "user_id", "event_type", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(sa.String(120))
    payload_version: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
