"""Checks of a published snapshot: its ledger balances, and it holds what the app holds.

Both return the problems found (an empty list means the check passed), so Dagster's asset
checks, tests and an operator at a notebook read the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import duckdb

from lifeos_core.analytics import schema, sources
from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.errors import PermissionDenied
from lifeos_core.finance import service as finance
from lifeos_core.runtime import Runtime


@dataclass(frozen=True)
class Imbalance:
    user_id: int
    entry_id: int | None  # None: the user's whole ledger
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class CountMismatch:
    user_id: int
    record_type: str
    snapshot: int
    app: int


def ledger_imbalances(con: duckdb.DuckDBPyConnection) -> list[Imbalance]:
    """Journal entries, and whole ledgers per user, whose debits and credits differ."""
    rows = con.execute(
        """
        SELECT user_id, entry_id, sum(debit) AS debit, sum(credit) AS credit
        FROM ledger_lines
        GROUP BY GROUPING SETS ((user_id, entry_id), (user_id))
        HAVING sum(debit) <> sum(credit)
        ORDER BY user_id, entry_id NULLS FIRST
        """
    ).fetchall()
    return [Imbalance(*row) for row in rows]


# The records the app lists in each small domain, by the timeline's record type.
_WHOLE_RECORD_TYPES = {
    schema.HABIT_LOGS: "habits/log",
    schema.WORKOUTS: "health/workout",
    schema.MEALS: "health/meal",
    schema.BIOMETRICS: "health/biometric",
    schema.PRACTICE_SESSIONS: "skills/practice",
    schema.TIME_LOGS: "projects/time_log",
    schema.INTERACTIONS: "relationships/interaction",
    schema.JOURNAL_ENTRIES: "journal/entry",
}
# Transactions are compared by those that count (the app's totals count them cheaply).
COUNTED_TRANSACTIONS = "finance/transaction (counted)"


def app_record_counts(runtime: Runtime) -> dict[tuple[int, str], int]:
    """How many records of each type every active user has in the app database."""
    counts: dict[tuple[int, str], int] = {}
    with runtime.uow() as uow:
        user_ids = auth.all_active_user_ids(uow)
    for user_id in user_ids:
        with runtime.uow() as uow:
            actor = auth.get_actor(uow, user_id)
            try:
                counts[user_id, "calendar/event"] = calendar.count_events(uow, actor)
            except PermissionDenied:
                counts[user_id, "calendar/event"] = 0
            counts[user_id, COUNTED_TRANSACTIONS] = finance.transaction_totals(uow, actor).count
            for reader in sources.WHOLE_DOMAINS.values():
                for table, rows in reader(uow, actor).items():
                    if table in _WHOLE_RECORD_TYPES:
                        counts[user_id, _WHOLE_RECORD_TYPES[table]] = len(rows)
    return counts


def snapshot_record_counts(con: duckdb.DuckDBPyConnection) -> dict[tuple[int, str], int]:
    rows = con.execute(
        """
        SELECT user_id, record_type, count(*) FROM timeline
        WHERE record_type <> 'finance/transaction' GROUP BY ALL
        UNION ALL
        SELECT user_id, $counted, count(*) FROM timeline
        WHERE record_type = 'finance/transaction' AND counts GROUP BY ALL
        """,
        {"counted": COUNTED_TRANSACTIONS},
    ).fetchall()
    return {(user_id, record_type): count for user_id, record_type, count in rows}


def count_mismatches(runtime: Runtime, con: duckdb.DuckDBPyConnection) -> list[CountMismatch]:
    """Record types whose count in the snapshot differs from the app database's now.

    A write that lands after the snapshot was built shows up here until the next refresh.
    """
    app = app_record_counts(runtime)
    snapshot = snapshot_record_counts(con)
    return [
        CountMismatch(user_id, record_type, snapshot.get(key, 0), app.get(key, 0))
        for key in sorted(set(app) | set(snapshot))
        for user_id, record_type in [key]
        if snapshot.get(key, 0) != app.get(key, 0)
    ]
