"""Events of the finance domain (``finance.*``).

Amounts are Decimal and travel as strings in the JSON payload, so no cent is lost.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lifeos_core.events.base import DomainEvent, InferenceEvent


class CategoryCreated(DomainEvent):
    event_type = "finance.category.created"
    category_id: int
    name: str


class AccountCreated(DomainEvent):
    event_type = "finance.account.created"
    account_id: int
    name: str
    account_type: str
    subtype: str | None = None
    category_id: int | None = None


class AccountUpdated(DomainEvent):
    event_type = "finance.account.updated"
    account_id: int
    fields: list[str]


class TransactionCreated(DomainEvent):
    event_type = "finance.transaction.created"
    transaction_id: int
    amount: Decimal
    description: str | None = None
    category: str | None = None
    counterparty: str | None = None
    occurred_at: date
    source: str = "manual"


class TransactionCategorised(DomainEvent):
    event_type = "finance.transaction.categorised"
    transaction_id: int
    account_id: int


class TransactionDeleted(DomainEvent):
    event_type = "finance.transaction.deleted"
    transaction_id: int


class TransactionInferred(InferenceEvent):
    event_type = "finance.transaction.inferred"
    transaction_id: int
    calendar_event_id: int
    confidence_score: float
    amount: Decimal | None = None
    description: str
    status: str
    inferred_structure: dict[str, Any] = {}


class JournalPosted(DomainEvent):
    event_type = "finance.journal.posted"
    entry_id: int
    debit_total: Decimal
    credit_total: Decimal
    line_count: int


class JournalUnposted(DomainEvent):
    """A transaction's entry was withdrawn because the transaction no longer counts."""

    event_type = "finance.journal.unposted"
    entry_id: int
    transaction_id: int


class TrialBalanceSnapshotted(DomainEvent):
    event_type = "finance.trial_balance.snapshotted"
    snapshot_id: str
    as_of: date
    account_count: int
    debit_total: Decimal
    credit_total: Decimal


class TrialBalanceSettingsUpdated(DomainEvent):
    event_type = "finance.trial_balance.settings_updated"
    fields: list[str]


class ScheduleCreated(DomainEvent):
    event_type = "finance.schedule.created"
    row_id: int
    amount: Decimal
    account_id: int
    event_date: date
    recurrence: str = "once"


class ScheduleUpdated(DomainEvent):
    event_type = "finance.schedule.updated"
    row_id: int
    amount: Decimal | None = None
    account_id: int | None = None
    event_date: date | None = None
    memo: str | None = None
    fields: list[str] = []


class ScheduleDeleted(DomainEvent):
    event_type = "finance.schedule.deleted"
    row_id: int


class ScheduleRecomputed(DomainEvent):
    event_type = "finance.schedule.recomputed"
    days: int
    account_id: int | None = None
    scenario_id: int | None = None
    start: date | None = None


class ScenarioCreated(DomainEvent):
    event_type = "finance.scenario.created"
    scenario_id: int
    name: str


class ScenarioRowAdded(DomainEvent):
    event_type = "finance.scenario.row_added"
    scenario_id: int
    scenario_row_id: int
    action: str
    base_row_id: int | None = None


class ScenarioDeleted(DomainEvent):
    event_type = "finance.scenario.deleted"
    scenario_id: int


class ReceivableCreated(DomainEvent):
    event_type = "finance.receivable.created"
    tracker_id: int
    principal: Decimal
    counterparty: str
    start_date: date
    due_date: date | None = None


class ReceivableEntryRecorded(DomainEvent):
    event_type = "finance.receivable.entry_recorded"
    tracker_id: int
    entry_id: int
    amount: Decimal
    entry_date: date
    outstanding: Decimal


class LoanGroupCreated(DomainEvent):
    event_type = "finance.loan_group.created"
    group_id: int
    name: str


class LoanGroupLinked(DomainEvent):
    event_type = "finance.loan_group.linked"
    group_id: int
    tracker_id: int


class LoanGroupUnlinked(DomainEvent):
    event_type = "finance.loan_group.unlinked"
    group_id: int
    tracker_id: int


class StatementImported(DomainEvent):
    event_type = "finance.statement.imported"
    payment_account_id: int
    imported: int
    duplicates: int
    rejected: int
    filename: str | None = None


class AccountsSuggested(DomainEvent):
    """The suggester's answer. ``payload_version`` is the envelope's (outbox and audit rows)."""

    event_type = "finance.ml.suggest_accounts"
    description: str
    suggestions: list[int]
    model: str
    model_version: str | None = None
    context: dict[str, Any] | None = None


EVENTS = (
    CategoryCreated,
    AccountCreated,
    AccountUpdated,
    TransactionCreated,
    TransactionCategorised,
    TransactionDeleted,
    TransactionInferred,
    JournalPosted,
    JournalUnposted,
    TrialBalanceSnapshotted,
    TrialBalanceSettingsUpdated,
    ScheduleCreated,
    ScheduleUpdated,
    ScheduleDeleted,
    ScheduleRecomputed,
    ScenarioCreated,
    ScenarioRowAdded,
    ScenarioDeleted,
    ReceivableCreated,
    ReceivableEntryRecorded,
    LoanGroupCreated,
    LoanGroupLinked,
    LoanGroupUnlinked,
    StatementImported,
    AccountsSuggested,
)
