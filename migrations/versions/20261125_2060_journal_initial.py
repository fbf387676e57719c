"""journal initial: entries, and a full-text index in each database's own engine

Revision ID: 20261125_2060
Revises: 20261125_2050
Create Date: 2026-11-25 20:00:00+00:00

PostgreSQL: a generated ``search_vector`` tsvector column (English stemming; title and tags
weigh more than the body) with a GIN index. SQLite: an external-content FTS5 table with the
porter tokenizer, kept in step with ``journal_entry`` by triggers. Neither is in the model
(see ``MIGRATION_ONLY`` in lifeos_core/journal/models.py).

A later SQLite batch migration of ``journal_entry`` recreates the table and so drops the
triggers: recreate them after it, then run
``INSERT INTO journal_entry_fts(journal_entry_fts) VALUES ('rebuild')``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import lifeos_core.database.types

revision: str = "20261125_2060"
down_revision: str | None = "20261125_2050"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRES_SEARCH = (
    """
    ALTER TABLE journal_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(jsonb_to_tsvector('english'::regconfig, tags, '["string"]'), 'A')
        || setweight(to_tsvector('english'::regconfig, body), 'B')
    ) STORED
    """,
    "CREATE INDEX ix_journal_entry_search_vector ON journal_entry USING gin (search_vector)",
)
SQLITE_SEARCH = (
    """
    CREATE VIRTUAL TABLE journal_entry_fts USING fts5(
        title, body, tags,
        content='journal_entry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER journal_entry_fts_insert AFTER INSERT ON journal_entry BEGIN
        INSERT INTO journal_entry_fts (rowid, title, body, tags)
        VALUES (new.id, new.title, new.body, new.tags);
    END
    """,
    """
    CREATE TRIGGER journal_entry_fts_delete AFTER DELETE ON journal_entry BEGIN
        INSERT INTO journal_entry_fts (journal_entry_fts, rowid, title, body, tags)
        VALUES ('delete', old.id, old.title, old.body, old.tags);
    END
    """,
    """
    CREATE TRIGGER journal_entry_fts_update AFTER UPDATE OF title, body, tags ON journal_entry
    BEGIN
        INSERT INTO journal_entry_fts (journal_entry_fts, rowid, title, body, tags)
        VALUES ('delete', old.id, old.title, old.body, old.tags);
        INSERT INTO journal_entry_fts (rowid, title, body, tags)
        VALUES (new.id, new.title, new.body, new.tags);
    END
    """,
)


def upgrade() -> None:
    op.create_table(
        "journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mood", sa.Integer(), nullable=True),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("is_private", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "mood IS NULL OR (mood >= 1 AND mood <= 10)", name=op.f("ck_journal_entry_mood")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_journal_entry_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entry")),
    )
    with op.batch_alter_table("journal_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journal_entry_user_id_entry_date"),
            ["user_id", "entry_date"],
            unique=False,
        )

    dialect = op.get_context().dialect.name
    for statement in {"postgresql": POSTGRES_SEARCH, "sqlite": SQLITE_SEARCH}.get(dialect, ()):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX ix_journal_entry_search_vector")
        op.execute("ALTER TABLE journal_entry DROP COLUMN search_vector")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER journal_entry_fts_insert")
        op.execute("DROP TRIGGER journal_entry_fts_delete")
        op.execute("DROP TRIGGER journal_entry_fts_update")
        op.execute("DROP TABLE journal_entry_fts")

    with op.batch_alter_table("journal_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_entry_user_id_entry_date"))

    op.drop_table("journal_entry")
