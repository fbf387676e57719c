"""Columns every record table carries so the interpreter can propose records in it.

A record typed in by hand has ``source='manual'`` and no inferred status. A record the
interpreter proposed has ``source='calendar'``, the calendar event it came from, its
confidence, and ``inferred_status`` moving ``inferred`` -> ``confirmed`` | ``rejected`` |
``ignored``. Only manual and confirmed records count in totals, streaks and metrics:
filter with :func:`counts_toward_totals`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

RECORD_SOURCES = ("manual", "calendar", "api", "import")
INFERRED_STATUSES = ("inferred", "confirmed", "rejected", "ignored")


class InferredRecordMixin:
    source: Mapped[str] = mapped_column(sa.String(16), default="manual")
    confidence_score: Mapped[float | None]
    inferred_status: Mapped[str | None] = mapped_column(sa.String(16))

    @declared_attr
    def calendar_event_id(cls) -> Mapped[int | None]:
        # A foreign key by table name: the domain never imports the calendar's models.
        return mapped_column(sa.ForeignKey("calendar_event.id", ondelete="SET NULL"), index=True)


def counts_toward_totals(model) -> sa.ColumnElement[bool]:
    """Manual records and confirmed inferences; never unconfirmed, rejected or ignored ones."""
    return sa.or_(model.inferred_status.is_(None), model.inferred_status == "confirmed")
