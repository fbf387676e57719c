"""The journal's full-text index comes and goes with its migration, on SQLite and PostgreSQL.

The shared round-trip test checks tables and drift; the index's triggers and generated column
are invisible to it, so this one checks that search still works after down and up again.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from lifeos_core.auth import service as auth
from lifeos_core.database import migrate
from lifeos_core.journal import service as journal
from lifeos_core.runtime import build_runtime

JOURNAL = "20261125_2060"
BEFORE_JOURNAL = "20261125_2050"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request):
    return request.getfixturevalue(f"make_{request.param}_database")()


def search_objects(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        names = {n for n in inspector.get_table_names() if n.startswith("journal_entry")}
        if "journal_entry" in names:
            names |= {c["name"] for c in inspector.get_columns("journal_entry")} & {"search_vector"}
            names |= {i["name"] for i in inspector.get_indexes("journal_entry")}
        return names
    finally:
        engine.dispose()


def test_search_works_after_the_migration_goes_down_and_up_again(fresh_url, settings):
    migrate.upgrade(fresh_url, JOURNAL)
    expected = {
        "sqlite": {"journal_entry", "journal_entry_fts", "journal_entry_fts_config",
                   "journal_entry_fts_data", "journal_entry_fts_docsize", "journal_entry_fts_idx",
                   "ix_journal_entry_user_id_entry_date"},
        "postgresql": {"journal_entry", "search_vector", "ix_journal_entry_search_vector",
                       "ix_journal_entry_user_id_entry_date"},
    }[sa.engine.make_url(fresh_url).get_backend_name()]  # fmt: skip
    assert search_objects(fresh_url) == expected

    migrate.downgrade(fresh_url, BEFORE_JOURNAL)
    assert search_objects(fresh_url) == set()
    migrate.upgrade(fresh_url, JOURNAL)
    assert search_objects(fresh_url) == expected

    runtime = build_runtime(settings, database_url=fresh_url)
    try:
        with runtime.uow() as uow:
            ada = auth.create_user(uow, email="ada@example.com", password="correct horse battery")
            journal.create_entry(
                uow, ada, entry_date=date(2026, 11, 25), body="Kites over the dunes at Bamburgh."
            )
            uow.commit()
        with runtime.uow() as uow:
            found = journal.search_entries(uow, ada, "kite dune")
        assert [e.body for e in found] == ["Kites over the dunes at Bamburgh."]
    finally:
        runtime.dispose()
