"""The tables inside the analytics snapshot: raw copies in ``staging``, read models in ``main``.

``staging`` holds what the builder read from the app database, a table per kind of record,
every row keyed by ``user_id`` and the record's id. The read models in ``main`` are derived
from it by the SQL below on every refresh (DuckDB does that in well under a second for
millions of rows). The read models are the public surface, documented in
:mod:`lifeos_core.analytics`; ``staging`` may change shape with ``SCHEMA_VERSION``.

Table names here are constants, never input: the few statements that splice one into SQL
say so where they do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# Bump when a staging table or a read model changes shape: the next refresh rebuilds fully.
SCHEMA_VERSION = 1

# The schema of the raw copies. Not "analytics": DuckDB names a database after its file
# (analytics.duckdb -> catalog "analytics"), and a schema of the same name makes every
# qualified name ambiguous.
STAGING = "staging"

_ARROW = {
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "VARCHAR": pa.string(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "DECIMAL(14,2)": pa.decimal128(14, 2),
    "DECIMAL(5,2)": pa.decimal128(5, 2),
}


@dataclass(frozen=True)
class StagingTable:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, DuckDB type); user_id comes first

    @property
    def qualified(self) -> str:
        return f"{STAGING}.{self.name}"

    def create_sql(self) -> str:
        columns = ", ".join(f"{column} {kind}" for column, kind in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.qualified} ({columns})"

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(column, _ARROW[kind]) for column, kind in self.columns])

    def arrow(self, rows: list[dict]) -> pa.Table:
        return pa.Table.from_pylist(rows, schema=self.arrow_schema())


def _table(name: str, *columns: str) -> StagingTable:
    parsed = tuple(tuple(column.split(" ", 1)) for column in ("user_id BIGINT", *columns))
    return StagingTable(name, parsed)  # type: ignore[arg-type]


INFERRED = ("source VARCHAR", "inferred_status VARCHAR", "calendar_event_id BIGINT")

USERS = _table("users", "timezone VARCHAR")
CALENDAR_EVENTS = _table(
    "calendar_events",
    "id BIGINT", "title VARCHAR", "start_time TIMESTAMPTZ", "end_time TIMESTAMPTZ",
    "all_day BOOLEAN", "source VARCHAR", "is_private BOOLEAN",
)  # fmt: skip
INTERPRETATIONS = _table(
    "interpretations",
    "id BIGINT", "calendar_event_id BIGINT", "domain VARCHAR", "record_type VARCHAR",
    "confidence DOUBLE", "status VARCHAR",
)  # fmt: skip
TRANSACTIONS = _table(
    "transactions",
    "id BIGINT", "occurred_on DATE", "amount DECIMAL(14,2)", "description VARCHAR",
    "counterparty VARCHAR", "account_id BIGINT", "payment_account_id BIGINT", *INFERRED,
    "updated_at TIMESTAMPTZ",
)  # fmt: skip
LEDGER_LINES = _table(
    "ledger_lines",
    "id BIGINT", "entry_id BIGINT", "entry_date DATE", "account_id BIGINT",
    "debit DECIMAL(14,2)", "credit DECIMAL(14,2)", "posted_at TIMESTAMPTZ",
)  # fmt: skip
ACCOUNTS = _table(
    "accounts", "id BIGINT", "name VARCHAR", "account_type VARCHAR", "category VARCHAR"
)
HABITS = _table("habits", "id BIGINT", "name VARCHAR", "is_active BOOLEAN")
HABIT_LOGS = _table(
    "habit_logs",
    "id BIGINT", "habit_id BIGINT", "logged_date DATE", "value INTEGER",
    "source VARCHAR", "inferred_status VARCHAR",
)  # fmt: skip
WORKOUTS = _table(
    "workouts",
    "id BIGINT", "workout_date DATE", "started_at TIMESTAMPTZ", "workout_type VARCHAR",
    "duration_minutes INTEGER", "intensity VARCHAR", "calories INTEGER", *INFERRED,
)  # fmt: skip
MEALS = _table(
    "meals",
    "id BIGINT", "meal_date DATE", "meal_type VARCHAR", "calories INTEGER",
    "quality INTEGER", *INFERRED,
)  # fmt: skip
BIOMETRICS = _table(
    "biometrics",
    "id BIGINT", "measured_on DATE", "weight_kg DECIMAL(5,2)", "resting_hr INTEGER",
    "energy_level INTEGER", "stress_level INTEGER",
)  # fmt: skip
SKILLS = _table("skills", "id BIGINT", "name VARCHAR", "category VARCHAR")
PRACTICE_SESSIONS = _table(
    "practice_sessions",
    "id BIGINT", "skill_id BIGINT", "practiced_at TIMESTAMPTZ", "duration_minutes INTEGER",
    "quality INTEGER", *INFERRED,
)  # fmt: skip
PROJECTS = _table("projects", "id BIGINT", "name VARCHAR", "status VARCHAR")
TIME_LOGS = _table(
    "time_logs",
    "id BIGINT", "project_id BIGINT", "task_id BIGINT", "logged_date DATE",
    "minutes INTEGER", *INFERRED,
)  # fmt: skip
INTERACTIONS = _table(
    "interactions",
    "id BIGINT", "person_id BIGINT", "person VARCHAR", "interaction_type VARCHAR",
    "occurred_at TIMESTAMPTZ", *INFERRED,
)  # fmt: skip
JOURNAL_ENTRIES = _table(
    "journal_entries",
    "id BIGINT", "entry_date DATE", "title VARCHAR", "mood INTEGER", "is_private BOOLEAN",
)  # fmt: skip
MOOD_DAYS = _table("mood_days", "day DATE", "mood DOUBLE", "entries INTEGER")

STAGING_TABLES = (
    USERS, CALENDAR_EVENTS, INTERPRETATIONS, TRANSACTIONS, LEDGER_LINES, ACCOUNTS, HABITS,
    HABIT_LOGS, WORKOUTS, MEALS, BIOMETRICS, SKILLS, PRACTICE_SESSIONS, PROJECTS, TIME_LOGS,
    INTERACTIONS, JOURNAL_ENTRIES, MOOD_DAYS,
)  # fmt: skip

META_SQL = f"CREATE TABLE IF NOT EXISTS {STAGING}.meta (key VARCHAR, value VARCHAR)"

# --- read models ----------------------------------------------------------------------------
#
# A record counts (totals, rollups, facts) when typed in or confirmed; an inference waiting
# for review is kept in the timeline, flagged (counts = false), and counts toward nothing;
# rejected and ignored inferences are left out altogether.

# Every record of every type, before the owner's time zone gives it a day (or, for a
# date-only record, an instant).
_TIMELINE_RECORDS = """
    SELECT user_id, start_time AS occurred_at, NULL::DATE AS day, 'calendar' AS domain,
           'calendar/event' AS record_type, id AS record_id,
           CASE WHEN is_private THEN 'Private event' ELSE title END AS title,
           CASE WHEN all_day OR end_time IS NULL THEN NULL
                ELSE least(greatest(date_diff('minute', start_time, end_time), 0), 1440)
           END AS minutes,
           source
    FROM staging.calendar_events
    UNION ALL BY NAME
    SELECT user_id, occurred_on AS day, 'finance' AS domain, 'finance/transaction' AS record_type,
           id AS record_id, description AS title, amount, source, inferred_status,
           calendar_event_id
    FROM staging.transactions WHERE coalesce(inferred_status, 'confirmed') IN ('confirmed', 'inferred')
    UNION ALL BY NAME
    SELECT l.user_id, l.logged_date AS day, 'habits' AS domain, 'habits/log' AS record_type,
           l.id AS record_id, h.name AS title, l.value::DOUBLE AS value, l.source,
           l.inferred_status
    FROM staging.habit_logs l
    JOIN staging.habits h ON h.user_id = l.user_id AND h.id = l.habit_id
    WHERE coalesce(inferred_status, 'confirmed') IN ('confirmed', 'inferred')
    UNION ALL BY NAME
    SELECT user_id, started_at AS occurred_at, workout_date AS day,
           'health' AS domain, 'health/workout' AS record_type, id AS record_id,
           workout_type AS title, duration_minutes AS minutes, calories::DOUBLE AS value, source,
           inferred_status, calendar_event_id
    FROM staging.workouts WHERE coalesce(inferred_status, 'confirmed') IN ('confirmed', 'inferred')
    UNION ALL BY NAME
    SELECT user_id, meal_date AS day, 'health' AS domain, 'health/meal' AS record_type,
           id AS record_id, meal_type AS title, calories::DOUBLE AS value, source,
           inferred_status, calendar_event_id
    FROM staging.meals WHERE coalesce(inferred_status, 'confirmed') IN ('confirmed', 'inferred')
    UNION ALL BY NAME
    SELECT user_id, measured_on AS day, 'health' AS domain, 'health/biometric' AS record_type,
           id AS record_id, 'Biometrics' AS title, weight_kg::DOUBLE AS value, 'manual' AS source
    FROM staging.biometrics
    UNION ALL BY NAME
    SELECT p.user_id, p.practiced_at AS occurred_at, 'skills' AS domain,
           'skills/practice' AS record_type, p.id AS record_id, s.name AS title,
           p.duration_minutes AS minutes, p.quality::DOUBLE AS value, p.source,
           p.inferred_status, p.calendar_event_id
    FROM staging.practice_sessions p
    JOIN staging.skills s ON s.user_id = p.user_id AND s.id = p.skill_id
    WHERE coalesce(inferred_status, 'confirmed') IN ('confirmed', 'inferred')
    UNION ALL BY NAME
    SELECT l.user_id, l.logged_date AS day, 'projects' AS domain,
           'projects/time_log' AS record_type, l.id AS record_id,
           coalesce(p.name, 'Unassigned work') AS title, l.minutes, l.source, l.inferred_status,
           l.calendar_event_id
    FROM staging.time_logs l
    LEFT JOIN staging.projects p ON p.user_id = l.user_id AND p.id = l.project_id
    WHERE coalesce(inferred_status, 'confirmed') IN ('confirmed', 'inferred')
    UNION ALL BY NAME
    SELECT user_id, occurred_at, 'relationships' AS domain,
           'relationships/interaction' AS record_type, id AS record_id,
           interaction_type || coalesce(' with ' || person, '') AS title, source,
           inferred_status, calendar_event_id
    FROM staging.interactions WHERE coalesce(inferred_status, 'confirmed') IN ('confirmed', 'inferred')
    UNION ALL BY NAME
    SELECT user_id, entry_date AS day, 'journal' AS domain, 'journal/entry' AS record_type,
           id AS record_id,
           CASE WHEN is_private THEN 'Private entry' ELSE coalesce(title, 'Journal entry') END
               AS title,
           mood::DOUBLE AS value, 'manual' AS source
    FROM staging.journal_entries
