"""``python -m bench.analytics``: the analytics read models over a synthetic 5-year history.

    python -m bench.analytics [--events 1000000] [--transactions 1000000] [--repeats 40]

In a throwaway PostgreSQL database: an owner with the bulk of the history (a million
calendar events, most of them interpreted, and a million transactions posted to the ledger,
plus five years of workouts, practice, time logs, habits, interactions and journal moods),
loaded with COPY, beside a "typical" user (about 50 events a week) and a light one. Then:

* the full DuckDB snapshot build (not a target, for information);
* a day of new data written through the services (events, their interpretation, transactions,
  a workout, a habit check-in, a journal entry), and the incremental refresh after it
  (target: under 5 s);
* each query behind the Analytics page on the snapshot, p95 over repetitions, each with its
  own connection as a page render opens one (target: under 100 ms), and the same question
  answered by the app database in PostgreSQL, for the ratio;
* the calendar week view's data for the typical user's week of ~50 events, through the
  calendar service as the page calls it (target: under 200 ms, AC-4.2).

Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bench._pg import throwaway_database

os.environ.setdefault("LIFEOS_ENV", "test")

YEARS = 5
SEED = 20261125
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
TODAY = NOW.date()
FIRST_DAY = TODAY - timedelta(days=365 * YEARS)
YESTERDAY = TODAY - timedelta(days=1)

# What an event says, what the interpreter would make of it (None: nothing).
EVENT_KINDS = [
    ("Morning run", "health", "health/workout"),
    ("Gym: strength", "health", "health/workout"),
    ("Piano practice", "skills", "skills/practice_session"),
    ("Spanish lesson", "skills", "skills/practice_session"),
    ("Deep work: LifeOS", "projects", "projects/work_session"),
    ("Garden project", "projects", "projects/work_session"),
    ("Dinner with Sam", "relationships", "relationships/interaction"),
    ("Call mum", "relationships", "relationships/interaction"),
    ("Meditate", "habits", "habits/habit_log"),
    ("Groceries 45 EUR", "finance", "finance/transaction"),
    ("Team meeting", None, None),
    ("Dentist", None, None),
    ("Commute", None, None),
]
EXPENSES = [
    ("Groceries", "groceries", "Living"),
    ("Rent", "housing", "Living"),
    ("Utilities", "utilities", "Living"),
    ("Restaurants", "dining", "Fun"),
    ("Cinema", "leisure", "Fun"),
    ("Transport", "transport", "Getting around"),
    ("Pharmacy", "health", "Living"),
]


# --- the history ------------------------------------------------------------------------------


def _users(runtime) -> dict[str, dict]:
    """Users with their accounts, habits, skills and projects, made through the services."""
    from lifeos_core.auth import service as auth
    from lifeos_core.finance import service as finance
    from lifeos_core.habits import service as habits
    from lifeos_core.projects import service as projects
    from lifeos_core.relationships import service as relationships
    from lifeos_core.skills import service as skills

    made = {}
    for name, zone in [
        ("owner", "Europe/Berlin"),
        ("typical", "America/New_York"),
        ("light", "UTC"),
    ]:
        with runtime.uow() as uow:
            actor = auth.create_user(
                uow, email=f"{name}@bench.example", password="benchmark password", timezone=zone
            )
            categories = {
                c: finance.create_category(uow, actor, name=c).id
                for c in sorted({c for _, _, c in EXPENSES})
            }
            expenses = [
                finance.create_account(
                    uow, actor, name=n, account_type="expense", subtype=s, category_id=categories[c]
                ).id
                for n, s, c in EXPENSES
            ]
            salary = finance.create_account(
                uow, actor, name="Salary", account_type="income", subtype="salary"
            ).id
            checking = finance.create_account(
                uow, actor, name="Checking", account_type="asset", subtype="bank"
            ).id
            made[name] = {
                "actor": actor,
                "expenses": expenses,
                "salary": salary,
                "checking": checking,
                "habits": [
                    habits.create_habit(uow, actor, name=h).id
                    for h in ("Meditate", "Floss", "Read")
                ],
                "skills": [
                    skills.create_skill(uow, actor, name=s).id for s in ("Piano", "Spanish")
                ],
                "projects": [
                    projects.create_project(uow, actor, name=p).id for p in ("LifeOS", "Garden")
                ],
                "people": [
                    relationships.create_person(uow, actor, name=p).id for p in ("Sam", "Mum")
                ],
            }
            uow.commit()
    return made


class _Ids:
    """Ids handed out by us, so related rows can point at each other inside one COPY."""

    def __init__(self, connection, tables: list[str]):
        self.next = {
            t: connection.execute(sa.text(f"SELECT coalesce(max(id), 0) + 1 FROM {t}")).scalar()  # noqa: S608
            for t in tables
        }

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value


def _copy(raw, table: str, columns: list[str], rows) -> int:
    count = 0
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _at(day: date) -> datetime:
    """When a bulk-loaded record was written: on its own day, as if typed in then."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _moment(rng: random.Random, day: date, zone: ZoneInfo) -> datetime:
    local = datetime(day.year, day.month, day.day, rng.randint(6, 22), rng.choice((0, 15, 30, 45)))
    return local.replace(tzinfo=zone).astimezone(UTC)


