"""Finance services: the one place pages, the interpreter and pipelines call.

Every function takes the acting user and touches only that user's rows; an id that belongs
to someone else behaves exactly like an id that does not exist. The work is split by
concern (ledger, schedules, receivables, importing, suggester); this module gathers it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.finance.importing import import_bank_statement
from lifeos_core.finance.ledger import (
    account_balances,
    categorise_transaction,
    create_account,
    create_category,
    create_transaction,
    delete_transaction,
    get_account,
    get_journal_entry,
    get_transaction,
    get_trial_balance_settings,
    get_trial_balance_snapshot,
    list_accounts,
    list_categories,
    list_journal_entries,
    list_transactions,
    list_trial_balance_snapshots,
    post_journal_entry,
    record_inferred_transaction,
    search_accounts,
    set_transaction_inferred_status,
    snapshot_trial_balance,
    transaction_totals,
    trial_balance,
    update_account,
    update_trial_balance_settings,
)
from lifeos_core.finance.models import Account, JournalEntry, JournalLine, Transaction
from lifeos_core.finance.receivables import (
    create_loan_group,
    create_receivable,
    get_receivable,
    link_receivable,
    list_loan_groups,
    list_receivable_entries,
    list_receivables,
    receivables_due,
    record_receivable_entry,
    unlink_receivable,
)
from lifeos_core.finance.schedules import (
    add_scenario_row,
    create_scenario,
    create_schedule_row,
    delete_scenario,
    delete_schedule_row,
    get_forecast,
    list_scenario_rows,
    list_scenarios,
    list_schedule_rows,
    recompute_schedule,
    update_schedule_row,
)
from lifeos_core.finance.suggester import suggest_accounts
from lifeos_core.unit_of_work import UnitOfWork

__all__ = [
    "account_balances",
    "add_scenario_row",
    "categorise_transaction",
    "counted_transactions",
    "create_account",
    "create_category",
    "create_loan_group",
    "create_receivable",
    "create_scenario",
    "create_schedule_row",
    "create_transaction",
    "delete_scenario",
    "delete_schedule_row",
    "delete_transaction",
    "export_ledger_lines",
    "export_transactions",
    "get_account",
    "get_forecast",
    "get_journal_entry",
    "get_receivable",
    "get_transaction",
    "get_trial_balance_settings",
    "get_trial_balance_snapshot",
    "import_bank_statement",
    "link_receivable",
    "list_accounts",
    "list_categories",
    "list_journal_entries",
    "list_loan_groups",
    "list_receivable_entries",
    "list_receivables",
    "list_scenario_rows",
    "list_scenarios",
    "list_schedule_rows",
    "list_transactions",
    "list_trial_balance_snapshots",
    "post_journal_entry",
    "receivables_due",
    "recompute_schedule",
    "record_inferred_transaction",
    "record_receivable_entry",
    "search_accounts",
    "set_transaction_inferred_status",
    "snapshot_trial_balance",
    "suggest_accounts",
    "transaction_totals",
    "trial_balance",
    "unlink_receivable",
    "update_account",
    "update_schedule_row",
    "update_trial_balance_settings",
]


# --- bulk reads for the analytics read model (lifeos_core.analytics) ------------------------
# Pure reads: plain dicts in batches, so a million rows never sit in memory as objects.

EXPORT_BATCH_SIZE = 20_000


def export_transactions(
    uow: UnitOfWork, actor: Actor, *, changed_since: datetime | None = None
) -> Iterator[list[dict[str, Any]]]:
    """The actor's transactions of every status, changed at or after ``changed_since`` (all
    of them when None), oldest id first, in batches."""
    query = sa.select(
        Transaction.id,
        Transaction.occurred_on,
        Transaction.amount,
        Transaction.description,
        Transaction.counterparty,
        Transaction.account_id,
        Transaction.payment_account_id,
        Transaction.source,
        Transaction.inferred_status,
        Transaction.calendar_event_id,
        Transaction.updated_at,
    ).where(Transaction.user_id == actor.user_id)
    if changed_since is not None:
        query = query.where(Transaction.updated_at >= changed_since)
    yield from _export_batches(uow, query.order_by(Transaction.id))


def export_ledger_lines(
    uow: UnitOfWork, actor: Actor, *, posted_since: datetime | None = None
) -> Iterator[list[dict[str, Any]]]:
    """The lines of the actor's journal entries posted at or after ``posted_since`` (all when
    None), with their entry's date, in batches. Entries are never edited, only removed."""
    query = (
        sa.select(
            JournalLine.id,
            JournalLine.entry_id,
            JournalEntry.entry_date,
            JournalLine.account_id,
            JournalLine.debit,
            JournalLine.credit,
            JournalEntry.posted_at,
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(JournalLine.user_id == actor.user_id, JournalEntry.user_id == actor.user_id)
    )
    if posted_since is not None:
        query = query.where(JournalEntry.posted_at >= posted_since)
    yield from _export_batches(uow, query.order_by(JournalLine.id))


def _export_batches(uow: UnitOfWork, query: sa.Select) -> Iterator[list[dict[str, Any]]]:
    result = uow.session.execute(query.execution_options(yield_per=EXPORT_BATCH_SIZE))
    for rows in result.mappings().partitions():
        yield [dict(row) for row in rows]


# --- bulk reads for the insights engine (lifeos_core.insights) ------------------------------
# Pure reads, one query each, so insight rules work set-based over a window of history.


def counted_transactions(
    uow: UnitOfWork,
    actor: Actor,
    *,
    ids: Sequence[int] | None = None,
    account_ids: Sequence[int | None] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[sa.Row]:
    """Transactions that count (manual, imported, confirmed), oldest first (date, then id),
    as rows ``(id, occurred_on, amount, account_id, account_name, description)``.

    Every given filter applies; ``account_ids`` may hold None for uncategorised ones, and
    ``start``/``end`` are inclusive dates.
    """
    query = (
        sa.select(
            Transaction.id,
            Transaction.occurred_on,
            Transaction.amount,
            Transaction.account_id,
            Account.name.label("account_name"),
            Transaction.description,
        )
        .outerjoin(
            Account, sa.and_(Account.id == Transaction.account_id, Account.user_id == actor.user_id)
        )
        .where(Transaction.user_id == actor.user_id, counts_toward_totals(Transaction))
    )
    if ids is not None:
        query = query.where(Transaction.id.in_(list(ids)))
    if account_ids is not None:
        known = [a for a in account_ids if a is not None]
        matches = [Transaction.account_id.in_(known)] if known else []
        if None in account_ids:
            matches.append(Transaction.account_id.is_(None))
        query = query.where(sa.or_(*matches) if matches else sa.false())
    if start is not None:
        query = query.where(Transaction.occurred_on >= start)
    if end is not None:
        query = query.where(Transaction.occurred_on <= end)
    return list(uow.session.execute(query.order_by(Transaction.occurred_on, Transaction.id)))
