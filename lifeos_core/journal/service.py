"""Journal services: write, change and delete entries; list, tag, chart and search them.

Every function takes the acting user and touches only that user's rows; an id that belongs to
someone else behaves exactly like an id that does not exist. Full-text search uses each
database's own engine (PostgreSQL tsvector, SQLite FTS5); the migration creates the index and
this module is the only code that knows its shape.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import NotFound, validate
from lifeos_core.journal.events import (
    JournalEntryCreated,
    JournalEntryDeleted,
    JournalEntryUpdated,
)
from lifeos_core.journal.models import JournalEntry
from lifeos_core.journal.schemas import (
    EntryFilter,
    JournalEntryChanges,
    JournalEntryView,
    MoodPoint,
    NewJournalEntry,
    SearchRequest,
    TagCount,
)
from lifeos_core.journal.search import parse_search
from lifeos_core.unit_of_work import UnitOfWork

# Relevance weights: a word in the title or the tags says more than one in the body.
FTS5_COLUMN_WEIGHTS = (10.0, 1.0, 5.0)  # title, body, tags (the column order of the FTS table)
TEXT_SEARCH_CONFIG = "english"  # must match the generated column in the migration


def _owned_entry(uow: UnitOfWork, actor: Actor, entry_id: int) -> JournalEntry:
    entry = uow.session.scalar(
        sa.select(JournalEntry).where(
            JournalEntry.id == entry_id, JournalEntry.user_id == actor.user_id
        )
    )
    if entry is None:
        raise NotFound(f"journal entry {entry_id} not found")
    return entry


def create_entry(uow: UnitOfWork, actor: Actor, **fields) -> JournalEntryView:
    data = validate(NewJournalEntry, **fields)
    entry = JournalEntry(user_id=actor.user_id, **data.model_dump())
    uow.session.add(entry)
    uow.session.flush()
    uow.emit(
        JournalEntryCreated(
            user_id=actor.user_id,
            entry_id=entry.id,
            entry_date=entry.entry_date,
            mood=entry.mood,
            tags=None if entry.is_private else list(entry.tags),
            is_private=entry.is_private,
            created_at=entry.created_at,
        )
    )
    return JournalEntryView.model_validate(entry)


def update_entry(uow: UnitOfWork, actor: Actor, entry_id: int, **fields) -> JournalEntryView:
    changes = validate(JournalEntryChanges, **fields).model_dump(exclude_unset=True)
    entry = _owned_entry(uow, actor, entry_id)
    changed = [name for name, value in changes.items() if getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, changes[name])
    if changed:
        uow.session.flush()
        uow.emit(
            JournalEntryUpdated(
                user_id=actor.user_id,
                entry_id=entry.id,
                fields=changed,
                updated_at=entry.updated_at,
            )
        )
    return JournalEntryView.model_validate(entry)


def delete_entry(uow: UnitOfWork, actor: Actor, entry_id: int) -> None:
    entry = _owned_entry(uow, actor, entry_id)
    uow.session.delete(entry)
    uow.session.flush()
    uow.emit(JournalEntryDeleted(user_id=actor.user_id, entry_id=entry_id))


def get_entry(uow: UnitOfWork, actor: Actor, entry_id: int) -> JournalEntryView:
    return JournalEntryView.model_validate(_owned_entry(uow, actor, entry_id))


def list_entries(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    tag: str | None = None,
    mood_min: int | None = None,
    mood_max: int | None = None,
    limit: int = 200,
) -> list[JournalEntryView]:
    """The actor's entries, newest first; dates inclusive, moods inclusive, one tag."""
    wanted = validate(
        EntryFilter,
        start=start, end=end, tag=tag, mood_min=mood_min, mood_max=mood_max, limit=limit,
    )  # fmt: skip
    query = sa.select(JournalEntry).where(JournalEntry.user_id == actor.user_id)
    if wanted.start is not None:
        query = query.where(JournalEntry.entry_date >= wanted.start)
    if wanted.end is not None:
        query = query.where(JournalEntry.entry_date <= wanted.end)
    if wanted.mood_min is not None:
        query = query.where(JournalEntry.mood >= wanted.mood_min)
    if wanted.mood_max is not None:
        query = query.where(JournalEntry.mood <= wanted.mood_max)
    if wanted.tag is not None:
        tags = _tag_values(uow)
        query = query.where(
            sa.exists(sa.select(1).select_from(tags).where(tags.c.value == wanted.tag))
        )
    query = query.order_by(JournalEntry.entry_date.desc(), JournalEntry.id.desc()).limit(
        wanted.limit
    )
    return [JournalEntryView.model_validate(e) for e in uow.session.scalars(query)]


