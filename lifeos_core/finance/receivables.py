"""Receivables (money others owe the owner) and the loan groups that bundle them.

The outstanding balance is the principal less the manual entries (repayments) recorded
against it; an entry larger than what is outstanding is refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import Conflict, InvalidInput, NotFound, validate
from lifeos_core.finance.common import ZERO, cents, owned
from lifeos_core.finance.events import (
    LoanGroupCreated,
    LoanGroupLinked,
    LoanGroupUnlinked,
    ReceivableCreated,
    ReceivableEntryRecorded,
)
from lifeos_core.finance.models import (
    LoanGroup,
    LoanGroupLink,
    ReceivableManualEntry,
    ReceivableTracker,
)
from lifeos_core.finance.schemas import (
    LoanGroupView,
    NewLoanGroup,
    NewReceivable,
    NewReceivableEntry,
    ReceivableEntryView,
    ReceivableView,
)
from lifeos_core.unit_of_work import UnitOfWork


def _received(uow: UnitOfWork, actor: Actor, tracker_ids: list[int]) -> dict[int, Decimal]:
    if not tracker_ids:
        return {}
    rows = uow.session.execute(
        sa.select(ReceivableManualEntry.tracker_id, sa.func.sum(ReceivableManualEntry.amount))
        .where(
            ReceivableManualEntry.user_id == actor.user_id,
            ReceivableManualEntry.tracker_id.in_(tracker_ids),
        )
        .group_by(ReceivableManualEntry.tracker_id)
    )
    return {tracker_id: cents(total) for tracker_id, total in rows}


def _views(
    uow: UnitOfWork, actor: Actor, trackers: list[ReceivableTracker]
) -> list[ReceivableView]:
    received = _received(uow, actor, [t.id for t in trackers])
    return [
        ReceivableView(
            id=t.id,
            counterparty=t.counterparty,
            principal=cents(t.principal),
            start_date=t.start_date,
            due_date=t.due_date,
            memo=t.memo,
            received=received.get(t.id, ZERO),
            outstanding=cents(t.principal) - received.get(t.id, ZERO),
        )
        for t in trackers
    ]


def create_receivable(uow: UnitOfWork, actor: Actor, **fields) -> ReceivableView:
    data = validate(NewReceivable, **fields)
    tracker = ReceivableTracker(
        user_id=actor.user_id, **data.model_dump() | {"counterparty": data.counterparty.strip()}
    )
    uow.session.add(tracker)
    uow.session.flush()
    uow.emit(
        ReceivableCreated(
            user_id=actor.user_id,
            tracker_id=tracker.id,
            principal=tracker.principal,
            counterparty=tracker.counterparty,
            start_date=tracker.start_date,
            due_date=tracker.due_date,
        )
    )
    return _views(uow, actor, [tracker])[0]


def get_receivable(uow: UnitOfWork, actor: Actor, tracker_id: int) -> ReceivableView:
    tracker = owned(uow, actor, ReceivableTracker, tracker_id, "receivable")
    return _views(uow, actor, [tracker])[0]


def record_receivable_entry(uow: UnitOfWork, actor: Actor, **fields) -> ReceivableView:
    """Record money received against a receivable; returns it with its new balance."""
    data = validate(NewReceivableEntry, **fields)
    tracker = owned(uow, actor, ReceivableTracker, data.tracker_id, "tracker_id: receivable")
    outstanding = _views(uow, actor, [tracker])[0].outstanding
    if data.amount > outstanding:
        raise InvalidInput(
            f"amount: {data.amount} is more than the {outstanding} {tracker.counterparty} "
            "still owes",
            {"amount": f"more than the outstanding {outstanding}"},
        )
    if data.entry_date < tracker.start_date:
        raise InvalidInput(
            f"entry_date: is before the receivable started ({tracker.start_date})",
            {"entry_date": "before the start date"},
        )
    entry = ReceivableManualEntry(user_id=actor.user_id, **data.model_dump())
    uow.session.add(entry)
    uow.session.flush()
    uow.emit(
        ReceivableEntryRecorded(
            user_id=actor.user_id,
            tracker_id=tracker.id,
            entry_id=entry.id,
            amount=entry.amount,
            entry_date=entry.entry_date,
            outstanding=outstanding - data.amount,
        )
    )
    return _views(uow, actor, [tracker])[0]


def list_receivable_entries(
    uow: UnitOfWork, actor: Actor, tracker_id: int
) -> list[ReceivableEntryView]:
    owned(uow, actor, ReceivableTracker, tracker_id, "receivable")
    query = (
        sa.select(ReceivableManualEntry)
        .where(
            ReceivableManualEntry.user_id == actor.user_id,
            ReceivableManualEntry.tracker_id == tracker_id,
        )
        .order_by(ReceivableManualEntry.entry_date, ReceivableManualEntry.id)
    )
    return [ReceivableEntryView.model_validate(e) for e in uow.session.scalars(query)]


def list_receivables(
    uow: UnitOfWork, actor: Actor, *, include_settled: bool = True
) -> list[ReceivableView]:
    query = (
        sa.select(ReceivableTracker)
        .where(ReceivableTracker.user_id == actor.user_id)
        .order_by(ReceivableTracker.due_date.is_(None), ReceivableTracker.due_date)
        .order_by(ReceivableTracker.id)
    )
    views = _views(uow, actor, list(uow.session.scalars(query)))
    return views if include_settled else [v for v in views if not v.is_settled]


def receivables_due(
    uow: UnitOfWork, actor: Actor, *, within_days: int, today: date
) -> list[ReceivableView]:
    """Unsettled receivables due by ``today + within_days`` (overdue ones included)."""
    if within_days < 0:
        raise InvalidInput("within_days: must not be negative", {"within_days": "negative"})
    horizon = today + timedelta(days=within_days)
    query = (
        sa.select(ReceivableTracker)
        .where(
            ReceivableTracker.user_id == actor.user_id,
            ReceivableTracker.due_date.is_not(None),
            ReceivableTracker.due_date <= horizon,
        )
        .order_by(ReceivableTracker.due_date, ReceivableTracker.id)
    )
    return [v for v in _views(uow, actor, list(uow.session.scalars(query))) if not v.is_settled]


# --- loan groups ----------------------------------------------------------------------------


def _group_view(uow: UnitOfWork, actor: Actor, group: LoanGroup) -> LoanGroupView:
    trackers = list(
        uow.session.scalars(
            sa.select(ReceivableTracker)
            .join(LoanGroupLink, LoanGroupLink.tracker_id == ReceivableTracker.id)
            .where(
                LoanGroupLink.group_id == group.id,
                LoanGroupLink.user_id == actor.user_id,
                ReceivableTracker.user_id == actor.user_id,
            )
            .order_by(ReceivableTracker.id)
        )
    )
    views = _views(uow, actor, trackers)
    return LoanGroupView(
        id=group.id,
        name=group.name,
        memo=group.memo,
        tracker_ids=[v.id for v in views],
        principal_total=cents(sum((v.principal for v in views), ZERO)),
        outstanding_total=cents(sum((v.outstanding for v in views), ZERO)),
    )


def create_loan_group(uow: UnitOfWork, actor: Actor, **fields) -> LoanGroupView:
    data = validate(NewLoanGroup, **fields)
    taken = uow.session.scalar(
        sa.select(LoanGroup.id).where(
            LoanGroup.user_id == actor.user_id,
            sa.func.lower(LoanGroup.name) == data.name.strip().lower(),
        )
    )
    if taken is not None:
        raise Conflict(f"name: you already have a loan group called {data.name!r}")
    group = LoanGroup(user_id=actor.user_id, name=data.name.strip(), memo=data.memo)
    uow.session.add(group)
    uow.session.flush()
    uow.emit(LoanGroupCreated(user_id=actor.user_id, group_id=group.id, name=group.name))
    return _group_view(uow, actor, group)


def link_receivable(
    uow: UnitOfWork, actor: Actor, *, group_id: int, tracker_id: int
) -> LoanGroupView:
    group = owned(uow, actor, LoanGroup, group_id, "group_id: loan group")
    tracker = owned(uow, actor, ReceivableTracker, tracker_id, "tracker_id: receivable")
    exists = uow.session.scalar(
        sa.select(LoanGroupLink.id).where(
            LoanGroupLink.group_id == group.id, LoanGroupLink.tracker_id == tracker.id
        )
    )
    if exists is None:
        uow.session.add(
            LoanGroupLink(user_id=actor.user_id, group_id=group.id, tracker_id=tracker.id)
        )
        uow.session.flush()
        uow.emit(LoanGroupLinked(user_id=actor.user_id, group_id=group.id, tracker_id=tracker.id))
    return _group_view(uow, actor, group)


def unlink_receivable(
    uow: UnitOfWork, actor: Actor, *, group_id: int, tracker_id: int
) -> LoanGroupView:
    group = owned(uow, actor, LoanGroup, group_id, "group_id: loan group")
    link = uow.session.scalar(
        sa.select(LoanGroupLink).where(
            LoanGroupLink.user_id == actor.user_id,
            LoanGroupLink.group_id == group.id,
            LoanGroupLink.tracker_id == tracker_id,
        )
    )
    if link is None:
        raise NotFound(f"receivable {tracker_id} is not in loan group {group_id}")
    uow.session.delete(link)
    uow.session.flush()
    uow.emit(LoanGroupUnlinked(user_id=actor.user_id, group_id=group.id, tracker_id=tracker_id))
    return _group_view(uow, actor, group)


def list_loan_groups(uow: UnitOfWork, actor: Actor) -> list[LoanGroupView]:
    groups = uow.session.scalars(
        sa.select(LoanGroup).where(LoanGroup.user_id == actor.user_id).order_by(LoanGroup.name)
    )
    return [_group_view(uow, actor, g) for g in groups]
