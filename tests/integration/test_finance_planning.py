"""Receivables, loan groups, money schedules, statement import and the account suggester,
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from lifeos_core.errors import InvalidInput
from lifeos_core.events.models import EventRecord
from lifeos_core.finance import service as finance
from lifeos_core.finance.models import MoneyScheduleDailyBalance

TODAY = date(2026, 11, 25)


@pytest.fixture
def accounts(runtime, owner):
    with runtime.uow() as uow:
        made = {
            name: finance.create_account(uow, owner, name=name, account_type=kind)
            for name, kind in [
                ("Girokonto", "asset"),
                ("Opening balance", "equity"),
                ("Groceries", "expense"),
                ("Transport", "expense"),
                ("Eating out", "expense"),
            ]
        }
        uow.commit()
    return made


def last_event(runtime, event_type: str) -> EventRecord:
    with runtime.uow() as uow:
        return uow.session.scalars(
            sa.select(EventRecord)
            .where(EventRecord.event_type == event_type)
            .order_by(EventRecord.id.desc())
        ).first()


# --- receivables and loan groups ------------------------------------------------------------


def test_repayments_reduce_what_is_outstanding_and_settled_loans_are_not_due(runtime, owner):
    with runtime.uow() as uow:
        ben = finance.create_receivable(
            uow, owner, counterparty="Ben", principal="300.00", start_date=date(2026, 10, 1),
            due_date=date(2026, 12, 1),
        )  # fmt: skip
        cleo = finance.create_receivable(
            uow, owner, counterparty="Cleo", principal="50.00", start_date=date(2026, 11, 1),
            due_date=date(2026, 11, 20),
        )  # fmt: skip
        finance.create_receivable(
            uow, owner, counterparty="Dana", principal="80.00", start_date=date(2026, 11, 1),
            due_date=date(2027, 3, 1),
        )  # fmt: skip
        uow.commit()
    with runtime.uow() as uow:
        finance.record_receivable_entry(
            uow, owner, tracker_id=ben.id, amount="120.50", entry_date=date(2026, 11, 10)
        )
        after = finance.record_receivable_entry(
            uow, owner, tracker_id=cleo.id, amount="50.00", entry_date=date(2026, 11, 15)
        )
        uow.commit()
    assert after.is_settled
    with runtime.uow() as uow:
        assert finance.get_receivable(uow, owner, ben.id).outstanding == Decimal("179.50")
        due = finance.receivables_due(uow, owner, within_days=7, today=TODAY)
        assert [(r.counterparty, r.outstanding) for r in due] == [("Ben", Decimal("179.50"))]
        assert len(finance.receivables_due(uow, owner, within_days=120, today=TODAY)) == 2
        open_ones = finance.list_receivables(uow, owner, include_settled=False)
        assert [r.counterparty for r in open_ones] == ["Ben", "Dana"]
    with runtime.uow() as uow, pytest.raises(InvalidInput, match="still owes") as refused:
        finance.record_receivable_entry(
            uow, owner, tracker_id=ben.id, amount="200", entry_date=TODAY
        )
    assert "amount" in refused.value.fields
    event = last_event(runtime, "finance.receivable.entry_recorded")
    assert event.payload["amount"] == "50.00" and event.payload["tracker_id"] == cleo.id


def test_a_loan_group_adds_up_its_receivables(runtime, owner):
    with runtime.uow() as uow:
        ben = finance.create_receivable(
            uow, owner, counterparty="Ben", principal="300", start_date=date(2026, 10, 1)
        )
        ada = finance.create_receivable(
            uow, owner, counterparty="Ada", principal="200", start_date=date(2026, 10, 1)
        )
        group = finance.create_loan_group(uow, owner, name="Family loans")
        finance.link_receivable(uow, owner, group_id=group.id, tracker_id=ben.id)
        finance.link_receivable(uow, owner, group_id=group.id, tracker_id=ada.id)
        finance.link_receivable(uow, owner, group_id=group.id, tracker_id=ada.id)  # once only
        finance.record_receivable_entry(
            uow, owner, tracker_id=ada.id, amount="75", entry_date=date(2026, 11, 1)
        )
        uow.commit()
    with runtime.uow() as uow:
        (family,) = finance.list_loan_groups(uow, owner)
        assert (family.principal_total, family.outstanding_total) == (
            Decimal("500.00"),
            Decimal("425.00"),
        )
        assert sorted(family.tracker_ids) == sorted([ben.id, ada.id])
        smaller = finance.unlink_receivable(uow, owner, group_id=group.id, tracker_id=ben.id)
        uow.commit()
    assert smaller.outstanding_total == Decimal("125.00")


# --- money schedules ------------------------------------------------------------------------


def test_recompute_projects_daily_balances_across_a_month_boundary(runtime, owner, accounts):
    checking = accounts["Girokonto"]
    with runtime.uow() as uow:
        finance.post_journal_entry(
            uow, owner, entry_date=date(2026, 11, 1), description="Opening",
            lines=[{"account_id": checking.id, "debit": "1000"},
                   {"account_id": accounts["Opening balance"].id, "credit": "1000"}],
        )  # fmt: skip
        rent = finance.create_schedule_row(
            uow, owner, account_id=checking.id, amount="-950.00",
            event_date=date(2026, 10, 30), recurrence="monthly", memo="Rent",
        )  # fmt: skip
        finance.create_schedule_row(
            uow, owner, account_id=checking.id, amount="2500.00",
            event_date=date(2026, 12, 1), recurrence="once", memo="Salary",
        )  # fmt: skip
        forecast = finance.recompute_schedule(
            uow, owner, account_id=checking.id, start=date(2026, 11, 28), days=5
        )
        uow.commit()
    by_day = {d.balance_date: d.balance for d in forecast.balances}
    assert forecast.opening_balance == Decimal("1000.00")
    assert by_day == {
        date(2026, 11, 28): Decimal("1000.00"),
        date(2026, 11, 29): Decimal("1000.00"),
        date(2026, 11, 30): Decimal("50.00"),  # rent on the 30th
        date(2026, 12, 1): Decimal("2550.00"),  # salary
        date(2026, 12, 2): Decimal("2550.00"),
    }
    with runtime.uow() as uow:
        scenario = finance.create_scenario(uow, owner, name="Cheaper flat")
        finance.add_scenario_row(
            uow, owner, scenario.id, action="override", base_row_id=rent.id, amount="-700.00"
        )
        finance.add_scenario_row(
            uow, owner, scenario.id, action="add", account_id=checking.id, amount="-300.00",
            event_date=date(2026, 11, 29), memo="Removal van",
        )  # fmt: skip
        cheaper = finance.recompute_schedule(
            uow, owner, account_id=checking.id, start=date(2026, 11, 28), days=5,
            scenario_id=scenario.id,
        )  # fmt: skip
        # Running it again replaces the projection rather than adding to it.
        finance.recompute_schedule(
            uow, owner, account_id=checking.id, start=date(2026, 11, 28), days=5
        )
        uow.commit()
    assert [d.balance for d in cheaper.balances][-1] == Decimal("2500.00")
    with runtime.uow() as uow:
        stored = finance.get_forecast(uow, owner, account_id=checking.id)
        rows = uow.session.scalar(sa.select(sa.func.count()).select_from(MoneyScheduleDailyBalance))
    assert stored.balances == forecast.balances
    assert rows == 10  # five days of the base plan, five of the scenario
    assert last_event(runtime, "finance.schedule.recomputed").payload["days"] == 5


def test_schedule_rows_change_and_go_with_their_events(runtime, owner, accounts):
    checking = accounts["Girokonto"]
    with runtime.uow() as uow:
        row = finance.create_schedule_row(
            uow, owner, account_id=checking.id, amount="-40", event_date=TODAY,
            recurrence="weekly",
        )  # fmt: skip
        finance.update_schedule_row(uow, owner, row.id, amount="-45", memo="Gym")
        finance.delete_schedule_row(uow, owner, row.id)
        uow.commit()
    assert last_event(runtime, "finance.schedule.updated").payload["fields"] == ["amount", "memo"]
    assert last_event(runtime, "finance.schedule.deleted").payload["row_id"] == row.id
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        finance.create_schedule_row(
            uow, owner, account_id=checking.id, amount="-5", event_date=TODAY,
            recurrence="yearly",
        )  # fmt: skip
    assert "recurrence" in bad.value.fields


# --- bank statement import ------------------------------------------------------------------

STATEMENT = """Datum;Verwendungszweck;Betrag
03.11.2026;REWE Markt Berlin;-64,37
04.11.2026;Deutsche Bahn Ticket;-29,90
04.11.2026;Deutsche Bahn Ticket;-29,90
05.11.2026;Gehalt November;2.750,00
yesterday;Kiosk;-2,50
06.11.2026;Bäckerei;abc
"""


def test_import_skips_duplicates_in_the_file_and_in_the_books(runtime, owner, accounts):
    checking = accounts["Girokonto"]
    with runtime.uow() as uow:
        finance.create_transaction(
            uow, owner, occurred_on=date(2026, 11, 3), amount="-64.37",
            description="rewe markt, berlin", payment_account_id=checking.id,
            account_id=accounts["Groceries"].id,
        )  # fmt: skip
        uow.commit()
    with runtime.uow() as uow:
        report = finance.import_bank_statement(
            uow, owner, payment_account_id=checking.id, content=STATEMENT.encode(),
            filename="november.csv",
        )  # fmt: skip
        uow.commit()
    assert [i.line for i in report.imported] == [3, 5]
    assert [(d.line, d.reason) for d in report.duplicates] == [
        (2, "already imported or entered"),
        (4, "same as line 3"),
    ]
    assert [r.line for r in report.rejected] == [6, 7]
    assert "date" in report.rejected[0].reason and "amount" in report.rejected[1].reason
    with runtime.uow() as uow:
        imported = finance.list_transactions(uow, owner, start=date(2026, 11, 4))
        assert {(t.amount, t.source, t.is_posted) for t in imported} == {
            (Decimal("-29.90"), "import", False),
            (Decimal("2750.00"), "import", False),
        }
        again = finance.import_bank_statement(
            uow, owner, payment_account_id=checking.id, content=STATEMENT
        )
        uow.commit()
    assert again.imported == [] and len(again.duplicates) == 4
    assert last_event(runtime, "finance.statement.imported").payload["duplicates"] == 4


def test_a_file_that_cannot_be_parsed_imports_nothing(runtime, owner, accounts):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as refused:
        finance.import_bank_statement(
            uow, owner, payment_account_id=accounts["Girokonto"].id,
            content="when;what;colour\n2026-11-01;x;blue\n",
        )  # fmt: skip
    assert "file" in refused.value.fields and "amount" in str(refused.value)
    with runtime.uow() as uow:
        assert finance.list_transactions(uow, owner) == []


def test_imported_rows_post_when_given_an_account(runtime, owner, accounts):
    with runtime.uow() as uow:
        report = finance.import_bank_statement(
            uow, owner, payment_account_id=accounts["Girokonto"].id,
            account_id=accounts["Groceries"].id,
            content="date,description,amount\n2026-11-02,Edeka,\"-12,40\"\n",
        )  # fmt: skip
        uow.commit()
    with runtime.uow() as uow:
        (transaction,) = finance.list_transactions(uow, owner)
        assert transaction.is_posted and transaction.amount == Decimal("-12.40")
        assert finance.trial_balance(uow, owner, as_of=TODAY).debit_total == Decimal("12.40")
    assert len(report.imported) == 1


# --- account suggester ----------------------------------------------------------------------


def test_the_suggester_proposes_the_account_used_for_similar_descriptions(runtime, owner, accounts):
    history = [
        ("REWE Markt Berlin", "Groceries"), ("REWE SAGT DANKE 4711", "Groceries"),
        ("Edeka Center", "Groceries"), ("Lidl sagt danke", "Groceries"),
        ("Deutsche Bahn Ticket", "Transport"), ("BVG Monatskarte", "Transport"),
        ("DB Fernverkehr", "Transport"), ("Uber trip", "Transport"),
        ("Pizzeria Lupa", "Eating out"), ("Restaurant Tim Raue", "Eating out"),
    ]  # fmt: skip
    with runtime.uow() as uow:
        assert finance.suggest_accounts(uow, owner, description="REWE").suggestions == []
        for day, (description, account) in enumerate(history, start=1):
            finance.create_transaction(
                uow, owner, occurred_on=date(2026, 10, day), amount="-10",
                description=description, account_id=accounts[account].id,
                payment_account_id=accounts["Girokonto"].id,
            )  # fmt: skip
        uow.commit()
    with runtime.uow() as uow:
        rewe = finance.suggest_accounts(uow, owner, description="REWE Markt Hamburg")
        bahn = finance.suggest_accounts(uow, owner, description="Deutsche Bahn Ticket Berlin")
        again = finance.suggest_accounts(uow, owner, description="REWE Markt Hamburg")
        uow.commit()
    assert rewe.suggestions[0].account_name == "Groceries"
    assert bahn.suggestions[0].account_name == "Transport"
    assert again == rewe  # deterministic
    assert rewe.examples == 10
    event = last_event(runtime, "finance.ml.suggest_accounts")
    assert event.payload["suggestions"][0] == accounts["Groceries"].id
    assert event.payload["model"] == "tfidf-char-logreg"
    assert event.payload["model_version"] == rewe.model_version
    assert event.payload_version == 1
