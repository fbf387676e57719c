"""What a rule is: its name (the insights' ``insight_type``), version, domain, what wakes it
up, and the function that derives its insights.

Two kinds:

* **event rules** run on outbox deliveries: ``derive(uow, actor, events)`` gets every event
  of its trigger types for one user in a batch and returns ``[(draft, source_event), ...]``;
* **daily rules** run from the daily upkeep because time passes: ``derive(uow, actor,
  today)`` returns ``[draft, ...]``.

Rules read through domain services only, never write, and derive content from the data
alone (never from the clock), so the same history gives the same insights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from lifeos_core.insights.schemas import InsightDraft

SEVERITIES = ("positive", "info", "warning", "critical")


@dataclass(frozen=True)
class Rule:
    name: str
    version: int
    domain: str
    summary: str
    derive: Callable[..., list[Any]]
    triggers: tuple[str, ...] = ()  # event types; none for a daily rule
    # A rule whose false positives are likely or costly: the flag to switch it off matters.
    risky: bool = False
    # Its insights follow from the event history and the records alone, so a replay from
    # event_record must rebuild them exactly. A rule reading a snapshot that later changes
    # (a recomputed forecast) is not.
    replayable: bool = True

    @property
    def is_daily(self) -> bool:
        return not self.triggers

    def draft(
        self,
        *,
        key: str,
        title: str,
        body: str = "",
        severity: str = "info",
        evidence: dict[str, list[int]],
        expires_at: datetime,
        **payload: Any,
    ) -> InsightDraft:
        """An insight of this rule; every insight cites its records and expires."""
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        return InsightDraft(
            insight_type=self.name,
            rule_version=self.version,
            dedupe_key=key,
            title=title[:300],
            body=body,
            severity=severity,
            payload={**payload, "evidence": evidence},
            expires_at=expires_at,
        )


def local_midnight(day: date, timezone: str) -> datetime:
    """The start of ``day`` in the owner's time zone, as an aware datetime."""
    return datetime.combine(day, time(), ZoneInfo(timezone))


def expires_after(day: date, timezone: str, days: int) -> datetime:
    """The owner's midnight ``days`` after ``day``: when an insight about ``day`` goes stale."""
    return local_midnight(day + timedelta(days=days), timezone)
