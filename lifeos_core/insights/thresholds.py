"""The numbers the owner gives the rules: monthly budgets per expense account, and the
balance an account's forecast should not fall below."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.auth.service import require
from lifeos_core.errors import InvalidInput, NotFound, validate
from lifeos_core.finance import service as finance
from lifeos_core.insights.events import ThresholdRemoved, ThresholdSet
from lifeos_core.insights.models import InsightThreshold
from lifeos_core.insights.schemas import NewThreshold, ThresholdView
from lifeos_core.unit_of_work import UnitOfWork

T = InsightThreshold


def _view(row: InsightThreshold) -> ThresholdView:
    return ThresholdView(id=row.id, kind=row.kind, account_id=int(row.subject), amount=row.amount)


def set_threshold(uow: UnitOfWork, actor: Actor, **fields) -> ThresholdView:
    """Set (or change) a budget for an expense account, or a floor for any account."""
    require(actor, "insights.manage")
    data = validate(NewThreshold, **fields)
    account = finance.get_account(uow, actor, data.account_id)  # NotFound if not the actor's
    if data.kind == "category_budget" and account.account_type != "expense":
        raise InvalidInput(
            f"account_id: a budget needs an expense account; {account.name} is "
            f"{account.account_type}",
            {"account_id": "not an expense account"},
        )
    subject = str(account.id)
    row = uow.session.scalar(
        sa.select(T).where(T.user_id == actor.user_id, T.kind == data.kind, T.subject == subject)
    )
    if row is None:
        row = T(user_id=actor.user_id, kind=data.kind, subject=subject, amount=data.amount)
        uow.session.add(row)
    elif row.amount == data.amount:
        return _view(row)
    row.amount = data.amount
    uow.session.flush()
    uow.emit(
        ThresholdSet(
            user_id=actor.user_id,
            threshold_id=row.id,
            kind=row.kind,
            subject=row.subject,
            amount=row.amount,
            effective_on=datetime.now(ZoneInfo(actor.timezone)).date(),
        )
    )
    return _view(row)


def remove_threshold(uow: UnitOfWork, actor: Actor, threshold_id: int) -> None:
    require(actor, "insights.manage")
    row = uow.session.scalar(sa.select(T).where(T.id == threshold_id, T.user_id == actor.user_id))
    if row is None:
        raise NotFound(f"threshold {threshold_id} not found")
    uow.session.delete(row)
    uow.session.flush()
    uow.emit(
        ThresholdRemoved(
            user_id=actor.user_id, threshold_id=threshold_id, kind=row.kind, subject=row.subject
        )
    )


def list_thresholds(uow: UnitOfWork, actor: Actor) -> list[ThresholdView]:
    require(actor, "insights.read")
    rows = uow.session.scalars(
        sa.select(T).where(T.user_id == actor.user_id).order_by(T.kind, T.id)
    )
    return [_view(row) for row in rows]


def amounts(uow: UnitOfWork, actor: Actor, kind: str) -> dict[int, Decimal]:
    """account_id -> amount, for the rules (one query)."""
    rows = uow.session.execute(
        sa.select(T.subject, T.amount).where(T.user_id == actor.user_id, T.kind == kind)
    )
    return {int(subject): amount for subject, amount in rows}
