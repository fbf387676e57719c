"""Tables of the finance domain (prefixed finance_): ledger, transactions, trial balance,
money schedules, receivables and loan groups.

Money is ``Numeric(14, 2)`` in the database and ``Decimal`` in Python, never float.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lifeos_core.database import Base, TimestampMixin, utcnow
from lifeos_core.database.inferred import InferredRecordMixin

Money = sa.Numeric(14, 2)

ACCOUNT_TYPES = ("asset", "liability", "equity", "income", "expense")
RECURRENCES = ("once", "weekly", "monthly")
SCENARIO_ACTIONS = ("add", "override", "remove")


def _user_fk() -> Mapped[int]:
    return mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))


# --- chart of accounts ----------------------------------------------------------------------


class AccountCategory(TimestampMixin, Base):
    __tablename__ = "finance_account_category"
    __table_args__ = (sa.UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str | None] = mapped_column(sa.Text)


class Account(TimestampMixin, Base):
    __tablename__ = "finance_account"
    __table_args__ = (
        sa.Index(None, "user_id", "account_type"),
        sa.UniqueConstraint("user_id", "normalized_name"),
        sa.CheckConstraint(
            "account_type IN ('asset', 'liability', 'equity', 'income', 'expense')",
            name="account_type",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("finance_account_category.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    # Lower case, accents folded, punctuation as spaces: what search and uniqueness compare.
    normalized_name: Mapped[str] = mapped_column(sa.String(200))
    account_type: Mapped[str] = mapped_column(sa.String(16))
    subtype: Mapped[str | None] = mapped_column(sa.String(32))
    description: Mapped[str | None] = mapped_column(sa.Text)
    is_active: Mapped[bool] = mapped_column(default=True)


# --- double-entry ledger --------------------------------------------------------------------


class JournalEntry(Base):
    __tablename__ = "finance_journal_entry"
    __table_args__ = (sa.Index(None, "user_id", "entry_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    entry_date: Mapped[date]
    description: Mapped[str] = mapped_column(sa.String(500))
    reference: Mapped[str | None] = mapped_column(sa.String(120))
    # manual (typed in as an entry) or transaction (posted by a transaction)
    origin: Mapped[str] = mapped_column(sa.String(16), default="manual")
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)


class JournalLine(Base):
    __tablename__ = "finance_journal_line"
    __table_args__ = (
        sa.Index(None, "user_id", "account_id"),
        sa.CheckConstraint(
            "(debit > 0 AND credit = 0) OR (credit > 0 AND debit = 0)", name="one_side"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("finance_journal_entry.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("finance_account.id"))
    debit: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    credit: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    memo: Mapped[str | None] = mapped_column(sa.String(500))


class Transaction(InferredRecordMixin, TimestampMixin, Base):
    """A movement of money on a payment account (bank, card, cash).

    ``amount`` is signed from the payment account's side: negative is money out. Once it
    counts (manual, imported or confirmed) and has a counter account, it is posted as a
    balanced journal entry and ``journal_entry_id`` points at it.
    """

    __tablename__ = "finance_transaction"
    __table_args__ = (
        sa.Index(None, "user_id", "occurred_on"),
        sa.Index(None, "user_id", "account_id"),
        sa.CheckConstraint("amount <> 0", name="amount_not_zero"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    occurred_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Money)
    description: Mapped[str] = mapped_column(sa.String(500))
    normalized_description: Mapped[str] = mapped_column(sa.String(500))
    counterparty: Mapped[str | None] = mapped_column(sa.String(200))
    # The counter account (an expense or income account, usually); None = uncategorised.
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("finance_account.id"))
    payment_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("finance_account.id"))
    journal_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("finance_journal_entry.id", ondelete="SET NULL")
    )


# --- trial balance --------------------------------------------------------------------------


class TrialBalanceSetting(TimestampMixin, Base):
    __tablename__ = "finance_trial_balance_setting"
    __table_args__ = (sa.UniqueConstraint("user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    include_zero_balances: Mapped[bool] = mapped_column(default=False)
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")


class TrialBalanceSnapshot(Base):
    """One row per account of a saved trial balance; rows of one snapshot share snapshot_id."""

    __tablename__ = "finance_trial_balance_snapshot"
    __table_args__ = (
        sa.Index(None, "user_id", "as_of"),
        sa.Index(None, "user_id", "snapshot_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    snapshot_id: Mapped[str] = mapped_column(sa.String(32))
    as_of: Mapped[date]
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("finance_account.id", ondelete="SET NULL")
    )
    account_name: Mapped[str] = mapped_column(sa.String(200))
    account_type: Mapped[str] = mapped_column(sa.String(16))
    debit: Mapped[Decimal] = mapped_column(Money)
    credit: Mapped[Decimal] = mapped_column(Money)


# --- money schedules (cash forecasting) -----------------------------------------------------


class MoneyScheduleRow(TimestampMixin, Base):
    """A planned movement on an account: once, or repeating weekly/monthly from event_date."""

    __tablename__ = "finance_money_schedule_row"
    __table_args__ = (
        sa.Index(None, "user_id", "account_id"),
        sa.Index(None, "user_id", "event_date"),
        sa.CheckConstraint("recurrence IN ('once', 'weekly', 'monthly')", name="recurrence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("finance_account.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(Money)
    event_date: Mapped[date]
    recurrence: Mapped[str] = mapped_column(sa.String(16), default="once")
    end_date: Mapped[date | None]
    memo: Mapped[str | None] = mapped_column(sa.String(500))


class MoneyScheduleScenario(TimestampMixin, Base):
    __tablename__ = "finance_money_schedule_scenario"
    __table_args__ = (sa.UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str | None] = mapped_column(sa.Text)


class MoneyScheduleScenarioRow(Base):
    """A what-if change: add a row, or override or remove one of the base rows."""

    __tablename__ = "finance_money_schedule_scenario_row"
    __table_args__ = (
        sa.Index(None, "user_id", "scenario_id"),
        sa.CheckConstraint("action IN ('add', 'override', 'remove')", name="action"),
        sa.CheckConstraint(
            "recurrence IS NULL OR recurrence IN ('once', 'weekly', 'monthly')", name="recurrence"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    scenario_id: Mapped[int] = mapped_column(
        sa.ForeignKey("finance_money_schedule_scenario.id", ondelete="CASCADE")
    )
    action: Mapped[str] = mapped_column(sa.String(16))
    base_row_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("finance_money_schedule_row.id", ondelete="CASCADE")
    )
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("finance_account.id", ondelete="CASCADE")
    )
    amount: Mapped[Decimal | None] = mapped_column(Money)
    event_date: Mapped[date | None]
    recurrence: Mapped[str | None] = mapped_column(sa.String(16))
    end_date: Mapped[date | None]
    memo: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MoneyScheduleDailyBalance(Base):
    """The projected end-of-day balance of an account (per scenario; NULL = the base plan)."""

    __tablename__ = "finance_money_schedule_daily_balance"
    __table_args__ = (
        # Named by hand: the conventional name would pass PostgreSQL's 63-character limit.
        sa.Index(
            "ix_finance_money_schedule_daily_balance_lookup",
            "user_id",
            "account_id",
            "scenario_id",
            "balance_date",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("finance_account.id", ondelete="CASCADE"))
    scenario_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("finance_money_schedule_scenario.id", ondelete="CASCADE")
    )
    balance_date: Mapped[date]
    net_flow: Mapped[Decimal] = mapped_column(Money)
    balance: Mapped[Decimal] = mapped_column(Money)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- receivables and loan groups ------------------------------------------------------------


class ReceivableTracker(TimestampMixin, Base):
    """Money someone owes the owner: the principal less the entries recorded against it."""

    __tablename__ = "finance_receivable_tracker"
    __table_args__ = (
        sa.Index(None, "user_id", "due_date"),
        sa.CheckConstraint("principal > 0", name="principal_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    counterparty: Mapped[str] = mapped_column(sa.String(200))
    principal: Mapped[Decimal] = mapped_column(Money)
    start_date: Mapped[date]
    due_date: Mapped[date | None]
    memo: Mapped[str | None] = mapped_column(sa.String(500))


class ReceivableManualEntry(Base):
    __tablename__ = "finance_receivable_manual_entry"
    __table_args__ = (
        sa.Index(None, "user_id", "tracker_id"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    tracker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("finance_receivable_tracker.id", ondelete="CASCADE")
    )
    entry_date: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Money)
    memo: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoanGroup(TimestampMixin, Base):
    __tablename__ = "finance_loan_group"
    __table_args__ = (sa.UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(sa.String(120))
    memo: Mapped[str | None] = mapped_column(sa.String(500))


class LoanGroupLink(Base):
    __tablename__ = "finance_loan_group_link"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "tracker_id"),
        sa.Index(None, "user_id", "tracker_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _user_fk()
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("finance_loan_group.id", ondelete="CASCADE")
    )
    tracker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("finance_receivable_tracker.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
