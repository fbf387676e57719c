"""The finance page, used as the owner would: accounts, transactions, the trial balance,
receivables, the forecast and a statement upload."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from app_driver import keys, open_page

from dashboards.ui import md
from lifeos_core.calendar import service as calendar
from lifeos_core.finance import service as finance


# The demo's calendar fills this domain with inferred records; these tests start from an
# owner whose domain is empty, signed in the same way.
@pytest.fixture
def demo_actor(fresh_actor):
    return fresh_actor


@pytest.fixture
def signed_in(signed_in_fresh):
    return signed_in_fresh


@pytest.fixture
def books(app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        made = {
            "checking": finance.create_account(
                uow, demo_actor, name="Girokonto", account_type="asset", subtype="bank"
            ),
            "groceries": finance.create_account(
                uow, demo_actor, name="Groceries", account_type="expense"
            ),
        }
        uow.commit()
    return made


def test_an_account_added_in_the_form_is_listed(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "finance")
    at.text_input(key="finance_account_name").input("Tagesgeld")
    at.selectbox(key="finance_account_type").select("asset")
    at.selectbox(key="finance_account_subtype").select("savings")
    at = at.button(key="finance_account_submit").click().run()

    assert not at.error
    assert "Tagesgeld" in at.success[0].value
    assert "Tagesgeld" in set(at.dataframe[0].value["Name"])
    with app_runtime.uow() as uow:
        assert [a.name for a in finance.list_accounts(uow, demo_actor)] == ["Tagesgeld"]


def test_a_wrong_subtype_is_refused_and_the_name_is_kept(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "finance")
    at.text_input(key="finance_account_name").input("Tagesgeld")
    at.selectbox(key="finance_account_type").select("asset")
    at.selectbox(key="finance_account_subtype").select("groceries")
    at = at.button(key="finance_account_submit").click().run()

    assert any("Subtype" in e.value for e in at.error)
    assert at.text_input(key="finance_account_name").value == "Tagesgeld"
    with app_runtime.uow() as uow:
        assert finance.list_accounts(uow, demo_actor) == []


def test_a_transaction_posts_and_the_trial_balance_shows_it(
    signed_in, app_runtime, demo_actor, books
):
    at = open_page(signed_in, "finance")
    at.text_input(key="finance_txn_description").input("REWE Markt")
    at.text_input(key="finance_txn_amount").input("64.37")
    at.selectbox(key="finance_txn_account").select(books["groceries"].id)
    at.selectbox(key="finance_txn_payment").select(books["checking"].id)
    at = at.button(key="finance_txn_submit").click().run()

    assert not at.error
    with app_runtime.uow() as uow:  # the demo's calendar brought inferred ones too
        (transaction,) = [
            t for t in finance.list_transactions(uow, demo_actor) if t.description == "REWE Markt"
        ]
    assert transaction.amount == Decimal("-64.37") and transaction.is_posted
    tables = [df.value for df in at.dataframe]
    listed = next(t for t in tables if "Description" in t.columns)
    assert list(listed[listed["Description"] == "REWE Markt"]["Amount"]) == ["-64.37"]
    balance = next(t for t in tables if "Debit" in t.columns)
    assert dict(zip(balance["Account"], balance["Debit"], strict=True))["Groceries"] == "64.37"


def test_inferred_transactions_are_marked_with_their_confidence_and_can_be_confirmed(
    signed_in, app_runtime, demo_actor, books
):
    with app_runtime.uow() as uow:
        event = calendar.create_event(
            uow, demo_actor, title="Lunch w/ Dee ($18)",
            start_time=datetime.now(UTC).replace(microsecond=0) - timedelta(days=1),
        )  # fmt: skip
        inferred = finance.record_inferred_transaction(
            uow, demo_actor, amount="45", description="Dinner at Lupa",
            occurred_on=date(2026, 11, 5), calendar_event_id=event.id, confidence=0.72,
            status="inferred", model_version="rules-1", account_id=books["groceries"].id,
            payment_account_id=books["checking"].id,
        )  # fmt: skip
        uow.commit()
    at = open_page(signed_in, "finance")
    listed = next(df.value for df in at.dataframe if "Status" in df.value.columns)
    assert list(listed["Status"]) == ["inferred (72% confidence)"]

    at = at.button(key=f"finance_confirm_{inferred.id}").click().run()

    assert f"finance_confirm_{inferred.id}" not in keys(at.button)
    with app_runtime.uow() as uow:
        assert finance.get_transaction(uow, demo_actor, inferred.id).is_posted


def test_receivables_show_what_is_due(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "finance")
    at.text_input(key="finance_rcv_counterparty").input("Ben")
    at.text_input(key="finance_rcv_principal").input("120")
    at.date_input(key="finance_rcv_due").set_value(date.today() + timedelta(days=3))
    at = at.button(key="finance_rcv_submit").click().run()

    assert not at.error
    assert any(w.value.startswith(md("Ben: 120.00 due")) for w in at.warning)
    with app_runtime.uow() as uow:
        assert [r.outstanding for r in finance.list_receivables(uow, demo_actor)] == [
            Decimal("120.00")
        ]


def test_the_forecast_is_drawn_after_a_recompute(signed_in, books):
    at = open_page(signed_in, "finance")
    at.selectbox(key="finance_sched_account").select(books["checking"].id)
    at.text_input(key="finance_sched_amount").input("-950")
    at = at.button(key="finance_sched_submit").click().run()
    assert not at.error
    at.selectbox(key="finance_fc_account").select(books["checking"].id)
    at = at.button(key="finance_fc_recompute").click().run()

    assert not at.error
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_a_statement_upload_reports_duplicates_and_rejected_lines(
    signed_in, app_runtime, demo_actor, books
):
    statement = (
        "Datum;Verwendungszweck;Betrag\n"
        "03.11.2026;REWE Markt;-64,37\n03.11.2026;REWE Markt;-64,37\nsoon;Kiosk;-2\n"
    )
    at = open_page(signed_in, "finance")
    at.selectbox(key="finance_import_account").select(books["checking"].id)
    at.file_uploader(key="finance_import_file").upload(
        "november.csv", statement.encode(), "text/csv"
    )
    at = at.run()
    at = at.button(key="finance_import_submit").click().run()

    assert not at.error
    assert at.success[0].value == md("Imported 1 row; 1 duplicate skipped, 1 rejected.")
    report = next(df.value for df in at.dataframe if "Outcome" in df.value.columns)
    assert list(report["Line"]) == [3, 4]
    with app_runtime.uow() as uow:
        imported = [t for t in finance.list_transactions(uow, demo_actor) if t.source == "import"]
    assert [t.description for t in imported] == ["REWE Markt"]
