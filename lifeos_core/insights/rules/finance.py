"""Finance rules: a category over its budget, spending far above the owner's own usual, a
receivable falling due, a forecast balance dropping below a floor."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar.events import InterpretationConfirmed
from lifeos_core.errors import NotFound
from lifeos_core.events.base import DomainEvent
from lifeos_core.finance import service as finance
from lifeos_core.finance.events import (
    ScheduleRecomputed,
    TransactionCategorised,
    TransactionCreated,
    TransactionInferred,
)
from lifeos_core.insights import patterns, thresholds
from lifeos_core.insights.events import ThresholdSet
from lifeos_core.insights.registry import Rule, expires_after
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.unit_of_work import UnitOfWork

BASELINE_DAYS = 90
MIN_BASELINE_PAYMENTS = 8
UNUSUAL_RATIO = 2.0  # at least twice the usual ...
UNUSUAL_SPREAD = 4.0  # ... and more than four robust deviations above it
RECEIVABLE_NOTICE_DAYS = 3
ZERO = Decimal("0.00")

TRANSACTION_TRIGGERS = (
    TransactionCreated.event_type,
    TransactionCategorised.event_type,
    TransactionInferred.event_type,
    InterpretationConfirmed.event_type,
)


def transaction_triggers(events: Sequence[DomainEvent]) -> dict[int, DomainEvent]:
    """transaction id -> the first event in the batch saying it now counts (or changed)."""
    found: dict[int, DomainEvent] = {}
    for event in events:
        match event:
            case TransactionCreated() | TransactionCategorised():
                found.setdefault(event.transaction_id, event)
            case TransactionInferred(status="confirmed"):
                found.setdefault(event.transaction_id, event)
            case InterpretationConfirmed(record_type="finance/transaction", record_id=int()):
                found.setdefault(event.record_id, event)
    return found


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def category_over_budget(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """Spending in an expense account passes its monthly budget: once per month and budget.

    Described at the payment that took the month over (in date order), with the payments up
    to it as evidence. A new budget re-checks its month at once.
    """
    budgets = thresholds.amounts(uow, actor, "category_budget")
    if not budgets:
        return []
    subjects: dict[tuple[int, date], DomainEvent] = {}
    triggers = transaction_triggers(events)
    if triggers:
        for row in finance.counted_transactions(uow, actor, ids=list(triggers)):
            if row.account_id in budgets and row.amount < 0:
                subjects.setdefault(
                    (row.account_id, patterns.month_start(row.occurred_on)), triggers[row.id]
                )
    for event in events:
        if isinstance(event, ThresholdSet) and event.kind == "category_budget":
            if int(event.subject) in budgets:
                month = patterns.month_start(event.effective_on)
                subjects.setdefault((int(event.subject), month), event)
    if not subjects:
        return []
    months = sorted({month for _, month in subjects})
    spending: dict[tuple[int, date], list] = defaultdict(list)
    for row in finance.counted_transactions(
        uow,
        actor,
        account_ids=sorted({account for account, _ in subjects}),
        start=months[0],
        end=patterns.month_end(months[-1]),
    ):
        if row.amount < 0:
            spending[(row.account_id, patterns.month_start(row.occurred_on))].append(row)
    drafts = []
    for (account_id, month), source in sorted(subjects.items(), key=lambda item: item[0]):
        budget = budgets[account_id]
        payments = spending.get((account_id, month), [])
        crossing, spent = patterns.first_reaching(
            (-row.amount for row in payments), budget, strictly=True
        )
        if crossing is None:
            continue
        used = payments[: crossing + 1]
        name = used[-1].account_name
        draft = CATEGORY_OVER_BUDGET.draft(
            key=f"{account_id}:{month:%Y-%m}:{_money(budget)}",
            title=f"{name} is over its {_money(budget)} budget for {month:%B %Y}",
            body=(
                f"{_money(spent)} spent by {used[-1].occurred_on:%d %b}, "
                f"{_money(spent - budget)} more than the monthly budget."
            ),
            severity="warning",
            evidence={"finance_transaction": [row.id for row in used]},
            expires_at=expires_after(patterns.month_end(month), actor.timezone, 7),
            account_id=account_id,
            account_name=name,
            month=f"{month:%Y-%m}",
            budget=_money(budget),
            spent=_money(spent),
            crossed_on=used[-1].occurred_on.isoformat(),
        )
        drafts.append((draft, source))
    return drafts


def unusual_spend(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """A payment far above what the owner usually pays in that account.

    The baseline is the owner's own payments in the same expense account (or among the
    uncategorised ones) over the 90 days before the payment's date: at least 8 of them.
    """
    triggers = transaction_triggers(events)
    if not triggers:
        return []
    flagged = [
        row
        for row in finance.counted_transactions(uow, actor, ids=list(triggers))
        if row.amount < 0
    ]
    if not flagged:
        return []
    accounts = sorted({row.account_id for row in flagged}, key=lambda a: (a is None, a or 0))
    first = min(row.occurred_on for row in flagged) - timedelta(days=BASELINE_DAYS)
    last = max(row.occurred_on for row in flagged) - timedelta(days=1)
    history: dict[int | None, list] = defaultdict(list)
    for row in finance.counted_transactions(
        uow, actor, account_ids=accounts, start=first, end=last
    ):
        if row.amount < 0:
            history[row.account_id].append(row)
    dates = {account: [p.occurred_on for p in past] for account, past in history.items()}
    paid = {account: [int(p.amount * -100) for p in past] for account, past in history.items()}
    # Payments on the same day in the same account share one baseline: computed once.
    baselines: dict[tuple[int | None, date], patterns.Baseline | None] = {}
    for account, day in sorted(
        {(r.account_id, r.occurred_on) for r in flagged}, key=lambda k: (k[0] or 0, k[1])
    ):
        earlier = patterns.window(
            paid.get(account, []),
            dates.get(account, []),
            day - timedelta(days=BASELINE_DAYS),
            day - timedelta(days=1),
        )
        baselines[(account, day)] = (
            patterns.robust_baseline(earlier) if len(earlier) >= MIN_BASELINE_PAYMENTS else None
        )
    drafts = []
    for row in flagged:
        baseline = baselines[(row.account_id, row.occurred_on)]
        if baseline is None:
            continue
        amount = -row.amount
        if not patterns.is_unusually_high(
            amount, baseline, ratio=UNUSUAL_RATIO, spread=UNUSUAL_SPREAD
        ):
            continue
        where = row.account_name or "uncategorised spending"
        ratio = amount / baseline.median
        draft = UNUSUAL_SPEND.draft(
            key=str(row.id),
            title=f"Unusual spend: {_money(amount)} for {row.description}",
            body=(
                f"About {ratio:.1f} times your usual {_money(baseline.median)} in {where} "
                f"(median of {baseline.count} payments in the 90 days before "
                f"{row.occurred_on:%d %b})."
            ),
            severity="warning",
            evidence={"finance_transaction": [row.id]},
            expires_at=expires_after(row.occurred_on, actor.timezone, 30),
            transaction_id=row.id,
            amount=_money(amount),
            occurred_on=row.occurred_on.isoformat(),
            account_id=row.account_id,
            baseline_median=_money(baseline.median),
            baseline_payments=baseline.count,
            ratio=f"{ratio:.2f}",
        )
        drafts.append((draft, triggers[row.id]))
    return drafts


def forecast_below_floor(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """A recomputed forecast falls below the account's floor (zero unless the owner set one).

    It reads the forecast as stored now, so it is not replayable: an older recompute's
    forecast no longer exists.
    """
    latest: dict[tuple[int, int | None], ScheduleRecomputed] = {}
    for event in events:
        if isinstance(event, ScheduleRecomputed) and event.account_id is not None:
            latest[(event.account_id, event.scenario_id)] = event
    if not latest:
        return []
    floors = thresholds.amounts(uow, actor, "balance_floor")
    drafts = []
    for (account_id, scenario_id), event in sorted(
        latest.items(), key=lambda i: (i[0][0], i[0][1] or 0)
    ):
        try:
            account = finance.get_account(uow, actor, account_id)
            forecast = finance.get_forecast(
                uow, actor, account_id=account_id, scenario_id=scenario_id
            )
        except NotFound:
            continue
        floor = floors.get(account_id, ZERO)
        below = [day for day in forecast.balances if day.balance < floor]
        if not below:
            continue
        first = below[0]
        lowest = min(below, key=lambda day: (day.balance, day.balance_date))
        plan = "plan" if scenario_id is None else f"scenario {scenario_id}"
        draft = FORECAST_BELOW_FLOOR.draft(
            key=f"{account_id}:{scenario_id or 'plan'}:{first.balance_date}:{_money(floor)}",
            title=(
                f"{account.name} is forecast to fall below {_money(floor)} "
                f"on {first.balance_date:%d %b %Y}"
            ),
            body=(
                f"The {plan} takes it to {_money(first.balance)} that day, and as low as "
                f"{_money(lowest.balance)} on {lowest.balance_date:%d %b}."
            ),
            severity="warning" if first.balance >= 0 else "critical",
            evidence={"finance_account": [account_id]},
            expires_at=expires_after(first.balance_date, actor.timezone, 1),
            account_id=account_id,
            scenario_id=scenario_id,
            floor=_money(floor),
            first_below_on=first.balance_date.isoformat(),
            lowest=_money(lowest.balance),
            lowest_on=lowest.balance_date.isoformat(),
        )
        drafts.append((draft, event))
    return drafts


def receivable_due(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """An unsettled receivable due within three days, or overdue: once soon, once overdue."""
    drafts = []
    for receivable in finance.receivables_due(
        uow, actor, within_days=RECEIVABLE_NOTICE_DAYS, today=today
    ):
        overdue = receivable.due_date < today
        when = "was due" if overdue else "is due"
        drafts.append(
            RECEIVABLE_DUE.draft(
                key=f"{receivable.id}:{receivable.due_date}:{'overdue' if overdue else 'soon'}",
                title=(
                    f"{receivable.outstanding} from {receivable.counterparty} {when} "
                    f"on {receivable.due_date:%d %b}"
                ),
                body=f"{receivable.received} of {receivable.principal} received so far.",
                severity="warning" if overdue else "info",
                evidence={"finance_receivable_tracker": [receivable.id]},
                expires_at=expires_after(max(today, receivable.due_date), actor.timezone, 14),
                tracker_id=receivable.id,
                outstanding=str(receivable.outstanding),
                due_date=str(receivable.due_date),
            )
        )
    return drafts


CATEGORY_OVER_BUDGET = Rule(
    name="category_over_budget",
    version=1,
    domain="finance",
    summary="Spending in an expense account passes the monthly budget you set for it.",
    derive=category_over_budget,
    triggers=(*TRANSACTION_TRIGGERS, ThresholdSet.event_type),
)
UNUSUAL_SPEND = Rule(
    name="unusual_spend",
    version=1,
    domain="finance",
    summary="A payment at least twice your usual in its account over the past 90 days.",
    derive=unusual_spend,
    triggers=TRANSACTION_TRIGGERS,
    risky=True,
)
FORECAST_BELOW_FLOOR = Rule(
    name="forecast_below_floor",
    version=1,
    domain="finance",
    summary="A recomputed forecast drops below the account's floor (zero unless you set one).",
    derive=forecast_below_floor,
    triggers=(ScheduleRecomputed.event_type,),
    replayable=False,
)
RECEIVABLE_DUE = Rule(
    name="receivable_due",
    version=1,
    domain="finance",
    summary="Money owed to you falls due within three days, or is overdue.",
    derive=receivable_due,
)

RULES = (CATEGORY_OVER_BUDGET, UNUSUAL_SPEND, FORECAST_BELOW_FLOOR, RECEIVABLE_DUE)
