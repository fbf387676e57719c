"""The ledger by hand and by inference, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.errors import Conflict, InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.finance import service as finance
from lifeos_core.finance.models import JournalEntry, JournalLine

NOV = date(2026, 11, 1)


@dataclass
class Books:
    checking: object
    visa: object
    salary: object
    groceries: object
    rent: object
    equity: object


@pytest.fixture
def books(runtime, owner) -> Books:
    with runtime.uow() as uow:
        living = finance.create_category(uow, owner, name="Living")
        books = Books(
            checking=finance.create_account(
                uow, owner, name="Girokonto", account_type="asset", subtype="bank"
            ),
            visa=finance.create_account(
                uow, owner, name="Visa", account_type="liability", subtype="credit_card"
            ),
            salary=finance.create_account(
                uow, owner, name="Salary", account_type="income", subtype="salary"
            ),
            groceries=finance.create_account(
                uow,
                owner,
                name="Groceries & Café",
                account_type="expense",
                subtype="groceries",
                category_id=living.id,
            ),  # fmt: skip
            rent=finance.create_account(
                uow, owner, name="Rent", account_type="expense", subtype="housing"
            ),
            equity=finance.create_account(
                uow, owner, name="Opening balance", account_type="equity"
            ),
        )
        uow.commit()
    return books


def spend(runtime, actor, books, amount: str, description: str, day: int = 3, account=None):
    with runtime.uow() as uow:
        transaction = finance.create_transaction(
            uow, actor, occurred_on=NOV.replace(day=day), amount=Decimal(amount),
            description=description, account_id=(account or books.groceries).id,
            payment_account_id=books.checking.id,
        )  # fmt: skip
        uow.commit()
    return transaction


def finance_events(runtime) -> list[str]:
    with runtime.uow() as uow:
        return list(
            uow.session.scalars(
                sa.select(EventRecord.event_type)
                .where(EventRecord.event_type.like("finance.%"))
                .order_by(EventRecord.id)
            )
        )


def ledger_row_counts(runtime) -> tuple[int, int]:
    with runtime.uow() as uow:
        return (
            uow.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)),
            uow.session.scalar(sa.select(sa.func.count()).select_from(JournalLine)),
        )


def test_refuses_an_unbalanced_journal_entry_naming_the_difference(runtime, owner, books):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as refused:
        finance.post_journal_entry(
            uow, owner, entry_date=NOV, description="Opening balances",
            lines=[
                {"account_id": books.checking.id, "debit": "1500.00"},
                {"account_id": books.equity.id, "credit": "1450.25"},
            ],
        )  # fmt: skip
        uow.commit()
    assert "differ by 49.75" in str(refused.value)
    assert "lines" in refused.value.fields
    assert ledger_row_counts(runtime) == (0, 0)
    assert "finance.journal.posted" not in finance_events(runtime)


def test_a_balanced_entry_is_posted_with_its_totals(runtime, owner, books):
    with runtime.uow() as uow:
        entry = finance.post_journal_entry(
            uow, owner, entry_date=NOV, description="Opening balances",
            lines=[
                {"account_id": books.checking.id, "debit": "1500.00"},
                {"account_id": books.visa.id, "credit": "200.00"},
                {"account_id": books.equity.id, "credit": "1300.00"},
            ],
        )  # fmt: skip
        uow.commit()
    assert (entry.debit_total, entry.credit_total, len(entry.lines)) == (
        Decimal("1500.00"),
        Decimal("1500.00"),
        3,
    )
    with runtime.uow() as uow:
        assert finance.get_journal_entry(uow, owner, entry.id) == entry
    assert finance_events(runtime)[-1] == "finance.journal.posted"


def test_a_line_must_be_a_debit_or_a_credit(runtime, owner, books):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as refused:
        finance.post_journal_entry(
            uow, owner, entry_date=NOV, description="Both sides",
            lines=[
                {"account_id": books.checking.id, "debit": "10", "credit": "10"},
                {"account_id": books.equity.id, "credit": "0"},
            ],
        )  # fmt: skip
    assert "lines.0" in refused.value.fields


def test_trial_balance_balances_after_several_transactions(runtime, owner, books):
    with runtime.uow() as uow:
        finance.post_journal_entry(
            uow, owner, entry_date=NOV, description="Opening balances",
            lines=[
                {"account_id": books.checking.id, "debit": "1000.00"},
                {"account_id": books.equity.id, "credit": "1000.00"},
            ],
        )  # fmt: skip
        uow.commit()
    spend(runtime, owner, books, "2750.00", "November salary", day=1, account=books.salary)
    spend(runtime, owner, books, "-950.00", "Rent November", day=2, account=books.rent)
    spend(runtime, owner, books, "-64.37", "REWE Markt")
    spend(runtime, owner, books, "-12.80", "Bäckerei Müller", day=4)

    with runtime.uow() as uow:
        balance = finance.trial_balance(uow, owner, as_of=date(2026, 11, 30))
        totals = finance.transaction_totals(uow, owner)
    assert balance.balanced
    assert balance.debit_total == balance.credit_total == Decimal("3750.00")
    by_name = {line.account_name: (line.debit, line.credit) for line in balance.lines}
    assert by_name["Girokonto"] == (Decimal("2722.83"), Decimal("0.00"))
    assert by_name["Groceries & Café"] == (Decimal("77.17"), Decimal("0.00"))
    assert by_name["Salary"] == (Decimal("0.00"), Decimal("2750.00"))
    assert "Visa" not in by_name  # nothing posted, and zero balances are hidden by default
    assert (totals.money_in, totals.money_out, totals.count) == (
        Decimal("2750.00"),
        Decimal("1027.17"),
        4,
    )


def test_a_snapshot_keeps_the_trial_balance_as_it_was(runtime, owner, books):
    spend(runtime, owner, books, "-40.00", "REWE Markt")
    with runtime.uow() as uow:
        snapshot = finance.snapshot_trial_balance(uow, owner, as_of=date(2026, 11, 30))
        uow.commit()
    spend(runtime, owner, books, "-10.00", "Kiosk")
    with runtime.uow() as uow:
        saved = finance.get_trial_balance_snapshot(uow, owner, snapshot.snapshot_id)
        assert [s.snapshot_id for s in finance.list_trial_balance_snapshots(uow, owner)] == [
            snapshot.snapshot_id
        ]
        now = finance.trial_balance(uow, owner, as_of=date(2026, 11, 30))
    assert saved.debit_total == saved.credit_total == Decimal("40.00")
    assert now.debit_total == Decimal("50.00")
    assert finance_events(runtime).count("finance.trial_balance.snapshotted") == 1


def test_zero_balance_accounts_show_when_the_setting_says_so(runtime, owner, books):
    spend(runtime, owner, books, "-40.00", "REWE Markt")
    with runtime.uow() as uow:
        finance.update_trial_balance_settings(uow, owner, include_zero_balances=True)
        uow.commit()
    with runtime.uow() as uow:
        names = [ln.account_name for ln in finance.trial_balance(uow, owner, as_of=NOV).lines]
    assert "Visa" in names and "Rent" in names


def test_unconfirmed_inferred_transactions_stay_out_of_totals_and_the_ledger(runtime, owner, books):
    spend(runtime, owner, books, "-20.00", "REWE Markt")
    with runtime.uow() as uow:
        event = calendar.create_event(
            uow, owner, title="Dinner at Lupa €45", start_time=datetime(2026, 11, 5, 19, tzinfo=UTC)
        )
        inferred = finance.record_inferred_transaction(
            uow, owner, amount="45.00", description="Dinner at Lupa", occurred_on=date(2026, 11, 5),
            calendar_event_id=event.id, confidence=0.9, status="inferred", model_version="rules-1",
            account_id=books.groceries.id, payment_account_id=books.checking.id,
            structure={"amount": "45.00", "currency": "EUR"},
        )  # fmt: skip
        uow.commit()
    assert inferred.amount == Decimal("-45.00") and not inferred.is_posted
    with runtime.uow() as uow:
        assert finance.trial_balance(uow, owner, as_of=NOV.replace(day=30)).debit_total == 20
        assert finance.transaction_totals(uow, owner).money_out == Decimal("20.00")
        listed = finance.list_transactions(uow, owner)
        assert [(t.description, t.inferred_status, t.confidence_score) for t in listed][0] == (
            "Dinner at Lupa",
            "inferred",
            0.9,
        )
        assert len(finance.list_transactions(uow, owner, include_unconfirmed=False)) == 1

        finance.set_transaction_inferred_status(uow, owner, inferred.id, "confirmed")
        uow.commit()
    with runtime.uow() as uow:
        assert finance.trial_balance(uow, owner, as_of=NOV.replace(day=30)).debit_total == 65
        finance.set_transaction_inferred_status(uow, owner, inferred.id, "rejected")
        uow.commit()
    with runtime.uow() as uow:
        balance = finance.trial_balance(uow, owner, as_of=NOV.replace(day=30))
        assert balance.debit_total == balance.credit_total == 20
        assert [t.description for t in finance.list_transactions(uow, owner)] == ["REWE Markt"]
    events = finance_events(runtime)
    assert "finance.transaction.inferred" in events
    assert events[-1] == "finance.journal.unposted"


def test_an_uncategorised_transaction_posts_once_it_gets_an_account(runtime, owner, books):
    with runtime.uow() as uow:
        loose = finance.create_transaction(
            uow, owner, occurred_on=NOV, amount="-9.99", description="Netflix",
            payment_account_id=books.visa.id,
        )  # fmt: skip
        uow.commit()
    assert not loose.is_posted
    with runtime.uow() as uow:
        posted = finance.categorise_transaction(uow, owner, loose.id, account_id=books.rent.id)
        uow.commit()
    with runtime.uow() as uow:
        entry = finance.get_journal_entry(uow, owner, posted.journal_entry_id)
        sides = {(ln.account_id, ln.debit, ln.credit) for ln in entry.lines}
    assert sides == {
        (books.rent.id, Decimal("9.99"), Decimal("0.00")),
        (books.visa.id, Decimal("0.00"), Decimal("9.99")),
    }


def test_accounts_are_found_ignoring_case_accents_and_punctuation(runtime, owner, books):
    with runtime.uow() as uow:
        assert [a.name for a in finance.search_accounts(uow, owner, "cafe")] == ["Groceries & Café"]
        assert [a.name for a in finance.search_accounts(uow, owner, "GROCERIES CAFÉ")] == [
            "Groceries & Café"
        ]
        assert finance.search_accounts(uow, owner, "%") == []
    with runtime.uow() as uow, pytest.raises(Conflict, match="already have an account"):
        finance.create_account(uow, owner, name="groceries cafe", account_type="expense")


def test_bad_input_names_the_field_and_writes_nothing(runtime, owner, books):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        finance.create_account(uow, owner, name="Savings", account_type="asset", subtype="loan")
    assert "subtype" in bad.value.fields
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        finance.create_account(uow, owner, name="Savings", account_type="treasure")
    assert "account_type" in bad.value.fields
    with pytest.raises(InvalidInput) as bad:
        spend(runtime, owner, books, "-1.005", "Fractions of a cent")
    assert "amount" in bad.value.fields
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        finance.create_transaction(
            uow, owner, occurred_on=NOV, amount="-5", description="Paid from salary",
            account_id=books.rent.id, payment_account_id=books.salary.id,
        )  # fmt: skip
    assert "payment_account_id" in bad.value.fields
    with runtime.uow() as uow:
        assert finance.list_transactions(uow, owner) == []
        assert len(finance.list_accounts(uow, owner)) == 6


def test_another_user_cannot_touch_the_books(runtime, owner, books, make_user):
    groceries = spend(runtime, owner, books, "-40.00", "REWE Markt")
    with runtime.uow() as uow:
        snapshot = finance.snapshot_trial_balance(uow, owner, as_of=date(2026, 11, 30))
        tracker = finance.create_receivable(
            uow, owner, counterparty="Ben", principal="100", start_date=NOV
        )
        row = finance.create_schedule_row(
            uow, owner, account_id=books.checking.id, amount="-950", event_date=NOV,
            recurrence="monthly",
        )  # fmt: skip
        scenario = finance.create_scenario(uow, owner, name="Pay rise")
        group = finance.create_loan_group(uow, owner, name="Family")
        uow.commit()
    mallory = make_user("mallory@example.com")
    with runtime.uow() as uow:
        own = finance.create_account(uow, mallory, name="Mine", account_type="asset")
        assert [a.name for a in finance.list_accounts(uow, mallory)] == ["Mine"]
        assert finance.list_transactions(uow, mallory) == []
        assert finance.list_journal_entries(uow, mallory) == []
        assert finance.trial_balance(uow, mallory).lines == []
        assert finance.list_trial_balance_snapshots(uow, mallory) == []
        assert finance.list_receivables(uow, mallory) == []
        assert finance.list_schedule_rows(uow, mallory) == []
        assert finance.list_scenarios(uow, mallory) == []
        assert finance.list_loan_groups(uow, mallory) == []
        assert finance.search_accounts(uow, mallory, "rewe") == []
        assert finance.suggest_accounts(uow, mallory, description="REWE").suggestions == []
        for attempt in (
            lambda: finance.get_account(uow, mallory, books.checking.id),
            lambda: finance.update_account(uow, mallory, books.checking.id, name="Stolen"),
            lambda: finance.get_transaction(uow, mallory, groceries.id),
            lambda: finance.delete_transaction(uow, mallory, groceries.id),
            lambda: finance.categorise_transaction(uow, mallory, groceries.id, account_id=own.id),
            lambda: finance.set_transaction_inferred_status(uow, mallory, groceries.id, "rejected"),
            lambda: finance.get_journal_entry(uow, mallory, groceries.journal_entry_id),
            lambda: finance.get_trial_balance_snapshot(uow, mallory, snapshot.snapshot_id),
            lambda: finance.create_transaction(
                uow,
                mallory,
                occurred_on=NOV,
                amount="-1",
                description="x",
                account_id=books.groceries.id,
                payment_account_id=own.id,
            ),  # fmt: skip
            lambda: finance.post_journal_entry(
                uow,
                mallory,
                entry_date=NOV,
                description="x",
                lines=[
                    {"account_id": own.id, "debit": "1"},
                    {"account_id": books.equity.id, "credit": "1"},
                ],
            ),  # fmt: skip
            lambda: finance.get_receivable(uow, mallory, tracker.id),
            lambda: finance.record_receivable_entry(
                uow, mallory, tracker_id=tracker.id, amount="10", entry_date=NOV
            ),
            lambda: finance.list_receivable_entries(uow, mallory, tracker.id),
            lambda: finance.update_schedule_row(uow, mallory, row.id, amount="-1"),
            lambda: finance.delete_schedule_row(uow, mallory, row.id),
            lambda: finance.recompute_schedule(
                uow, mallory, account_id=books.checking.id, start=NOV, days=5
            ),
            lambda: finance.get_forecast(uow, mallory, account_id=books.checking.id),
            lambda: finance.add_scenario_row(
                uow, mallory, scenario.id, action="remove", base_row_id=row.id
            ),
            lambda: finance.delete_scenario(uow, mallory, scenario.id),
            lambda: finance.link_receivable(uow, mallory, group_id=group.id, tracker_id=tracker.id),
            lambda: finance.import_bank_statement(
                uow, mallory, payment_account_id=books.checking.id, content="2026-11-01;x;-1"
            ),
        ):
            with pytest.raises(NotFound):
                attempt()
        uow.commit()
    with runtime.uow() as uow:
        assert finance.get_account(uow, owner, books.checking.id).name == "Girokonto"
        assert finance.get_transaction(uow, owner, groceries.id).is_posted
        assert finance.get_receivable(uow, owner, tracker.id).outstanding == Decimal("100.00")
        assert len(finance.list_schedule_rows(uow, owner)) == 1
        assert len(finance.list_scenarios(uow, owner)) == 1
