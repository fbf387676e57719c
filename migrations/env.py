"""Alembic environment: URL from the settings object (or the caller), metadata from the models."""

from __future__ import annotations

from alembic import context

from lifeos_core.config import get_settings
from lifeos_core.database import make_engine
from lifeos_core.models import metadata

config = context.config
if config.config_file_name and not config.attributes.get("configured_logging"):
    import logging.config

    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Leave alone what a model lists in ``Table.info["migration_only"]`` (by object type).

    Dialect-specific objects, such as the journal's full-text index, exist only in
    migrations; without this, autogenerate would drop them and `alembic check` call them drift.
    """
    if type_ == "table":
        owners = list(metadata.tables.values())
    else:
        owner = metadata.tables.get(parent_names.get("table_name") or "")
        owners = [owner] if owner is not None else []
    return not any(name in t.info.get("migration_only", {}).get(type_, ()) for t in owners)


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            # SQLite cannot ALTER most things; batch mode recreates the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