def _load_history(runtime, user: dict, *, events: int, transactions: int, rng: random.Random):
    """COPY a five-year history for one user; returns row counts per table."""
    actor = user["actor"]
    uid, zone = actor.user_id, ZoneInfo(actor.timezone)
    days = (TODAY - FIRST_DAY).days
    counts: dict[str, int] = {}
    with runtime.engine.connect() as connection:
        ids = _Ids(connection, list(LOADED_TABLES))
        raw = connection.connection.driver_connection
        interpretations = []

        def event_rows():
            for n in range(events):
                day = FIRST_DAY + timedelta(days=n * days // events)
                start = _moment(rng, day, zone)
                title, domain, record_type = rng.choice(EVENT_KINDS)
                event_id = ids.take("calendar_event")
                if domain is not None and rng.random() < 0.9:
                    roll = rng.random()
                    status = (
                        "confirmed" if roll < 0.85 else "inferred" if roll < 0.93
                        else "rejected" if roll < 0.98 else "ignored"
                    )  # fmt: skip
                    interpretations.append(
                        (ids.take("calendar_event_interpretation"), event_id, uid, domain,
                         record_type, round(rng.uniform(0.5, 0.99), 4), status,
                         "auto" if status == "confirmed" else None, "rules-bench", "{}", _at(day), _at(day))
                    )  # fmt: skip
                yield (
                    event_id, uid, title, start, start + timedelta(minutes=rng.choice((15, 30, 45, 60, 90, 120))),
                    False, actor.timezone, "manual", False, "[]", "{}", "bench", "bench", _at(day), _at(day),
                )  # fmt: skip

        counts["calendar_event"] = _copy(
            raw, "calendar_event",
            ["id", "user_id", "title", "start_time", "end_time", "all_day", "original_timezone",
             "source", "is_private", "tags", "metadata", "content_hash", "interpreted_hash",
             "created_at", "updated_at"],
            event_rows(),
        )  # fmt: skip
        counts["calendar_event_interpretation"] = _copy(
            raw, "calendar_event_interpretation",
            ["id", "calendar_event_id", "user_id", "domain", "record_type", "confidence_score",
             "status", "decided_by", "model_version", "classification_data", "created_at",
             "updated_at"],
            interpretations,
        )  # fmt: skip

        entries, lines, rows = [], [], []
        for n in range(transactions):
            day = FIRST_DAY + timedelta(days=n * days // transactions)
            transaction_id, entry_id = (
                ids.take("finance_transaction"),
                ids.take("finance_journal_entry"),
            )
            if rng.random() < 0.1:
                amount, counter, description = (
                    Decimal(rng.randint(500, 400000)) / 100,
                    user["salary"],
                    "Income",
                )
            else:
                amount, counter = (
                    -Decimal(rng.randint(150, 20000)) / 100,
                    rng.choice(user["expenses"]),
                )
                description = f"Card payment {n % 997}"
            size = abs(amount)
            debit_account, credit_account = (
                (counter, user["checking"]) if amount < 0 else (user["checking"], counter)
            )
            entries.append(
                (
                    entry_id,
                    uid,
                    day,
                    description,
                    f"transaction {transaction_id}",
                    "transaction",
                    _at(day),
                )
            )
            lines.append(
                (ids.take("finance_journal_line"), uid, entry_id, debit_account, size, Decimal(0))
            )
            lines.append(
                (ids.take("finance_journal_line"), uid, entry_id, credit_account, Decimal(0), size)
            )
            rows.append(
                (transaction_id, uid, day, amount, description, description.lower(), counter,
                 user["checking"], entry_id, "manual", _at(day), _at(day))
            )  # fmt: skip
        counts["finance_journal_entry"] = _copy(
            raw, "finance_journal_entry",
            ["id", "user_id", "entry_date", "description", "reference", "origin", "posted_at"], entries,
        )  # fmt: skip
        counts["finance_journal_line"] = _copy(
            raw, "finance_journal_line",
            ["id", "user_id", "entry_id", "account_id", "debit", "credit"], lines,
        )  # fmt: skip
        counts["finance_transaction"] = _copy(
            raw, "finance_transaction",
            ["id", "user_id", "occurred_on", "amount", "description", "normalized_description",
             "account_id", "payment_account_id", "journal_entry_id", "source", "created_at",
             "updated_at"],
            rows,
        )  # fmt: skip

        every_day = [FIRST_DAY + timedelta(days=d) for d in range(days)]
        counts["habit_log"] = _copy(
            raw, "habit_log", ["id", "user_id", "habit_id", "logged_date", "value", "source", "created_at"],
            (
                (ids.take("habit_log"), uid, habit, day, 1, "manual", _at(day))
                for day in every_day for habit in user["habits"] if rng.random() < 0.7
            ),
        )  # fmt: skip
        counts["health_workout"] = _copy(
            raw, "health_workout",
            ["id", "user_id", "workout_date", "started_at", "workout_type", "duration_minutes",
             "intensity", "calories_est", "source", "created_at", "updated_at"],
            (
                (ids.take("health_workout"), uid, day, _moment(rng, day, zone),
                 rng.choice(("run", "strength", "cycling", "swim")), rng.choice((30, 45, 60, 90)),
                 "moderate", rng.randint(200, 800), "manual", _at(day), _at(day))
                for day in every_day if rng.random() < 0.55
            ),
        )  # fmt: skip
        counts["skill_practice_session"] = _copy(
            raw, "skill_practice_session",
            ["id", "user_id", "skill_id", "practiced_at", "duration_minutes", "quality", "source", "created_at"],
            (
                (ids.take("skill_practice_session"), uid, rng.choice(user["skills"]),
                 _moment(rng, day, zone), rng.choice((20, 30, 45, 60)), rng.randint(1, 5), "manual", _at(day))
                for day in every_day if rng.random() < 0.7
            ),
        )  # fmt: skip
        counts["project_task_log"] = _copy(
            raw, "project_task_log",
            ["id", "user_id", "project_id", "time_minutes", "logged_date", "source", "created_at"],
            (
                (ids.take("project_task_log"), uid, rng.choice(user["projects"]),
                 rng.choice((30, 60, 90, 120)), day, "manual", _at(day))
                for day in every_day if rng.random() < 0.7
            ),
        )  # fmt: skip
        counts["relationships_interaction"] = _copy(
            raw, "relationships_interaction",
            ["id", "user_id", "person_id", "interaction_type", "occurred_at", "source", "created_at", "updated_at"],
            (
                (ids.take("relationships_interaction"), uid, rng.choice(user["people"]),
                 rng.choice(("call", "meal", "meeting")), _moment(rng, day, zone), "manual", _at(day), _at(day))
                for day in every_day if rng.random() < 0.4
            ),
        )  # fmt: skip
        counts["journal_entry"] = _copy(
            raw, "journal_entry",
            ["id", "user_id", "entry_date", "title", "body", "mood", "tags", "is_private", "created_at", "updated_at"],
            (
                (ids.take("journal_entry"), uid, day, "Today", "A day like others.",
                 rng.randint(3, 9), "[]", False, _at(day), _at(day))
                for day in every_day if rng.random() < 0.6
            ),
        )  # fmt: skip
        connection.commit()
    return counts


LOADED_TABLES = (
    "calendar_event", "calendar_event_interpretation", "finance_transaction",
    "finance_journal_entry", "finance_journal_line", "habit_log", "health_workout",
    "skill_practice_session", "project_task_log", "relationships_interaction", "journal_entry",
)  # fmt: skip


def _reset_sequences(engine) -> None:
    """The services go on numbering after the rows COPY brought in."""
    with engine.begin() as connection:
        for table in LOADED_TABLES:
            connection.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            )
        connection.execute(sa.text("ANALYZE"))


def _a_day_of_new_data(runtime, user: dict, *, events: int, transactions: int, rng) -> None:
    """Yesterday's records, through the services as the app and the pipeline write them."""
    from lifeos_core.calendar import service as calendar
    from lifeos_core.finance import service as finance
    from lifeos_core.habits import service as habits
    from lifeos_core.health import service as health
    from lifeos_core.interpreter.service import interpret_new_events
    from lifeos_core.journal import service as journal

    actor, zone = user["actor"], ZoneInfo(user["actor"].timezone)
    for chunk in range(0, events, 200):
        with runtime.uow() as uow:
            for _ in range(chunk, min(chunk + 200, events)):
                start = _moment(rng, YESTERDAY, zone)
                title, _, _ = rng.choice(EVENT_KINDS)
                calendar.create_event(
                    uow,
                    actor,
                    title=title,
                    start_time=start,
                    end_time=start + timedelta(minutes=45),
                )
            uow.commit()
    for chunk in range(0, transactions, 200):
        with runtime.uow() as uow:
            for _ in range(chunk, min(chunk + 200, transactions)):
                finance.create_transaction(
                    uow, actor, occurred_on=YESTERDAY, amount=-Decimal(rng.randint(150, 9000)) / 100,
                    description="Card payment", account_id=rng.choice(user["expenses"]),
                    payment_account_id=user["checking"],
                )  # fmt: skip
            uow.commit()
    with runtime.uow() as uow:
        habits.log_habit(uow, actor, habit_id=user["habits"][0], logged_date=YESTERDAY)
        health.log_workout(
            uow, actor, workout_date=YESTERDAY, workout_type="run", duration_minutes=40
        )
        journal.create_entry(uow, actor, entry_date=YESTERDAY, body="Busy day.", mood=7)
        uow.commit()
    interpret_new_events(runtime.uow, runtime.settings)


# --- the same questions, asked of PostgreSQL ------------------------------------------------

# Records count when typed in or confirmed: coalesce(inferred_status, 'confirmed') = 'confirmed'.
POSTGRES_QUERIES = {
    "time_allocation": """
        WITH best AS (
            SELECT DISTINCT ON (calendar_event_id) calendar_event_id, domain
            FROM calendar_event_interpretation
            WHERE user_id = :user_id AND status = 'confirmed'
            ORDER BY calendar_event_id, domain = 'finance', confidence_score DESC, id
        ), spans AS (
            SELECT (e.start_time AT TIME ZONE :tz)::date AS day,
                   coalesce(b.domain, 'unassigned') AS domain,
                   least(greatest(extract(epoch FROM e.end_time - e.start_time) / 60, 0), 1440) AS minutes
            FROM calendar_event e LEFT JOIN best b ON b.calendar_event_id = e.id
            WHERE e.user_id = :user_id AND e.deleted_at IS NULL AND NOT e.all_day
              AND e.end_time IS NOT NULL
              AND e.start_time >= (:start)::date AND e.start_time < (:end)::date + 1
            UNION ALL
            SELECT workout_date, 'health', duration_minutes FROM health_workout w
            WHERE user_id = :user_id AND calendar_event_id IS NULL AND coalesce(w.inferred_status, 'confirmed') = 'confirmed'
              AND workout_date BETWEEN :start AND :end
            UNION ALL
            SELECT (practiced_at AT TIME ZONE :tz)::date, 'skills', duration_minutes
            FROM skill_practice_session p
            WHERE user_id = :user_id AND calendar_event_id IS NULL AND coalesce(p.inferred_status, 'confirmed') = 'confirmed'
              AND practiced_at >= (:start)::date AND practiced_at < (:end)::date + 1
            UNION ALL
            SELECT logged_date, 'projects', time_minutes FROM project_task_log l
            WHERE user_id = :user_id AND calendar_event_id IS NULL AND coalesce(l.inferred_status, 'confirmed') = 'confirmed'
              AND logged_date BETWEEN :start AND :end
        )
        SELECT date_trunc('week', day)::date AS week, domain, sum(minutes) AS minutes
        FROM spans GROUP BY 1, 2 ORDER BY 1, 2
    """,
    "spending_by_category": """
        SELECT date_trunc('month', t.occurred_on)::date AS month,
               coalesce(c.name, a.name, 'Uncategorised') AS category,
               sum(-t.amount) AS amount, count(*) AS transactions
        FROM finance_transaction t
        LEFT JOIN finance_account a ON a.id = t.account_id
        LEFT JOIN finance_account_category c ON c.id = a.category_id
        WHERE t.user_id = :user_id AND t.amount < 0 AND coalesce(t.inferred_status, 'confirmed') = 'confirmed'
          AND t.occurred_on BETWEEN :start AND :end
        GROUP BY 1, 2 ORDER BY 1, 3 DESC
    """,
    "habit_heatmap": """
        SELECT l.logged_date AS day, h.name AS habit, sum(l.value) AS value
        FROM habit_log l JOIN habit h ON h.id = l.habit_id
        WHERE l.user_id = :user_id AND coalesce(l.inferred_status, 'confirmed') = 'confirmed'
          AND l.logged_date BETWEEN :start AND :end
        GROUP BY 1, 2 ORDER BY 2, 1
    """,
    "workout_volume": """
        SELECT date_trunc('week', workout_date)::date AS week, workout_type, count(*) AS sessions,
               sum(duration_minutes) AS minutes, sum(calories_est) AS calories
        FROM health_workout w
        WHERE user_id = :user_id AND coalesce(w.inferred_status, 'confirmed') = 'confirmed' AND workout_date BETWEEN :start AND :end
        GROUP BY 1, 2 ORDER BY 1, 2
    """,
    "practice_hours": """
        SELECT s.name AS skill, round(sum(p.duration_minutes) / 60.0, 2) AS hours,
               count(*) AS sessions
        FROM skill_practice_session p JOIN skill s ON s.id = p.skill_id
        WHERE p.user_id = :user_id AND coalesce(p.inferred_status, 'confirmed') = 'confirmed'
          AND (p.practiced_at AT TIME ZONE :tz)::date BETWEEN :start AND :end
        GROUP BY 1 ORDER BY 2 DESC
    """,
    "mood_vs_exercise": """
        WITH mood AS (
            SELECT entry_date AS day, avg(mood) AS mood FROM journal_entry
            WHERE user_id = :user_id AND mood IS NOT NULL AND entry_date BETWEEN :start AND :end
            GROUP BY 1
        ), exercise AS (
            SELECT workout_date AS day, sum(duration_minutes) AS minutes, count(*) AS workouts
            FROM health_workout w
            WHERE user_id = :user_id AND coalesce(w.inferred_status, 'confirmed') = 'confirmed' AND workout_date BETWEEN :start AND :end
            GROUP BY 1
        )
        SELECT m.day, m.mood, coalesce(e.minutes, 0) AS exercise_minutes,
               coalesce(e.workouts, 0) AS workouts
        FROM mood m LEFT JOIN exercise e ON e.day = m.day ORDER BY 1
    """,
}


# --- timing -------------------------------------------------------------------------------------


def _samples_ms(fn: Callable[[], object], repeats: int) -> list[float]:
    fn()  # warm caches, as a page that was opened before
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _summary(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, int(round(0.95 * len(samples))) - 1)], 2),
    }


