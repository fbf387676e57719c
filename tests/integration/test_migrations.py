"""Migrations are the only schema authority: one head, reversible, and no drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from lifeos_core.database import migrate
from lifeos_core.models import metadata

VERSIONS = Path(migrate.MIGRATIONS_DIR) / "versions"
# Dialect-specific tables that only migrations create (the journal's SQLite FTS5 index and the
# shadow tables SQLite makes for it), declared by their models in Table.info["migration_only"].
MIGRATION_ONLY_TABLES = {
    name
    for table in metadata.tables.values()
    for name in table.info.get("migration_only", {}).get("table", ())
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request):
    return request.getfixturevalue(f"make_{request.param}_database")()


def table_names(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_single_head_and_files_named_timestamp_domain_action():
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    for path in VERSIONS.glob("*.py"):
        assert re.fullmatch(r"\d{8}_\d{4}_[a-z]+_[a-z0-9_]+\.py", path.name), path.name


def test_upgrade_downgrade_upgrade_round_trip_and_no_drift(fresh_url):
    migrate.upgrade(fresh_url)
    assert table_names(fresh_url) - MIGRATION_ONLY_TABLES == set(metadata.tables)
    migrate.downgrade(fresh_url, "base")
    assert table_names(fresh_url) == set()
    migrate.upgrade(fresh_url)
    command.check(migrate.alembic_config(fresh_url))  # raises when models and migrations differ


def test_check_detects_a_model_the_migrations_do_not_have(fresh_url):
    migrate.upgrade(fresh_url)
    extra = sa.Table("finance_scratch", metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        with pytest.raises(CommandError, match="New upgrade operations detected"):
            command.check(migrate.alembic_config(fresh_url))
    finally:
        metadata.remove(extra)


def test_constitution_tables_and_indexes_exist(fresh_url):
    migrate.upgrade(fresh_url)
    engine = sa.create_engine(fresh_url)
    inspector = sa.inspect(engine)
    assert {"user", "user_preference", "role", "permission", "role_permission", "user_role",
            "event_record", "insight_record", "platform_outbox", "calendar_event",
            "calendar_event_interpretation"} <= set(inspector.get_table_names())  # fmt: skip
    event_indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("calendar_event")}
    assert {
        ("user_id", "start_time"),
        ("user_id", "end_time"),
        ("user_id", "source"),
    } <= event_indexes
    interpretation_indexes = {
        tuple(ix["column_names"]) for ix in inspector.get_indexes("calendar_event_interpretation")
    }
    assert {
        ("calendar_event_id",),
        ("user_id", "domain", "status"),
        ("user_id", "status"),
    } <= interpretation_indexes
    engine.dispose()