def tag_counts(uow: UnitOfWork, actor: Actor) -> list[TagCount]:
    """Every tag the actor has used, with how many entries carry it; most used first."""
    tags = _tag_values(uow)
    count = sa.func.count().label("count")
    rows = uow.session.execute(
        sa.select(tags.c.value, count)
        .select_from(JournalEntry)
        .join(tags, sa.true())
        .where(JournalEntry.user_id == actor.user_id)
        .group_by(tags.c.value)
        .order_by(count.desc(), tags.c.value)
    )
    return [TagCount(tag=tag, count=n) for tag, n in rows]


def _tag_values(uow: UnitOfWork):
    """The tags of the entry in the enclosing query, one row each (a set-returning function)."""
    elements = (
        sa.func.jsonb_array_elements_text
        if uow.session.get_bind().dialect.name == "postgresql"
        else sa.func.json_each
    )
    return elements(JournalEntry.tags).table_valued("value")


def mood_series(
    uow: UnitOfWork, actor: Actor, *, start: date | None = None, end: date | None = None
) -> list[MoodPoint]:
    """One point per day with a rated entry, oldest first (for charts and insights)."""
    wanted = validate(EntryFilter, start=start, end=end)
    query = (
        sa.select(JournalEntry.entry_date, sa.func.avg(JournalEntry.mood), sa.func.count())
        .where(JournalEntry.user_id == actor.user_id, JournalEntry.mood.is_not(None))
        .group_by(JournalEntry.entry_date)
        .order_by(JournalEntry.entry_date)
    )
    if wanted.start is not None:
        query = query.where(JournalEntry.entry_date >= wanted.start)
    if wanted.end is not None:
        query = query.where(JournalEntry.entry_date <= wanted.end)
    return [
        MoodPoint(entry_date=day, mood=round(float(mood), 2), entries=n)
        for day, mood, n in uow.session.execute(query)
    ]


def search_entries(
    uow: UnitOfWork, actor: Actor, query: str, *, limit: int = 50
) -> list[JournalEntryView]:
    """The actor's entries matching ``query``, most relevant first.

    ``query`` is what a person typed: words, "phrases", ``or``, ``-word``; anything else is
    ignored rather than refused, so no input raises. Words match their inflections (the
    English stemmer on PostgreSQL, the porter tokenizer on SQLite).
    """
    request = validate(SearchRequest, query=query, limit=limit)
    parsed = parse_search(request.query)
    if not parsed:
        return []
    if uow.session.get_bind().dialect.name == "postgresql":
        vector = sa.literal_column("journal_entry.search_vector", postgresql.TSVECTOR)
        tsquery = sa.func.websearch_to_tsquery(
            sa.cast(TEXT_SEARCH_CONFIG, postgresql.REGCONFIG), parsed.websearch()
        )
        matches = vector.bool_op("@@")(tsquery)
        relevance = sa.func.ts_rank(vector, tsquery).desc()
        statement = sa.select(JournalEntry).where(matches)
    else:
        fts = sa.table("journal_entry_fts", sa.column("rowid"), sa.column("journal_entry_fts"))
        matches = fts.c.journal_entry_fts.bool_op("MATCH")(parsed.fts5())
        relevance = sa.func.bm25(fts.c.journal_entry_fts, *FTS5_COLUMN_WEIGHTS)  # lower is better
        statement = sa.select(JournalEntry).join(fts, fts.c.rowid == JournalEntry.id).where(matches)
    statement = (
        statement.where(JournalEntry.user_id == actor.user_id)
        .order_by(relevance, JournalEntry.entry_date.desc(), JournalEntry.id.desc())
        .limit(request.limit)
    )
    return [JournalEntryView.model_validate(e) for e in uow.session.scalars(statement)]


# --- bulk reads for the insights engine (lifeos_core.insights) ------------------------------


def mood_entries(
    uow: UnitOfWork,
    actor: Actor,
    *,
    ids: list[int] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[sa.Row]:
    """Entries with a mood, oldest first (date, then id), as rows ``(id, entry_date, mood)``;
    dates inclusive. Neither title nor body leaves the journal. One query."""
    query = sa.select(JournalEntry.id, JournalEntry.entry_date, JournalEntry.mood).where(
        JournalEntry.user_id == actor.user_id, JournalEntry.mood.is_not(None)
    )
    if ids is not None:
        query = query.where(JournalEntry.id.in_(ids))
    if start is not None:
        query = query.where(JournalEntry.entry_date >= start)
    if end is not None:
        query = query.where(JournalEntry.entry_date <= end)
    return list(uow.session.execute(query.order_by(JournalEntry.entry_date, JournalEntry.id)))
