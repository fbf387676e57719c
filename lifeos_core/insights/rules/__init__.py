"""Every insight rule, by domain (the constitution's section 10), in one registry.

``EVENT_RULES`` run on outbox deliveries, ``DAILY_RULES`` from the daily upkeep. A rule's
name is the ``insight_type`` of its insights and the name of its feature flag.
"""

from __future__ import annotations

from lifeos_core.insights.registry import Rule
from lifeos_core.insights.rules import (
    calendar,
    cross_domain,
    finance,
    habits,
    health,
    journal,
    projects,
    relationships,
    skills,
)

ALL_RULES: tuple[Rule, ...] = (
    *finance.RULES,
    *health.RULES,
    *habits.RULES,
    *skills.RULES,
    *projects.RULES,
    *relationships.RULES,
    *journal.RULES,
    *calendar.RULES,
    *cross_domain.RULES,
)
EVENT_RULES = tuple(rule for rule in ALL_RULES if not rule.is_daily)
DAILY_RULES = tuple(rule for rule in ALL_RULES if rule.is_daily)
RULES_BY_NAME = {rule.name: rule for rule in ALL_RULES}
SUBSCRIBED_EVENT_TYPES = tuple(sorted({t for rule in EVENT_RULES for t in rule.triggers}))

if len(RULES_BY_NAME) != len(ALL_RULES):  # pragma: no cover - a typo caught at import
    raise RuntimeError("two insight rules share a name")
