"""People and the interactions with them.

Last contact and the reconnect cue are not stored: they derive from the interactions that
count (manual and confirmed ones), so logging, confirming or deleting an interaction moves
them at once and nothing can drift out of step.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, TimestampMixin
from lifeos_core.database.inferred import InferredRecordMixin


class Person(TimestampMixin, Base):
    __tablename__ = "relationships_person"
    __table_args__ = (
        sa.Index(None, "user_id", "name"),
        sa.CheckConstraint(
            "relationship_type IN ('family', 'friend', 'colleague', 'acquaintance', 'other')",
            name="relationship_type",
        ),
        sa.CheckConstraint("reconnect_cue_days >= 1", name="reconnect_cue_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    # Not unique: two friends can share a name.
    name: Mapped[str] = mapped_column(sa.String(200))
    relationship_type: Mapped[str] = mapped_column(sa.String(16), default="other")
    # Reconnect after this many days without contact; None means no cue.
    reconnect_cue_days: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)
    birthday: Mapped[date | None]
    email: Mapped[str | None] = mapped_column(sa.String(320))


class Interaction(TimestampMixin, InferredRecordMixin, Base):
    __tablename__ = "relationships_interaction"
    __table_args__ = (
        sa.Index(None, "user_id", "occurred_at"),
        sa.Index(None, "person_id", "occurred_at"),
        sa.CheckConstraint(
            "interaction_type IN ('call', 'message', 'meeting', 'meal', 'other')",
            name="interaction_type",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    # None for an inferred interaction whose person is not in the directory (yet).
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("relationships_person.id", ondelete="CASCADE")
    )
    # The name as the calendar event gave it, so an unmatched inference still says who.
    mentioned_name: Mapped[str | None] = mapped_column(sa.String(200))
    interaction_type: Mapped[str] = mapped_column(sa.String(16), default="other")
    occurred_at: Mapped[datetime]
    notes: Mapped[str | None] = mapped_column(sa.Text)
