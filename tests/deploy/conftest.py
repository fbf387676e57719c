"""Fixtures for the deployment files: the production Dagster instance on a real PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from deploy_files import DEPLOY


@pytest.fixture
def dagster_database_url(make_postgres_database) -> str:
    """A database of its own for Dagster's storage, as deploy/README.md asks."""
    return make_postgres_database()


@pytest.fixture
def dagster_home(dagster_database_url, tmp_path, monkeypatch) -> Path:
    """DAGSTER_HOME holding deploy/dagster.yaml, with DAGSTER_PG_* naming the database above."""
    url = sa.engine.make_url(dagster_database_url)
    for name, value in {
        "DAGSTER_PG_HOST": url.host or "127.0.0.1",
        "DAGSTER_PG_PORT": str(url.port or 5432),
        "DAGSTER_PG_USER": url.username or "postgres",
        "DAGSTER_PG_PASSWORD": url.password or "",
        "DAGSTER_PG_DB": url.database,
    }.items():
        monkeypatch.setenv(name, value)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEPLOY / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


@pytest.fixture
def lifeos_database(runtime, monkeypatch) -> str:
    """The test's app database as LIFEOS_DATABASE_URL, for code that builds its own runtime
    (the Dagster resource, and the processes it starts)."""
    from lifeos_core.config import get_settings

    url = runtime.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("LIFEOS_DATABASE_URL", url)
    get_settings.cache_clear()
    return url
