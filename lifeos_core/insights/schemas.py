from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class InsightDraft(BaseModel):
    """What a rule proposes; the engine persists it once per (rule, dedupe_key).

    ``payload["evidence"]`` maps each kind of record (a table name) to the ids behind it.
    """

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
    model_version: str | None = None
    created_at: datetime
    expires_at: datetime | None
    acknowledged_at: datetime | None
    dismissed_at: datetime | None
    feedback: str | None = None

    @property
    def evidence(self) -> dict[str, list[int]]:
        return self.payload.get("evidence") or {}


InsightAction = Literal["acknowledge", "dismiss", "not_useful"]


class RuleInfo(BaseModel):
    """A rule as the owner and the operator see it."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: int
    domain: str
    summary: str
    trigger: Literal["event", "daily"]
    risky: bool
    replayable: bool
    enabled: bool


class NewThreshold(BaseModel):
    kind: Literal["category_budget", "balance_floor"]
    account_id: int
    amount: Decimal = Field(max_digits=14, decimal_places=2)

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal, info) -> Decimal:
        if info.data.get("kind") == "category_budget" and value <= 0:
            raise ValueError("a budget must be more than zero")
        return value


class ThresholdView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    kind: str
    account_id: int
    amount: Decimal


class NewMiss(BaseModel):
    rule: str = Field(min_length=1, max_length=64)
    note: str | None = Field(default=None, max_length=2000)
    model_version: str | None = Field(default=None, max_length=64)


class RuleTelemetry(BaseModel):
    """One rule version (and interpreter model version) over a span of days.

    ``runs``/``events``/``latency`` are per rule version; the counts of insights and of the
    owner's reactions are split by the model version behind each insight.
    """

    model_config = ConfigDict(frozen=True)

    rule: str
    rule_version: int
    model_version: str | None
    domain: str
    runs: int = 0
    events: int = 0
    created: int = 0
    acknowledged: int = 0
    dismissed: int = 0
    not_useful: int = 0
    misses: int = 0
    latency_ms_mean: float | None = None
    latency_ms_max: float | None = None

    @property
    def false_positive_rate(self) -> float | None:
        """Share of the insights the owner called not useful."""
        return round(self.not_useful / self.created, 4) if self.created else None


class InsightDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    insight_type: str
    dedupe_key: str
    change: Literal["missing", "unexpected", "changed"]
    fields: tuple[str, ...] = ()


class ReplayReport(BaseModel):
    """A rebuild of a user's event-driven insights from ``event_record``, beside the stored
    ones. ``missing``: derived now, not stored; ``unexpected``: stored, not derived now;
    ``changed``: both, with different content."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    events: int
    derived: int
    stored: int
    differences: tuple[InsightDiff, ...] = ()
    rules: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def identical(self) -> bool:
        return not self.differences
