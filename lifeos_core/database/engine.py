"""Engine and session factories. Callers cache them (Dagster resources, st.cache_resource)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000
PG_STATEMENT_TIMEOUT_MS = 300_000


def make_engine(url: str, **kwargs) -> sa.Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and enforced foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, **kwargs)
        sa.event.listen(engine, "connect", _configure_sqlite)
        # pysqlite's own transaction handling defers BEGIN, which lets two writers both
        # read before either writes. Emit BEGIN IMMEDIATE ourselves so a unit of work takes
        # the write lock up front and the busy timeout queues writers instead of failing.
        sa.event.listen(engine, "begin", _begin_immediate)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if parsed.get_backend_name() == "postgresql":
        # No session may sit idle inside a transaction (it pins old row versions and the
        # outbox table bloats) or run one statement for ever.
        connect_args = kwargs.setdefault("connect_args", {})
        connect_args.setdefault(
            "options",
            f"-c idle_in_transaction_session_timeout={PG_IDLE_IN_TRANSACTION_TIMEOUT_MS} "
            f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS}",
        )
    return sa.create_engine(url, **kwargs)


def _configure_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _begin_immediate)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection: sa.Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
