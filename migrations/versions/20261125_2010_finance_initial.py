"""finance initial: accounts, ledger, transactions, trial balance, schedules, receivables

Revision ID: 20261125_2010
Revises: 20261125_2000
Create Date: 2026-11-25 20:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lifeos_core.database.types

revision: str = "20261125_2010"
down_revision: str | None = "20261125_2000"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "finance_account_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_account_category_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_account_category")),
        sa.UniqueConstraint(
            "user_id", "name", name=op.f("uq_finance_account_category_user_id_name")
        ),
    )
    op.create_table(
        "finance_journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column(
            "posted_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_journal_entry_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_journal_entry")),
    )
    with op.batch_alter_table("finance_journal_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_journal_entry_user_id_entry_date"),
            ["user_id", "entry_date"],
            unique=False,
        )

    op.create_table(
        "finance_loan_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("memo", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_loan_group_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_loan_group")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_finance_loan_group_user_id_name")),
    )
    op.create_table(
        "finance_money_schedule_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_money_schedule_scenario_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_money_schedule_scenario")),
        sa.UniqueConstraint(
            "user_id", "name", name=op.f("uq_finance_money_schedule_scenario_user_id_name")
        ),
    )
    op.create_table(
        "finance_receivable_tracker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("counterparty", sa.String(length=200), nullable=False),
        sa.Column("principal", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("memo", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "principal > 0", name=op.f("ck_finance_receivable_tracker_principal_positive")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_receivable_tracker_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_receivable_tracker")),
    )
    with op.batch_alter_table("finance_receivable_tracker", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_receivable_tracker_user_id_due_date"),
            ["user_id", "due_date"],
            unique=False,
        )

    op.create_table(
        "finance_trial_balance_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("include_zero_balances", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_trial_balance_setting_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_trial_balance_setting")),
        sa.UniqueConstraint("user_id", name=op.f("uq_finance_trial_balance_setting_user_id")),
    )
    op.create_table(
        "finance_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("normalized_name", sa.String(length=200), nullable=False),
        sa.Column("account_type", sa.String(length=16), nullable=False),
        sa.Column("subtype", sa.String(length=32), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "account_type IN ('asset', 'liability', 'equity', 'income', 'expense')",
            name=op.f("ck_finance_account_account_type"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["finance_account_category.id"],
            name=op.f("fk_finance_account_category_id_finance_account_category"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_account_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_account")),
        sa.UniqueConstraint(
            "user_id", "normalized_name", name=op.f("uq_finance_account_user_id_normalized_name")
        ),
    )
    with op.batch_alter_table("finance_account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_account_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_finance_account_user_id_account_type"),
            ["user_id", "account_type"],
            unique=False,
        )

    op.create_table(
        "finance_loan_group_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("tracker_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["finance_loan_group.id"],
            name=op.f("fk_finance_loan_group_link_group_id_finance_loan_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tracker_id"],
            ["finance_receivable_tracker.id"],
            name=op.f("fk_finance_loan_group_link_tracker_id_finance_receivable_tracker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_loan_group_link_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_loan_group_link")),
        sa.UniqueConstraint(
            "group_id", "tracker_id", name=op.f("uq_finance_loan_group_link_group_id_tracker_id")
        ),
    )
    with op.batch_alter_table("finance_loan_group_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_loan_group_link_user_id_tracker_id"),
            ["user_id", "tracker_id"],
            unique=False,
        )

    op.create_table(
        "finance_receivable_manual_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tracker_id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("memo", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "amount > 0", name=op.f("ck_finance_receivable_manual_entry_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["tracker_id"],
            ["finance_receivable_tracker.id"],
            name=op.f("fk_finance_receivable_manual_entry_tracker_id_finance_receivable_tracker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_receivable_manual_entry_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_receivable_manual_entry")),
    )
    with op.batch_alter_table("finance_receivable_manual_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_receivable_manual_entry_user_id_tracker_id"),
            ["user_id", "tracker_id"],
            unique=False,
        )

    op.create_table(
        "finance_journal_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("debit", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("credit", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("memo", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "(debit > 0 AND credit = 0) OR (credit > 0 AND debit = 0)",
            name=op.f("ck_finance_journal_line_one_side"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["finance_account.id"],
            name=op.f("fk_finance_journal_line_account_id_finance_account"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["finance_journal_entry.id"],
            name=op.f("fk_finance_journal_line_entry_id_finance_journal_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_journal_line_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_journal_line")),
    )
    with op.batch_alter_table("finance_journal_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_journal_line_entry_id"), ["entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_finance_journal_line_user_id_account_id"),
            ["user_id", "account_id"],
            unique=False,
        )

    op.create_table(
        "finance_money_schedule_daily_balance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=True),
        sa.Column("balance_date", sa.Date(), nullable=False),
        sa.Column("net_flow", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("balance", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "computed_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["finance_account.id"],
            name=op.f("fk_finance_money_schedule_daily_balance_account_id_finance_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["finance_money_schedule_scenario.id"],
            name=op.f(
                "fk_finance_money_schedule_daily_balance_scenario_id_finance_money_schedule_scenario"
            ),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_money_schedule_daily_balance_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_money_schedule_daily_balance")),
    )
    with op.batch_alter_table("finance_money_schedule_daily_balance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_finance_money_schedule_daily_balance_lookup",
            ["user_id", "account_id", "scenario_id", "balance_date"],
            unique=False,
        )

    op.create_table(
        "finance_money_schedule_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("recurrence", sa.String(length=16), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("memo", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "recurrence IN ('once', 'weekly', 'monthly')",
            name=op.f("ck_finance_money_schedule_row_recurrence"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["finance_account.id"],
            name=op.f("fk_finance_money_schedule_row_account_id_finance_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_money_schedule_row_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_money_schedule_row")),
    )
    with op.batch_alter_table("finance_money_schedule_row", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_money_schedule_row_user_id_account_id"),
            ["user_id", "account_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_finance_money_schedule_row_user_id_event_date"),
            ["user_id", "event_date"],
            unique=False,
        )

    op.create_table(
        "finance_transaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("normalized_description", sa.String(length=500), nullable=False),
        sa.Column("counterparty", sa.String(length=200), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("payment_account_id", sa.Integer(), nullable=True),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confidence_score", sa.Double(), nullable=True),
        sa.Column("inferred_status", sa.String(length=16), nullable=True),
        sa.Column("calendar_event_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_finance_transaction_amount_not_zero")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["finance_account.id"],
            name=op.f("fk_finance_transaction_account_id_finance_account"),
        ),
        sa.ForeignKeyConstraint(
            ["calendar_event_id"],
            ["calendar_event.id"],
            name=op.f("fk_finance_transaction_calendar_event_id_calendar_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["finance_journal_entry.id"],
            name=op.f("fk_finance_transaction_journal_entry_id_finance_journal_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payment_account_id"],
            ["finance_account.id"],
            name=op.f("fk_finance_transaction_payment_account_id_finance_account"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_transaction_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_transaction")),
    )
    with op.batch_alter_table("finance_transaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_transaction_calendar_event_id"),
            ["calendar_event_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_finance_transaction_user_id_account_id"),
            ["user_id", "account_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_finance_transaction_user_id_occurred_on"),
            ["user_id", "occurred_on"],
            unique=False,
        )

    op.create_table(
        "finance_trial_balance_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.String(length=32), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "taken_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("account_name", sa.String(length=200), nullable=False),
        sa.Column("account_type", sa.String(length=16), nullable=False),
        sa.Column("debit", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("credit", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["finance_account.id"],
            name=op.f("fk_finance_trial_balance_snapshot_account_id_finance_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_trial_balance_snapshot_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_trial_balance_snapshot")),
    )
    with op.batch_alter_table("finance_trial_balance_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_trial_balance_snapshot_user_id_as_of"),
            ["user_id", "as_of"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_finance_trial_balance_snapshot_user_id_snapshot_id"),
            ["user_id", "snapshot_id"],
            unique=False,
        )

    op.create_table(
        "finance_money_schedule_scenario_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("base_row_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("recurrence", sa.String(length=16), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("memo", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at", lifeos_core.database.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "action IN ('add', 'override', 'remove')",
            name=op.f("ck_finance_money_schedule_scenario_row_action"),
        ),
        sa.CheckConstraint(
            "recurrence IS NULL OR recurrence IN ('once', 'weekly', 'monthly')",
            name=op.f("ck_finance_money_schedule_scenario_row_recurrence"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["finance_account.id"],
            name=op.f("fk_finance_money_schedule_scenario_row_account_id_finance_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["base_row_id"],
            ["finance_money_schedule_row.id"],
            name=op.f(
                "fk_finance_money_schedule_scenario_row_base_row_id_finance_money_schedule_row"
            ),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["finance_money_schedule_scenario.id"],
            name=op.f(
                "fk_finance_money_schedule_scenario_row_scenario_id_finance_money_schedule_scenario"
            ),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_finance_money_schedule_scenario_row_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_money_schedule_scenario_row")),
    )
    with op.batch_alter_table("finance_money_schedule_scenario_row", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_money_schedule_scenario_row_user_id_scenario_id"),
            ["user_id", "scenario_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("finance_money_schedule_scenario_row", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_finance_money_schedule_scenario_row_user_id_scenario_id")
        )

    op.drop_table("finance_money_schedule_scenario_row")
    with op.batch_alter_table("finance_trial_balance_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_trial_balance_snapshot_user_id_snapshot_id"))
        batch_op.drop_index(batch_op.f("ix_finance_trial_balance_snapshot_user_id_as_of"))

    op.drop_table("finance_trial_balance_snapshot")
    with op.batch_alter_table("finance_transaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_transaction_user_id_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_finance_transaction_user_id_account_id"))
        batch_op.drop_index(batch_op.f("ix_finance_transaction_calendar_event_id"))

    op.drop_table("finance_transaction")
    with op.batch_alter_table("finance_money_schedule_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_money_schedule_row_user_id_event_date"))
        batch_op.drop_index(batch_op.f("ix_finance_money_schedule_row_user_id_account_id"))

    op.drop_table("finance_money_schedule_row")
    with op.batch_alter_table("finance_money_schedule_daily_balance", schema=None) as batch_op:
        batch_op.drop_index("ix_finance_money_schedule_daily_balance_lookup")

    op.drop_table("finance_money_schedule_daily_balance")
    with op.batch_alter_table("finance_journal_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_journal_line_user_id_account_id"))
        batch_op.drop_index(batch_op.f("ix_finance_journal_line_entry_id"))

    op.drop_table("finance_journal_line")
    with op.batch_alter_table("finance_receivable_manual_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_receivable_manual_entry_user_id_tracker_id"))

    op.drop_table("finance_receivable_manual_entry")
    with op.batch_alter_table("finance_loan_group_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_loan_group_link_user_id_tracker_id"))

    op.drop_table("finance_loan_group_link")
    with op.batch_alter_table("finance_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_account_user_id_account_type"))
        batch_op.drop_index(batch_op.f("ix_finance_account_category_id"))

    op.drop_table("finance_account")
    op.drop_table("finance_trial_balance_setting")
    with op.batch_alter_table("finance_receivable_tracker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_receivable_tracker_user_id_due_date"))

    op.drop_table("finance_receivable_tracker")
    op.drop_table("finance_money_schedule_scenario")
    op.drop_table("finance_loan_group")
    with op.batch_alter_table("finance_journal_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_journal_entry_user_id_entry_date"))

    op.drop_table("finance_journal_entry")
    op.drop_table("finance_account_category")
