"""Journal entries."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, JSONType, TimestampMixin

# The full-text index differs per dialect, so only the migration creates it and the model
# cannot declare it: an FTS5 table with its shadow tables on SQLite, a generated tsvector
# column with a GIN index on PostgreSQL. migrations/env.py reads this list so that
# autogenerate (and `alembic check`) neither drops these objects nor calls them drift.
MIGRATION_ONLY = {
    "table": (
        "journal_entry_fts",
        "journal_entry_fts_config",
        "journal_entry_fts_data",
        "journal_entry_fts_docsize",
        "journal_entry_fts_idx",
    ),
    "column": ("search_vector",),
    "index": ("ix_journal_entry_search_vector",),
}


class JournalEntry(TimestampMixin, Base):
    __tablename__ = "journal_entry"
    __table_args__ = (
        sa.Index(None, "user_id", "entry_date"),
        sa.CheckConstraint("mood IS NULL OR (mood >= 1 AND mood <= 10)", name="mood"),
        {"info": {"migration_only": MIGRATION_ONLY}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    entry_date: Mapped[date]
    title: Mapped[str | None] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)  # markdown, shown as typed (never rendered raw)
    mood: Mapped[int | None]  # 1 (awful) .. 10 (wonderful)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)  # normalised lowercase
    is_private: Mapped[bool] = mapped_column(default=False)