"""

# The two big record types (calendar events, transactions) are maintained row by row; the
# others (a few thousand rows a user) are derived again whole on every refresh.
SMALL_RECORD_TYPES = (
    "habits/log", "health/workout", "health/meal", "health/biometric", "skills/practice",
    "projects/time_log", "relationships/interaction", "journal/entry",
)  # fmt: skip

# Temporary tables a refresh fills: the records of the big types it read again, and the users
# whose records it read whole (or whose time zone moved).
CHANGES_SQL = (
    "CREATE OR REPLACE TEMP TABLE touched (record_type VARCHAR, user_id BIGINT, id BIGINT)",
    "CREATE OR REPLACE TEMP TABLE rebuilt_users (user_id BIGINT)",
)


def _timeline_rows(keep: str) -> str:
    return (
        "WITH records AS (" + _TIMELINE_RECORDS + ")\n"
        "SELECT r.user_id,\n"
        "       coalesce(r.occurred_at, timezone(u.timezone, r.day::TIMESTAMP)) AS occurred_at,\n"
        "       coalesce(r.day, timezone(u.timezone, r.occurred_at)::DATE) AS day,\n"
        "       r.domain, r.record_type, r.record_id, r.title, r.amount,\n"
        "       r.minutes::INTEGER AS minutes, r.value, r.source, r.inferred_status,\n"
        "       r.calendar_event_id,\n"
        "       coalesce(r.inferred_status, 'confirmed') = 'confirmed' AS counts\n"
        "FROM records r JOIN staging.users u ON u.user_id = r.user_id\n"
        "WHERE " + keep
    )


TIMELINE_FULL = "CREATE OR REPLACE TABLE main.timeline AS " + _timeline_rows("TRUE")
TIMELINE_DROP_CHANGED = """
DELETE FROM main.timeline AS x
WHERE x.record_type NOT IN ('calendar/event', 'finance/transaction')
   OR x.user_id NOT IN (SELECT user_id FROM staging.users)
   OR x.user_id IN (SELECT user_id FROM rebuilt_users)
   OR EXISTS (SELECT 1 FROM touched t WHERE t.record_type = x.record_type
              AND t.user_id = x.user_id AND t.id = x.record_id)
