from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class InsightDraft(BaseModel):
    """What a rule proposes; the engine persists it once per (rule, dedupe_key)."""

    insight_type: str
    rule_version: int
    dedupe_key: str
    title: str
    body: str = ""
    severity: str = "info"
    payload: dict[str, Any] = {}
    expires_at: datetime | None = None


class InsightView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    insight_type: str
    rule_version: int
    title: str
    body: str
    severity: str
    payload: dict[str, Any]
    created_at: datetime
    expires_at: datetime | None
    acknowledged_at: datetime | None
    dismissed_at: datetime | None
