"""The read models' rules, derived by DuckDB from staging rows made by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import duckdb
import pytest

from lifeos_core.analytics import schema
from lifeos_core.analytics.build import create_staging, derive_read_models
from lifeos_core.analytics.checks import ledger_imbalances

ADA, BEN = 1, 2
MONDAY = date(2026, 11, 16)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
def snapshot():
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    create_staging(con)
    stage(con, schema.USERS, [{"user_id": ADA, "timezone": "Europe/Berlin"}])
    stage(con, schema.USERS, [{"user_id": BEN, "timezone": "America/New_York"}])
    yield con
    con.close()


def stage(con, table, rows: list[dict]) -> None:
    con.register("rows", table.arrow(rows))
    con.execute(f"INSERT INTO {table.qualified} BY NAME SELECT * FROM rows")
    con.unregister("rows")


def event(event_id: int, start: datetime, minutes: int, user_id: int = ADA, **extra) -> dict:
    return {
        "user_id": user_id, "id": event_id, "title": f"Event {event_id}", "start_time": start,
        "end_time": start + timedelta(minutes=minutes), "all_day": False, "source": "ics_file",
        "is_private": False, **extra,
    }  # fmt: skip


def reading(reading_id: int, event_id: int, domain: str, confidence: float, status="confirmed"):
    return {
        "user_id": ADA, "id": reading_id, "calendar_event_id": event_id, "domain": domain,
        "record_type": f"{domain}/thing", "confidence": confidence, "status": status,
    }  # fmt: skip


def rows(con, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_calendar_time_goes_to_the_confirmed_domain_and_money_is_not_time(snapshot):
    stage(snapshot, schema.CALENDAR_EVENTS, [
        event(1, at(7), 45),   # a run
        event(2, at(19), 90),  # dinner with Sam that cost money
        event(3, at(12), 30),  # groceries, nothing but money
        event(4, at(9), 60),   # a meeting nobody classified
        event(5, at(15), 30),  # waiting for review
    ])  # fmt: skip
    stage(snapshot, schema.INTERPRETATIONS, [
        reading(1, 1, "health", 0.9),
        reading(2, 2, "finance", 0.95),
        reading(3, 2, "relationships", 0.7),
        reading(4, 3, "finance", 0.9),
        reading(5, 5, "skills", 0.6, status="inferred"),
    ])  # fmt: skip
    derive_read_models(snapshot, incremental=False)

    assert rows(snapshot, "SELECT domain, minutes FROM time_allocation ORDER BY domain") == [
        ("finance", 30),
        ("health", 45),
        ("relationships", 90),
        ("unassigned", 90),
    ]
    assert rows(snapshot, "SELECT DISTINCT week FROM time_allocation") == [(MONDAY,)]


def test_time_typed_in_counts_once_and_a_calendar_record_adds_nothing_to_its_event(snapshot):
    stage(snapshot, schema.CALENDAR_EVENTS, [event(1, at(7), 45)])
    stage(snapshot, schema.INTERPRETATIONS, [reading(1, 1, "health", 0.9)])
    workout = {"user_id": ADA, "workout_type": "run", "intensity": None, "calories": 300}
    stage(snapshot, schema.WORKOUTS, [
        {**workout, "id": 1, "workout_date": MONDAY, "started_at": at(7), "duration_minutes": 45,
         "source": "calendar", "inferred_status": "confirmed", "calendar_event_id": 1},
        {**workout, "id": 2, "workout_date": MONDAY, "started_at": None, "duration_minutes": 20,
         "source": "manual", "inferred_status": None, "calendar_event_id": None},
    ])  # fmt: skip
    derive_read_models(snapshot, incremental=False)

    assert rows(snapshot, "SELECT domain, minutes FROM time_allocation") == [("health", 65)]
    assert rows(snapshot, "SELECT sessions, minutes FROM workout_facts") == [(2, 65)]


def test_inferences_waiting_for_review_are_flagged_and_rejected_ones_left_out(snapshot):
    base = {"user_id": ADA, "project_id": None, "task_id": None, "logged_date": MONDAY,
            "minutes": 60, "source": "calendar", "calendar_event_id": None}  # fmt: skip
    stage(snapshot, schema.TIME_LOGS, [
        {**base, "id": 1, "inferred_status": "inferred"},
        {**base, "id": 2, "inferred_status": "rejected"},
        {**base, "id": 3, "inferred_status": "confirmed", "calendar_event_id": 77},
        {**base, "id": 4, "inferred_status": None, "source": "manual"},
    ])  # fmt: skip
    derive_read_models(snapshot, incremental=False)

    assert rows(
        snapshot, "SELECT record_id, inferred_status, counts FROM timeline ORDER BY record_id"
    ) == [(1, "inferred", False), (3, "confirmed", True), (4, None, True)]
    assert rows(snapshot, "SELECT records, minutes FROM daily_rollup") == [(2, 120)]
    # Only the time typed in: the confirmed one is its calendar event's time (not staged here).
    assert rows(snapshot, "SELECT minutes FROM time_allocation") == [(60,)]


def test_spending_is_money_out_by_the_accounts_category(snapshot):
    stage(snapshot, schema.ACCOUNTS, [
        {"user_id": ADA, "id": 1, "name": "Groceries", "account_type": "expense", "category": "Living"},
        {"user_id": ADA, "id": 2, "name": "Cinema", "account_type": "expense", "category": None},
        {"user_id": ADA, "id": 3, "name": "Salary", "account_type": "income", "category": None},
    ])  # fmt: skip
    base = {"user_id": ADA, "description": "x", "counterparty": None, "payment_account_id": 9,
            "source": "manual", "inferred_status": None, "calendar_event_id": None,
            "updated_at": at(12)}  # fmt: skip
    stage(snapshot, schema.TRANSACTIONS, [
        {**base, "id": 1, "occurred_on": MONDAY, "amount": Decimal("-40.10"), "account_id": 1},
        {**base, "id": 2, "occurred_on": MONDAY, "amount": Decimal("-9.90"), "account_id": 1},
        {**base, "id": 3, "occurred_on": MONDAY, "amount": Decimal("-12.00"), "account_id": 2},
        {**base, "id": 4, "occurred_on": MONDAY, "amount": Decimal("-5.00"), "account_id": None},
        {**base, "id": 5, "occurred_on": MONDAY, "amount": Decimal("3000"), "account_id": 3},
        {**base, "id": 6, "occurred_on": MONDAY, "amount": Decimal("-99"), "account_id": 1,
         "source": "calendar", "inferred_status": "inferred"},
    ])  # fmt: skip
    derive_read_models(snapshot, incremental=False)

    assert rows(
        snapshot, "SELECT month, category, amount, transactions FROM spending ORDER BY 2"
    ) == [
        (date(2026, 11, 1), "Cinema", Decimal("12.00"), 1),
        (date(2026, 11, 1), "Living", Decimal("50.00"), 2),
        (date(2026, 11, 1), "Uncategorised", Decimal("5.00"), 1),
    ]


def test_days_are_the_owners_local_days(snapshot):
    late = datetime(2026, 11, 17, 2, 30, tzinfo=UTC)  # Tuesday in Berlin, Monday in New York
    stage(snapshot, schema.CALENDAR_EVENTS, [event(1, late, 30), event(2, late, 30, user_id=BEN)])
    stage(snapshot, schema.JOURNAL_ENTRIES, [
        {"user_id": ADA, "id": 1, "entry_date": MONDAY, "title": None, "mood": 7, "is_private": False},
    ])  # fmt: skip
    derive_read_models(snapshot, incremental=False)

    assert rows(
        snapshot, "SELECT user_id, day FROM timeline WHERE domain = 'calendar' ORDER BY 1"
    ) == [
        (ADA, date(2026, 11, 17)),
        (BEN, date(2026, 11, 16)),
    ]
    # A date-only record sits at its owner's local midnight.
    assert rows(snapshot, "SELECT occurred_at FROM timeline WHERE domain = 'journal'") == [
        (datetime(2026, 11, 15, 23, 0, tzinfo=UTC),)
    ]


def test_private_events_and_entries_keep_their_titles_out(snapshot):
    stage(snapshot, schema.CALENDAR_EVENTS, [event(1, at(9), 60, is_private=True, title="Therapy")])
    stage(snapshot, schema.JOURNAL_ENTRIES, [
        {"user_id": ADA, "id": 1, "entry_date": MONDAY, "title": None, "mood": 3, "is_private": True},
    ])  # fmt: skip
    derive_read_models(snapshot, incremental=False)

    assert sorted(t for (t,) in rows(snapshot, "SELECT title FROM timeline")) == [
        "Private entry",
        "Private event",
    ]


def test_an_unbalanced_entry_is_reported(snapshot):
    line = {"user_id": ADA, "entry_date": MONDAY, "posted_at": at(12)}
    stage(snapshot, schema.LEDGER_LINES, [
        {**line, "id": 1, "entry_id": 1, "account_id": 1, "debit": Decimal("10"), "credit": Decimal("0")},
        {**line, "id": 2, "entry_id": 1, "account_id": 2, "debit": Decimal("0"), "credit": Decimal("10")},
        {**line, "id": 3, "entry_id": 2, "account_id": 1, "debit": Decimal("5"), "credit": Decimal("0")},
    ])  # fmt: skip
    derive_read_models(snapshot, incremental=False)

    found = ledger_imbalances(snapshot)
    assert [(i.user_id, i.entry_id, i.debit, i.credit) for i in found] == [
        (ADA, None, Decimal("15.00"), Decimal("10.00")),
        (ADA, 2, Decimal("5.00"), Decimal("0.00")),
    ]