def _time_queries(runtime, owner, ranges: dict, repeats: int) -> dict:
    """Each page query on DuckDB as the page runs it (one connection per render, opened
    before its six queries; opening it is timed apart), and the same on PostgreSQL."""
    from lifeos_core.analytics import connect, queries

    per_query, connects, renders = {}, [], []
    for label, (start, end) in ranges.items():
        duck: dict[str, list[float]] = {q.__name__: [] for q in queries.APP_QUERIES}
        for repeat in range(repeats + 1):
            render_started = time.perf_counter()
            con = connect()
            connected = time.perf_counter()
            with con:
                for query in queries.APP_QUERIES:
                    started = time.perf_counter()
                    query(con, owner, start=start, end=end)
                    if repeat:  # the first render warms caches
                        duck[query.__name__].append((time.perf_counter() - started) * 1000)
            if repeat:
                connects.append((connected - render_started) * 1000)
                renders.append((time.perf_counter() - render_started) * 1000)
        params = {"user_id": owner.user_id, "tz": owner.timezone, "start": start, "end": end}
        for query in queries.APP_QUERIES:

            def on_postgres(sql=POSTGRES_QUERIES[query.__name__], params=params):
                with runtime.engine.connect() as connection:
                    return connection.execute(sa.text(sql), params).all()

            on_duck = _summary(duck[query.__name__])
            on_pg = _summary(_samples_ms(on_postgres, max(5, repeats // 4)))
            per_query[f"{query.__name__}/{label}"] = {
                "duckdb": on_duck,
                "postgres": on_pg,
                "postgres_over_duckdb_p95": round(
                    on_pg["p95_ms"] / max(on_duck["p95_ms"], 0.01), 1
                ),
            }
    worst = max(q["duckdb"]["p95_ms"] for q in per_query.values())
    return {
        "per_query": per_query,
        "worst_duckdb_p95_ms": worst,
        "connect_ms": _summary(connects),
        "page_render_all_six_ms": _summary(renders),
        "target_ms": 100,
        "passed": worst < 100,
    }


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(SEED)

    from lifeos_core.analytics.build import refresh_snapshot
    from lifeos_core.calendar import service as calendar
    from lifeos_core.config import get_settings
    from lifeos_core.database import migrate
    from lifeos_core.runtime import build_runtime

    result: dict = {"history_years": YEARS}
    with (
        throwaway_database("lifeos_bench_analytics") as url,
        tempfile.TemporaryDirectory() as workdir,
    ):
        os.environ["LIFEOS_DUCKDB_PATH"] = str(Path(workdir) / "analytics.duckdb")
        get_settings.cache_clear()
        migrate.upgrade(url)
        runtime = build_runtime(database_url=url)
        try:
            users = _users(runtime)
            weeks = 52 * YEARS
            history, seconds = _timed(
                lambda: {
                    "owner": _load_history(
                        runtime, users["owner"], events=args.events,
                        transactions=args.transactions, rng=rng,
                    ),
                    "typical": _load_history(
                        runtime, users["typical"], events=50 * weeks, transactions=7 * 365 * YEARS,
                        rng=rng,
                    ),
                    "light": _load_history(
                        runtime, users["light"], events=10 * weeks, transactions=2 * 365 * YEARS,
                        rng=rng,
                    ),
                }
            )  # fmt: skip
            _reset_sequences(runtime.engine)
            totals = {
                table: sum(counts[table] for counts in history.values())
                for table in history["owner"]
            }
            result["history"] = {**totals, "load_seconds": seconds}

            full, _ = _timed(lambda: refresh_snapshot(runtime, full=True))
            result["full_build"] = {
                "seconds": full.seconds,
                "read_models": full.read_models,
                "file_mb": round(Path(full.path).stat().st_size / 2**20, 1),
            }

            day_events, day_transactions = (
                args.events // (365 * YEARS),
                args.transactions // (365 * YEARS),
            )
            _, seconds = _timed(
                lambda: _a_day_of_new_data(
                    runtime, users["owner"], events=day_events, transactions=day_transactions, rng=rng
                )
            )  # fmt: skip
            incremental = refresh_snapshot(runtime)
            result["incremental_refresh"] = {
                "new_events": day_events,
                "new_transactions": day_transactions,
                "writing_them_seconds": seconds,
                "seconds": incremental.seconds["total"],
                "phases": incremental.seconds,
                "staged_rows": incremental.staged_rows,
                "mode": incremental.mode,
                "target_seconds": 5,
                "passed": incremental.seconds["total"] < 5,
            }
            unchanged = refresh_snapshot(runtime)
            result["refresh_without_changes_seconds"] = unchanged.seconds["total"]

            owner = users["owner"]["actor"]
            ranges = {
                "last_year": (TODAY - timedelta(days=365), TODAY),
                "five_years": (FIRST_DAY, TODAY),
            }
            result["analytics_queries"] = _time_queries(runtime, owner, ranges, args.repeats)

            typical = users["typical"]["actor"]
            week_start = datetime.combine(
                TODAY - timedelta(days=TODAY.weekday() + 7),
                datetime.min.time(),
                ZoneInfo(typical.timezone),
            )
            week_end = week_start + timedelta(days=7)

            def week_view(actor=typical):
                with runtime.uow() as uow:
                    return calendar.list_events(
                        uow, actor, start=week_start, end=week_end, limit=1000
                    )

            def owner_week_first_50():
                with runtime.uow() as uow:
                    return calendar.list_events(
                        uow, owner, start=week_start, end=week_end, limit=50
                    )

            shown = len(week_view())
            timing = _summary(_samples_ms(week_view, args.repeats))
            result["calendar_week_view"] = {
                "events_in_week": shown,
                **timing,
                "owner_week_first_50_events": _summary(
                    _samples_ms(owner_week_first_50, args.repeats)
                ),
                "target_ms": 200,
                "passed": timing["p95_ms"] < 200,
            }
        finally:
            runtime.dispose()
            get_settings.cache_clear()
    result["passed"] = all(
        result[k]["passed"]
        for k in ("incremental_refresh", "analytics_queries", "calendar_week_view")
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
