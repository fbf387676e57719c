"""Reading and acting on insights: list them, acknowledge, dismiss or call one not useful,
report what a rule missed, set the thresholds rules use, and see the rules' telemetry."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.auth.service import require
from lifeos_core.database import utcnow
from lifeos_core.errors import InvalidInput, NotFound, validate
from lifeos_core.insights import flags
from lifeos_core.insights.events import (
    InsightAcknowledged,
    InsightDismissed,
    InsightMarkedNotUseful,
    MissReported,
)
from lifeos_core.insights.models import InsightMiss, InsightRecord
from lifeos_core.insights.replay import rebuild_insights, replay_insights
from lifeos_core.insights.rules import ALL_RULES, RULES_BY_NAME
from lifeos_core.insights.schemas import InsightAction, InsightView, NewMiss, RuleInfo
from lifeos_core.insights.telemetry import telemetry_summary
from lifeos_core.insights.thresholds import list_thresholds, remove_threshold, set_threshold
from lifeos_core.unit_of_work import UnitOfWork

__all__ = [
    "count_insights",
    "list_insights",
    "list_rules",
    "list_thresholds",
    "mark_insight",
    "rebuild_insights",
    "remove_threshold",
    "replay_insights",
    "report_missed_insight",
    "set_threshold",
    "telemetry_summary",
]

ACTIONS = ("acknowledge", "dismiss", "not_useful")


def list_insights(
    uow: UnitOfWork,
    actor: Actor,
    *,
    include_dismissed: bool = False,
    include_expired: bool = False,
    domain: str | None = None,
    limit: int = 200,
) -> list[InsightView]:
    """Newest first. Dismissed (and "not useful") and expired insights only when asked."""
    require(actor, "insights.read")
    query = sa.select(InsightRecord).where(InsightRecord.user_id == actor.user_id)
    if not include_dismissed:
        query = query.where(InsightRecord.dismissed_at.is_(None))
    if not include_expired:
        query = query.where(
            sa.or_(InsightRecord.expires_at.is_(None), InsightRecord.expires_at > utcnow())
        )
    if domain is not None:
        names = [rule.name for rule in ALL_RULES if rule.domain == domain]
        query = query.where(InsightRecord.insight_type.in_(names))
    query = query.order_by(InsightRecord.created_at.desc(), InsightRecord.id.desc()).limit(limit)
    return [InsightView.model_validate(row) for row in uow.session.scalars(query)]


def mark_insight(
    uow: UnitOfWork, actor: Actor, insight_id: int, action: InsightAction
) -> InsightView:
    """Acknowledge, dismiss, or dismiss as not useful (a false positive the rule's telemetry
    counts). Doing it again changes nothing."""
    require(actor, "insights.manage")
    if action not in ACTIONS:
        raise InvalidInput(
            f"action: must be one of {', '.join(ACTIONS)}, not {action!r}", {"action": "unknown"}
        )
    row = uow.session.scalar(
        sa.select(InsightRecord).where(
            InsightRecord.id == insight_id, InsightRecord.user_id == actor.user_id
        )
    )
    if row is None:
        raise NotFound(f"insight {insight_id} not found")
    now = utcnow()
    common = dict(user_id=actor.user_id, insight_id=row.id, insight_type=row.insight_type)
    if action == "acknowledge" and row.acknowledged_at is None:
        row.acknowledged_at = now
        uow.emit(InsightAcknowledged(**common))
    elif action == "dismiss" and row.dismissed_at is None:
        row.dismissed_at = now
        uow.emit(InsightDismissed(**common))
    elif action == "not_useful" and row.feedback != "not_useful":
        row.feedback, row.feedback_at = "not_useful", now
        row.dismissed_at = row.dismissed_at or now
        uow.emit(
            InsightMarkedNotUseful(
                **common, rule_version=row.rule_version, model_version=row.model_version
            )
        )
    uow.session.flush()
    return InsightView.model_validate(row)


def report_missed_insight(
    uow: UnitOfWork, actor: Actor, *, rule: str, note: str | None = None
) -> int:
    """The owner says ``rule`` should have noticed something: a confirmed miss. Returns its id."""
    require(actor, "insights.manage")
    data = validate(NewMiss, rule=rule, note=note)
    if data.rule not in RULES_BY_NAME:
        raise InvalidInput(f"rule: there is no rule called {data.rule!r}", {"rule": "unknown"})
    miss = InsightMiss(user_id=actor.user_id, rule=data.rule, note=data.note or None)
    uow.session.add(miss)
    uow.session.flush()
    uow.emit(MissReported(user_id=actor.user_id, miss_id=miss.id, rule=miss.rule))
    return miss.id


def count_insights(uow: UnitOfWork, actor: Actor) -> int:
    require(actor, "insights.read")
    return uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(InsightRecord)
        .where(InsightRecord.user_id == actor.user_id)
    )


def list_rules(actor: Actor, *, disabled: Sequence[str] | None = None) -> list[RuleInfo]:
    """Every rule, with whether its feature flag leaves it on."""
    require(actor, "insights.read")
    off = flags.disabled_rules() if disabled is None else frozenset(disabled)
    return [
        RuleInfo(
            name=rule.name,
            version=rule.version,
            domain=rule.domain,
            summary=rule.summary,
            trigger="daily" if rule.is_daily else "event",
            risky=rule.risky,
            replayable=rule.replayable and not rule.is_daily,
            enabled=rule.name not in off,
        )
        for rule in ALL_RULES
    ]