"""
# Constants only: no input reaches these statements.
TIMELINE_ADD_CHANGED = "INSERT INTO main.timeline " + _timeline_rows(  # noqa: S608
    """r.record_type NOT IN ('calendar/event', 'finance/transaction')
   OR r.user_id IN (SELECT user_id FROM rebuilt_users)
   OR EXISTS (SELECT 1 FROM touched t WHERE t.record_type = r.record_type
              AND t.user_id = r.user_id AND t.id = r.record_id)"""
)

_DAILY_ROLLUP = """
CREATE OR REPLACE TABLE main.daily_rollup AS
SELECT user_id, day, domain, count(*)::INTEGER AS records,
       coalesce(sum(minutes), 0)::BIGINT AS minutes, sum(amount) AS amount
FROM main.timeline WHERE counts
GROUP BY user_id, day, domain
"""

# An event's time goes to the domain of its confirmed interpretation (money is not time: a
# finance reading only when it is the only one), or to "unassigned"; records typed in with a
# duration add their own time (records from the calendar do not: their event already did).
_TIME_ALLOCATION = """
CREATE OR REPLACE TABLE main.time_allocation AS
WITH best AS (
    SELECT user_id, calendar_event_id,
           first(domain ORDER BY domain = 'finance', confidence DESC, id) AS domain
    FROM staging.interpretations WHERE status = 'confirmed'
    GROUP BY user_id, calendar_event_id
), spans AS (
    SELECT t.user_id, t.day, coalesce(b.domain, 'unassigned') AS domain, t.minutes
    FROM main.timeline t
    LEFT JOIN best b ON b.user_id = t.user_id AND b.calendar_event_id = t.record_id
    WHERE t.record_type = 'calendar/event' AND t.minutes > 0
    UNION ALL
    SELECT user_id, day, domain, minutes FROM main.timeline
    WHERE domain <> 'calendar' AND counts AND minutes > 0 AND calendar_event_id IS NULL
)
SELECT user_id, date_trunc('week', day)::DATE AS week, domain, sum(minutes)::BIGINT AS minutes
FROM spans GROUP BY user_id, week, domain
"""

_SPENDING = """
CREATE OR REPLACE TABLE main.spending AS
SELECT t.user_id, date_trunc('month', t.occurred_on)::DATE AS month,
       coalesce(a.category, a.name, 'Uncategorised') AS category,
       coalesce(a.name, 'Uncategorised') AS account,
       sum(-t.amount) AS amount, count(*)::INTEGER AS transactions
