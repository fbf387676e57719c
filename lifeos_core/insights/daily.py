"""Rules that look at the calendar date rather than at an event: run once a day per user.

A reconnect cue or a receivable falls due, a routine lapses, a project stalls, a week ends,
because time passes, not because anything happened, so no outbox event would ever trigger
them. The daily upkeep runs these rules; each insight is stored once per subject and
period, so running the upkeep twice on a day adds nothing.
"""

from __future__ import annotations

import time
from datetime import date

from lifeos_core.auth.schemas import Actor
from lifeos_core.insights import flags
from lifeos_core.insights import telemetry as rule_telemetry
from lifeos_core.insights.engine import Derived, store
from lifeos_core.insights.rules import DAILY_RULES
from lifeos_core.insights.telemetry import Telemetry
from lifeos_core.unit_of_work import UnitOfWork


def derive_daily_insights(
    uow: UnitOfWork, actor: Actor, *, today: date, disabled: frozenset[str] | None = None
) -> int:
    """Run the daily rules for one user on their local ``today``; returns how many insights
    are new. The caller commits."""
    disabled = flags.disabled_rules() if disabled is None else disabled
    telemetry = Telemetry()
    derived: list[Derived] = []
    for rule in DAILY_RULES:
        if rule.name in disabled:
            continue
        started = time.perf_counter()
        drafts = rule.derive(uow, actor, today)
        telemetry.ran(
            actor.user_id,
            rule.name,
            rule.version,
            events=0,
            drafts=len(drafts),
            seconds=time.perf_counter() - started,
        )
        derived.extend(Derived(draft) for draft in drafts)
    created = store(uow, actor.user_id, derived, telemetry)
    rule_telemetry.record(uow, telemetry)
    return created
