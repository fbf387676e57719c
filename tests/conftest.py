"""Shared fixtures.

Integration tests run twice: on a SQLite file and on a real PostgreSQL server. For
PostgreSQL, one throwaway database with a unique name is created per test session, migrated,
and dropped at the end; tables are emptied between tests. Without a server the PostgreSQL
half is skipped, except under CI=true, where an unreachable server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

# Tests never touch the developer's var/ files or environment.
os.environ["LIFEOS_ENV"] = "test"
os.environ.pop("LIFEOS_DATABASE_URL", None)
# A narrower recurrence window than the default keeps the demo calendar small in tests.
os.environ["LIFEOS_CALENDAR_WINDOW_PAST_DAYS"] = "35"
os.environ["LIFEOS_CALENDAR_WINDOW_FUTURE_DAYS"] = "21"


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes():
    """Argon2id at its cheapest inside the test process: the production profile (64 MiB,
    three passes) costs ~0.2 s a hash, and the suite makes a user in most of its tests.
    Still argon2id, so stored hashes look the same; test_auth checks the production profile.
    Processes the tests start (the app, Dagster, dispatchers) keep the real one."""
    from argon2 import PasswordHasher

    from lifeos_core.auth import passwords

    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    real = passwords._hasher
    passwords._hasher = lambda: quick
    passwords.dummy_hash.cache_clear()
    yield real  # the app's own hasher, for the test that checks its profile
    passwords._hasher = real
    passwords.dummy_hash.cache_clear()


POSTGRES_ADMIN_URL = os.environ.get(
    "LIFEOS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_available() -> str | None:
    """None when the server answers, else why not."""
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means "not available"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    problem = _postgres_available()
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true but PostgreSQL at {POSTGRES_ADMIN_URL} is unreachable: {problem}")
        pytest.skip(f"PostgreSQL unavailable ({problem})")
    return POSTGRES_ADMIN_URL


@pytest.fixture(scope="session")
def make_postgres_database(postgres_admin_url):
    """A factory of throwaway PostgreSQL databases, all dropped at the end of the session."""
    created: list[str] = []
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")

    def make() -> str:
        name = f"lifeos_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return (
            sa.engine.make_url(postgres_admin_url)
            .set(database=name)
            .render_as_string(hide_password=False)
        )

    yield make
    with admin.connect() as connection:
        for name in created:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def make_sqlite_database(tmp_path_factory):
    def make() -> str:
        path: Path = tmp_path_factory.mktemp("sqlite") / f"lifeos_{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}"

    return make


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database_url(request) -> str:
    """A migrated database of each backend, shared by the session (emptied between tests)."""
    from lifeos_core.database import migrate

    if request.param == "postgres":
        url = request.getfixturevalue("make_postgres_database")()
    else:
        url = request.getfixturevalue("make_sqlite_database")()
    migrate.upgrade(url)
    return url


@pytest.fixture
def settings():
    from lifeos_core.config import get_settings

    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def runtime(database_url, settings) -> Iterator:
    """A Runtime on an empty, migrated database of each backend."""
    from lifeos_core.runtime import build_runtime

    runtime = build_runtime(settings, database_url=database_url)
    try:
        yield runtime
    finally:
        _empty_all_tables(runtime.engine)
        runtime.dispose()


def _empty_all_tables(engine: sa.Engine) -> None:
    from lifeos_core.models import metadata

    tables = [t.name for t in reversed(metadata.sorted_tables)]
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            connection.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(sa.text(f'DELETE FROM "{name}"'))


@pytest.fixture
def make_user(runtime):
    """Create a user through the service and return its Actor."""
    from lifeos_core.auth import service as auth

    def make(email: str = "ada@example.com", password: str = "correct horse battery", **kw):
        with runtime.uow() as uow:
            actor = auth.create_user(uow, email=email, password=password, **kw)
            uow.commit()
        return actor

    return make


@pytest.fixture
def owner(make_user):
    return make_user("ada@example.com", timezone="Europe/Berlin", display_name="Ada")


@pytest.fixture(scope="session")
def dagster_instance():
    """One ephemeral Dagster instance per session: building one per test costs 100-200 ms."""
    import dagster as dg

    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


@pytest.fixture(scope="session")
def demo_database(make_sqlite_database) -> Path:
    """A migrated SQLite file holding the demo owner after one pipeline run, built once; the
    app's tests (AppTest and the browser) each work on a copy (demo_database_copy)."""
    from lifeos_core.database import migrate
    from lifeos_core.demo import load_demo
    from lifeos_core.pipeline import run_pipeline_once
    from lifeos_core.runtime import build_runtime

    url = make_sqlite_database()
    migrate.upgrade(url)
    runtime = build_runtime(database_url=url)
    try:
        load_demo(runtime)
        run_pipeline_once(runtime)
    finally:
        runtime.dispose()
    return Path(url.removeprefix("sqlite:///"))


@pytest.fixture
def demo_database_copy(demo_database, tmp_path) -> str:
    """This test's own copy of the demo database; its URL."""
    import sqlite3

    path = tmp_path / "lifeos.db"
    source, target = sqlite3.connect(demo_database), sqlite3.connect(path)
    try:
        source.backup(target)  # consistent whatever is still in the WAL
    finally:
        source.close()
        target.close()
    return f"sqlite:///{path}"