FROM staging.transactions t
LEFT JOIN staging.accounts a ON a.user_id = t.user_id AND a.id = t.account_id
WHERE t.amount < 0 AND coalesce(t.inferred_status, 'confirmed') = 'confirmed'
GROUP BY ALL
"""

_LEDGER_LINES = """
CREATE OR REPLACE VIEW main.ledger_lines AS
SELECT l.user_id, l.entry_id, l.id AS line_id, l.entry_date, l.account_id,
       a.name AS account, a.account_type, l.debit, l.credit
FROM staging.ledger_lines l
LEFT JOIN staging.accounts a ON a.user_id = l.user_id AND a.id = l.account_id
"""

_HABIT_FACTS = """
CREATE OR REPLACE TABLE main.habit_facts AS
SELECT l.user_id, l.logged_date AS day, l.habit_id, h.name AS habit, h.is_active,
       sum(l.value)::INTEGER AS value, count(*)::INTEGER AS logs
FROM staging.habit_logs l
JOIN staging.habits h ON h.user_id = l.user_id AND h.id = l.habit_id
WHERE coalesce(l.inferred_status, 'confirmed') = 'confirmed'
GROUP BY ALL
"""

_PRACTICE_FACTS = """
CREATE OR REPLACE TABLE main.practice_facts AS
SELECT p.user_id, timezone(u.timezone, p.practiced_at)::DATE AS day, p.skill_id,
       s.name AS skill, s.category, count(*)::INTEGER AS sessions,
       coalesce(sum(p.duration_minutes), 0)::BIGINT AS minutes
