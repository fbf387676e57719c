"""Output shapes of the admin services."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class UserSummary(BaseModel):
    """An account as an administrator sees it: who, where, and what it may do."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    email: str
    display_name: str
    timezone: str
    roles: tuple[str, ...]
    permissions: tuple[str, ...]


class RoleSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    permissions: tuple[str, ...]


class OutboxHealth(BaseModel):
    """What an operator watches on the outbox.

    ``dead_tuples`` and ``oldest_transaction_age_seconds`` come from PostgreSQL's statistics
    and are None on SQLite.
    """

    model_config = ConfigDict(frozen=True)

    by_status: dict[str, int]
    ready: int
    oldest_ready_age_seconds: float
    dead_tuples: int | None = None
    oldest_transaction_age_seconds: float | None = None

    @property
    def dead(self) -> int:
        return self.by_status.get("dead", 0)


class DeadLetter(BaseModel):
    """An outbox message that used up its attempts, with the last error it met."""

    model_config = ConfigDict(frozen=True)

    id: int
    user_id: int
    event_type: str
    attempts: int
    last_error: str | None
    created_at: datetime
    available_at: datetime
