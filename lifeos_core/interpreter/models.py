"""The owner's trained interpreter models: one row per training, the newest one in use."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, JSONType, TimestampMixin


class InterpreterModel(TimestampMixin, Base):
    __tablename__ = "interpreter_model"
    __table_args__ = (
        # Also the index for "the owner's newest model".
        sa.UniqueConstraint("user_id", "version"),
        sa.CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    version: Mapped[int]
    # "user-<id>-v<N>", what the interpretations' and events' model_version names.
    model_version: Mapped[str] = mapped_column(sa.String(64))
    decisions: Mapped[int]  # the owner's review decisions when it was trained
    examples: Mapped[int]  # reviewed events it learned from
    metrics: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    blob: Mapped[bytes] = mapped_column(sa.LargeBinary)