FROM staging.practice_sessions p
JOIN staging.skills s ON s.user_id = p.user_id AND s.id = p.skill_id
JOIN staging.users u ON u.user_id = p.user_id
WHERE coalesce(p.inferred_status, 'confirmed') = 'confirmed'
GROUP BY ALL
"""

_WORKOUT_FACTS = """
CREATE OR REPLACE TABLE main.workout_facts AS
SELECT user_id, workout_date AS day, workout_type, count(*)::INTEGER AS sessions,
       coalesce(sum(duration_minutes), 0)::BIGINT AS minutes,
       coalesce(sum(calories), 0)::BIGINT AS calories
FROM staging.workouts WHERE coalesce(inferred_status, 'confirmed') = 'confirmed'
GROUP BY user_id, day, workout_type
"""

_MOOD_DAILY = """
CREATE OR REPLACE TABLE main.mood_daily AS
SELECT user_id, day, mood, entries FROM staging.mood_days
"""

_MOOD_VS_EXERCISE = """
CREATE OR REPLACE VIEW main.mood_vs_exercise AS
SELECT m.user_id, m.day, m.mood, coalesce(w.minutes, 0) AS exercise_minutes,
       coalesce(w.sessions, 0) AS workouts
FROM main.mood_daily m
LEFT JOIN (
    SELECT user_id, day, sum(minutes) AS minutes, sum(sessions) AS sessions
    FROM main.workout_facts GROUP BY user_id, day
) w ON w.user_id = m.user_id AND w.day = m.day
"""

_SNAPSHOT_INFO = """
CREATE OR REPLACE VIEW main.snapshot_info AS
SELECT max(value) FILTER (WHERE key = 'built_at')::TIMESTAMPTZ AS built_at,
       max(value) FILTER (WHERE key = 'mode') AS mode,
       max(value) FILTER (WHERE key = 'schema_version')::INTEGER AS schema_version,
       max(value) FILTER (WHERE key = 'changes_until')::TIMESTAMPTZ AS changes_until
FROM staging.meta
"""

# The timeline is maintained by the builder (TIMELINE_*); these are derived from it and from
# staging whole, which takes DuckDB a fraction of a second for millions of rows.
READ_MODELS = (
    ("daily_rollup", _DAILY_ROLLUP),
    ("time_allocation", _TIME_ALLOCATION),
    ("spending", _SPENDING),
    ("habit_facts", _HABIT_FACTS),
    ("practice_facts", _PRACTICE_FACTS),
    ("workout_facts", _WORKOUT_FACTS),
    ("mood_daily", _MOOD_DAILY),
)
VIEWS = (
    ("ledger_lines", _LEDGER_LINES),
    ("mood_vs_exercise", _MOOD_VS_EXERCISE),
    ("snapshot_info", _SNAPSHOT_INFO),
)
# Every read model, table or view, as Dagster and the documentation list them.
READ_MODEL_NAMES = ("timeline", *(name for name, _ in READ_MODELS), "ledger_lines")
