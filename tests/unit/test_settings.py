"""Settings come from the environment and refuse unsafe production values."""

from __future__ import annotations

import pytest

from lifeos_core.config import ConfigurationError, Settings, get_settings

STRONG_KEY = "k" * 40
PG = "postgresql+psycopg://lifeos@db/lifeos"


def test_defaults_live_under_var(monkeypatch):
    monkeypatch.delenv("LIFEOS_DATABASE_URL", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    settings = Settings()
    assert settings.database_url.endswith("var/lifeos.db")
    assert settings.duckdb_path.name == "analytics.duckdb"
    assert settings.dagster_home.parts[-2:] == ("var", "dagster")


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("LIFEOS_DATABASE_URL", PG)
    monkeypatch.setenv("LIFEOS_INTERPRETER_AUTO_CONFIRM_THRESHOLD", "0.95")
    monkeypatch.setenv("DAGSTER_HOME", "/srv/dagster")
    settings = Settings()
    assert settings.database_url == PG
    assert settings.interpreter_auto_confirm_threshold == 0.95
    assert str(settings.dagster_home) == "/srv/dagster"


def test_review_threshold_above_auto_confirm_is_refused(monkeypatch):
    monkeypatch.setenv("LIFEOS_INTERPRETER_REVIEW_THRESHOLD", "0.9")
    monkeypatch.setenv("LIFEOS_INTERPRETER_AUTO_CONFIRM_THRESHOLD", "0.8")
    with pytest.raises(ValueError, match="must not exceed"):
        Settings()


@pytest.mark.parametrize("key", [None, "change-me", "short"])
def test_production_refuses_a_missing_or_placeholder_key(monkeypatch, key):
    monkeypatch.setenv("LIFEOS_ENV", "production")
    monkeypatch.setenv("LIFEOS_DATABASE_URL", PG)
    if key is None:
        monkeypatch.delenv("LIFEOS_ENCRYPTION_KEY", raising=False)
    else:
        monkeypatch.setenv("LIFEOS_ENCRYPTION_KEY", key)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match="LIFEOS_ENCRYPTION_KEY"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_production_refuses_sqlite(monkeypatch):
    monkeypatch.setenv("LIFEOS_ENV", "production")
    monkeypatch.setenv("LIFEOS_ENCRYPTION_KEY", STRONG_KEY)
    monkeypatch.setenv("LIFEOS_DATABASE_URL", "sqlite:///var/lifeos.db")
    with pytest.raises(ConfigurationError, match="PostgreSQL"):
        Settings().require_production_secrets()
    monkeypatch.setenv("LIFEOS_DATABASE_URL", PG)
    Settings().require_production_secrets()  # a strong key on Postgres starts fine
