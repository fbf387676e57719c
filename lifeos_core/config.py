"""One settings object, read from the environment (prefix ``LIFEOS_``) on first use.

Nothing is built at import time: call :func:`get_settings`. Tests and tools that change the
environment call ``get_settings.cache_clear()``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"

# Values that mean "nobody set this": refused outside development.
PLACEHOLDER_SECRETS = {
    "",
    "change-me",
    "changeme",
    "dev-only-insecure-key",
    "secret",
    "placeholder",
}
DEV_ENCRYPTION_KEY = "dev-only-insecure-key"


class ConfigurationError(RuntimeError):
    """Settings that must not be used to start the system."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIFEOS_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default_factory=lambda: f"sqlite:///{VAR_DIR / 'lifeos.db'}")
    duckdb_path: Path = Field(default_factory=lambda: VAR_DIR / "analytics.duckdb")
    # Uploaded .ics files; the app writes them and scheduled syncs read them, so both must see it.
    upload_dir: Path = Field(default_factory=lambda: VAR_DIR / "uploads")
    # Key for credentials at rest (calendar tokens, CalDAV passwords).
    encryption_key: SecretStr = SecretStr(DEV_ENCRYPTION_KEY)
    # Where operators find the Dagster UI (the admin page links to its runs).
    dagster_url: str = "http://127.0.0.1:3000"
    dagster_home: Path = Field(
        default_factory=lambda: VAR_DIR / "dagster", validation_alias="DAGSTER_HOME"
    )

    # Interpreter: confidence >= auto_confirm is confirmed without review; >= review goes to
    # the review queue; anything lower is dropped.
    interpreter_auto_confirm_threshold: float = Field(default=0.85, ge=0, le=1)
    interpreter_review_threshold: float = Field(default=0.5, ge=0, le=1)

    # Calendar recurrences are expanded inside this rolling window around today.
    calendar_window_past_days: int = Field(default=120, ge=1)
    calendar_window_future_days: int = Field(default=120, ge=1)

    # Outbox dispatch (the constitution's WORKER_* knobs).
    outbox_batch_size: int = Field(default=500, ge=1)
    outbox_max_attempts: int = Field(default=5, ge=1)
    outbox_backoff_base_seconds: float = Field(default=2.0, gt=0)
    outbox_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    outbox_lease_seconds: float = Field(default=300.0, gt=0)
    outbox_time_budget_seconds: float = Field(default=60.0, gt=0)
    # Delivered messages are pruned after this long; event_record keeps the audit trail.
    outbox_retention_days: float = Field(default=7.0, gt=0)

    # Insight rules switched off, comma-separated rule names (e.g. "unusual_spend,correlation").
    insights_disabled_rules: str = ""

    # Sign-in throttling: this many failures for one email inside the window lock it out.
    signin_max_failures: int = Field(default=5, ge=1)
    signin_window_seconds: int = Field(default=900, ge=1)
    password_reset_ttl_minutes: int = Field(default=30, ge=1)
    # A sign-in lasts this long in its browser (reloads included), unless signed out sooner.
    session_ttl_days: int = Field(default=14, ge=1)

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.interpreter_review_threshold > self.interpreter_auto_confirm_threshold:
            raise ValueError(
                "LIFEOS_INTERPRETER_REVIEW_THRESHOLD must not exceed "
                "LIFEOS_INTERPRETER_AUTO_CONFIRM_THRESHOLD"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def require_production_secrets(self) -> None:
        """Refuse to start in production with a missing or placeholder secret."""
        if self.env != "production":
            return
        key = self.encryption_key.get_secret_value().strip()
        if key.lower() in PLACEHOLDER_SECRETS or len(key) < 32:
            raise ConfigurationError(
                "LIFEOS_ENCRYPTION_KEY is missing or a placeholder; production needs a random "
                'key of at least 32 characters (e.g. `python -c "import secrets; '
                'print(secrets.token_urlsafe(32))"`).'
            )
        if self.is_sqlite:
            raise ConfigurationError(
                "LIFEOS_DATABASE_URL points at SQLite; production runs on PostgreSQL "
                "(postgresql+psycopg://user:password@host/db)."
            )


@functools.cache
def get_settings() -> Settings:
    settings = Settings()
    settings.require_production_secrets()
    return settings
