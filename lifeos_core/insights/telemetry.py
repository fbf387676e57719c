"""Telemetry per rule and model version: how often each rule ran and on how many events, how
long it took, what it produced, and what the owner made of it (acknowledged, dismissed,
"not useful" = a false positive, reported misses = confirmed false negatives).

Runs are counted in memory while a batch is derived and written once per batch, into one
row per user, rule version and UTC day, in the same transaction as the insights: a batch
that rolls back leaves no telemetry behind. The owner's reactions are read from the
insights themselves, so they can never disagree with what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lifeos_core.auth.schemas import Actor
from lifeos_core.auth.service import require
from lifeos_core.database import utcnow
from lifeos_core.insights.models import InsightMiss, InsightRecord, InsightRuleStat
from lifeos_core.insights.rules import ALL_RULES, RULES_BY_NAME
from lifeos_core.insights.schemas import RuleTelemetry
from lifeos_core.unit_of_work import UnitOfWork


@dataclass
class RuleRuns:
    runs: int = 0
    events: int = 0
    drafts: int = 0
    created: int = 0
    latency_ms_total: float = 0.0
    latency_ms_max: float = 0.0


class Telemetry:
    """What one derivation (a delivery batch, a daily run, a replay) did, per user and rule."""

    def __init__(self) -> None:
        self.by_rule: dict[tuple[int, str, int], RuleRuns] = {}

    def ran(
        self, user_id: int, rule: str, version: int, *, events: int, drafts: int, seconds: float
    ) -> None:
        runs = self.by_rule.setdefault((user_id, rule, version), RuleRuns())
        milliseconds = seconds * 1000
        runs.runs += 1
        runs.events += events
        runs.drafts += drafts
        runs.latency_ms_total += milliseconds
        runs.latency_ms_max = max(runs.latency_ms_max, milliseconds)

    def stored(self, user_id: int, rule: str, version: int, created: int) -> None:
        self.by_rule.setdefault((user_id, rule, version), RuleRuns()).created += created

    @property
    def created(self) -> int:
        return sum(r.created for r in self.by_rule.values())


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(InsightRuleStat)


def record(uow: UnitOfWork, telemetry: Telemetry, *, day: date | None = None) -> None:
    """Add a derivation's counts to the day's rows (one statement, in key order so two
    dispatchers lock the same rows in the same order)."""
    if not telemetry.by_rule:
        return
    day = day or utcnow().date()
    rows = [
        dict(user_id=user_id, rule=rule, rule_version=version, day=day, **vars(runs))
        for (user_id, rule, version), runs in sorted(telemetry.by_rule.items())
    ]
    stmt = _insert(uow.session)
    new, old = stmt.excluded, InsightRuleStat
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "rule", "rule_version", "day"],
        set_={
            "runs": old.runs + new.runs,
            "events": old.events + new.events,
            "drafts": old.drafts + new.drafts,
            "created": old.created + new.created,
            "latency_ms_total": old.latency_ms_total + new.latency_ms_total,
            "latency_ms_max": sa.case(
                (new.latency_ms_max > old.latency_ms_max, new.latency_ms_max),
                else_=old.latency_ms_max,
            ),
        },
    )
    uow.session.execute(stmt, rows)


def telemetry_summary(uow: UnitOfWork, actor: Actor, *, days: int = 30) -> list[RuleTelemetry]:
    """The last ``days`` days: the whole installation for an operator (admin.operations),
    the actor's own rules for anyone else who may read insights."""
    if actor.can("admin.operations"):
        return summarise(uow, days=days)
    require(actor, "insights.read")
    return summarise(uow, days=days, user_id=actor.user_id)


def summarise(
    uow: UnitOfWork, *, days: int = 30, user_id: int | None = None
) -> list[RuleTelemetry]:
    """Per rule version and model version, every rule listed (the daily upkeep and Dagster
    call this without an actor: it is the operator's view)."""
    since_day = utcnow().date() - timedelta(days=days - 1)
    since = utcnow() - timedelta(days=days)
    S, R, M = InsightRuleStat, InsightRecord, InsightMiss
    rows: dict[tuple[str, int, str | None], dict] = {}

    def row(rule: str, version: int, model_version: str | None) -> dict:
        return rows.setdefault((rule, version, model_version), {})

    for rule in ALL_RULES:
        row(rule.name, rule.version, None)
    stats = sa.select(
        S.rule,
        S.rule_version,
        sa.func.sum(S.runs),
        sa.func.sum(S.events),
        sa.func.sum(S.latency_ms_total),
        sa.func.max(S.latency_ms_max),
    ).where(S.day >= since_day)
    insights = sa.select(
        R.insight_type,
        R.rule_version,
        R.model_version,
        sa.func.count(),
        sa.func.count(R.acknowledged_at),
        sa.func.count(R.dismissed_at),
        sa.func.count(R.feedback),
    ).where(R.created_at >= since)
    misses = sa.select(M.rule, M.model_version, sa.func.count()).where(M.reported_at >= since)
    if user_id is not None:
        stats = stats.where(S.user_id == user_id)
        insights = insights.where(R.user_id == user_id)
        misses = misses.where(M.user_id == user_id)
    for rule, version, runs, events, total, peak in uow.session.execute(
        stats.group_by(S.rule, S.rule_version)
    ):
        row(rule, version, None).update(
            runs=int(runs or 0),
            events=int(events or 0),
            latency_ms_mean=round(float(total) / runs, 2) if runs else None,
            latency_ms_max=round(float(peak), 2) if peak is not None else None,
        )
    for (
        rule,
        version,
        model_version,
        created,
        acknowledged,
        dismissed,
        not_useful,
    ) in uow.session.execute(insights.group_by(R.insight_type, R.rule_version, R.model_version)):
        row(rule, version, model_version).update(
            created=created, acknowledged=acknowledged, dismissed=dismissed, not_useful=not_useful
        )
    for rule, model_version, count in uow.session.execute(misses.group_by(M.rule, M.model_version)):
        version = RULES_BY_NAME[rule].version if rule in RULES_BY_NAME else 0
        row(rule, version, model_version)["misses"] = count
    return [
        RuleTelemetry(
            rule=rule,
            rule_version=version,
            model_version=model_version,
            domain=RULES_BY_NAME[rule].domain if rule in RULES_BY_NAME else "retired",
            **values,
        )
        for (rule, version, model_version), values in sorted(
            rows.items(), key=lambda item: (item[0][0], -item[0][1], item[0][2] or "")
        )
    ]
