"""Derived signals the owner sees, each with the evidence behind it; the owner's thresholds
and feedback for the rules; and per-rule telemetry."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, JSONType, TimestampMixin, utcnow

FEEDBACK = ("not_useful",)
THRESHOLD_KINDS = ("category_budget", "balance_floor")


class InsightRecord(Base):
    __tablename__ = "insight_record"
    __table_args__ = (
        sa.Index(None, "user_id", "created_at"),
        # One insight per rule and subject: redelivered events cannot double an insight.
        sa.UniqueConstraint("user_id", "insight_type", "dedupe_key"),
        sa.CheckConstraint("feedback IS NULL OR feedback IN ('not_useful')", name="feedback"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    insight_type: Mapped[str] = mapped_column(sa.String(64))  # the rule's name
    rule_version: Mapped[int]
    dedupe_key: Mapped[str] = mapped_column(sa.String(255))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    severity: Mapped[str] = mapped_column(sa.String(16), default="info")
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    source_event_id: Mapped[str | None] = mapped_column(sa.String(36))
    # The interpreter model behind the event that led to it (None for records typed in).
    model_version: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]
    feedback: Mapped[str | None] = mapped_column(sa.String(16))
    feedback_at: Mapped[datetime | None]


class InsightThreshold(TimestampMixin, Base):
    """A number the owner gave a rule: a monthly budget for an expense account, or the
    balance an account should not fall below (``subject`` is the account id)."""

    __tablename__ = "insight_threshold"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", "subject"),
        sa.CheckConstraint("kind IN ('category_budget', 'balance_floor')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(32))
    subject: Mapped[str] = mapped_column(sa.String(64))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))


class InsightMiss(Base):
    """Something a rule should have noticed and did not, as the owner reported it."""

    __tablename__ = "insight_miss"
    __table_args__ = (sa.Index(None, "user_id", "rule"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(sa.String(64))
    model_version: Mapped[str | None] = mapped_column(sa.String(64))
    note: Mapped[str | None] = mapped_column(sa.Text)
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)


class InsightRuleStat(Base):
    """How often a rule ran, on how many events, what it produced and how long it took:
    one row per user, rule version and UTC day, added to by every run."""

    __tablename__ = "insight_rule_stat"
    __table_args__ = (sa.UniqueConstraint("user_id", "rule", "rule_version", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(sa.String(64))
    rule_version: Mapped[int]
    day: Mapped[date]
    runs: Mapped[int] = mapped_column(default=0)
    events: Mapped[int] = mapped_column(default=0)
    drafts: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    latency_ms_total: Mapped[float] = mapped_column(sa.Float, default=0.0)
    latency_ms_max: Mapped[float] = mapped_column(sa.Float, default=0.0)
