"""Reading and acting on insights."""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.auth.service import require
from lifeos_core.database import utcnow
from lifeos_core.errors import NotFound
from lifeos_core.insights.models import InsightRecord
from lifeos_core.insights.schemas import InsightView
from lifeos_core.unit_of_work import UnitOfWork


def list_insights(
    uow: UnitOfWork, actor: Actor, *, include_dismissed: bool = False, limit: int = 200
) -> list[InsightView]:
    require(actor, "insights.read")
    query = sa.select(InsightRecord).where(InsightRecord.user_id == actor.user_id)
    if not include_dismissed:
        query = query.where(InsightRecord.dismissed_at.is_(None))
    query = query.order_by(InsightRecord.created_at.desc(), InsightRecord.id.desc()).limit(limit)
    return [InsightView.model_validate(row) for row in uow.session.scalars(query)]


def mark_insight(
    uow: UnitOfWork, actor: Actor, insight_id: int, action: Literal["acknowledge", "dismiss"]
) -> InsightView:
    require(actor, "insights.manage")
    row = uow.session.scalar(
        sa.select(InsightRecord).where(
            InsightRecord.id == insight_id, InsightRecord.user_id == actor.user_id
        )
    )
    if row is None:
        raise NotFound(f"insight {insight_id} not found")
    if action == "acknowledge":
        row.acknowledged_at = row.acknowledged_at or utcnow()
    else:
        row.dismissed_at = row.dismissed_at or utcnow()
    uow.session.flush()
    return InsightView.model_validate(row)


def count_insights(uow: UnitOfWork, actor: Actor) -> int:
    require(actor, "insights.read")
    return uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(InsightRecord)
        .where(InsightRecord.user_id == actor.user_id)
    )
