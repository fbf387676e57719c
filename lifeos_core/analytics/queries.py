"""The queries behind the app's Analytics page, over the published snapshot.

Each takes a connection from :func:`lifeos_core.analytics.connect`, the acting user and an
inclusive date range, and returns a DataFrame for a chart: only that user's rows, with every
value passed as a bound parameter. Money stays DECIMAL in the snapshot; the frames carry it
as floats, which is what a chart draws.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from lifeos_core.auth.schemas import Actor
from lifeos_core.auth.service import require

READ_PERMISSION = "insights.read"


def _frame(
    con: duckdb.DuckDBPyConnection, actor: Actor, sql: str, start: date, end: date
) -> pd.DataFrame:
    require(actor, READ_PERMISSION)
    return con.execute(sql, {"user_id": actor.user_id, "start": start, "end": end}).df()


def time_allocation(
    con: duckdb.DuckDBPyConnection, actor: Actor, *, start: date, end: date
) -> pd.DataFrame:
    """``week, domain, minutes, hours``: each week (a Monday) that overlaps the range."""
    return _frame(
        con,
        actor,
        """
        SELECT week, domain, minutes, round(minutes / 60, 2) AS hours
        FROM time_allocation
        WHERE user_id = $user_id AND week BETWEEN date_trunc('week', $start::DATE) AND $end
        ORDER BY week, domain
        """,
        start,
        end,
    )


def spending_by_category(
    con: duckdb.DuckDBPyConnection, actor: Actor, *, start: date, end: date
) -> pd.DataFrame:
    """``month, category, amount, transactions``: money out, each month touching the range."""
    return _frame(
        con,
        actor,
        """
        SELECT month, category, sum(amount)::DOUBLE AS amount,
               sum(transactions)::INTEGER AS transactions
        FROM spending
        WHERE user_id = $user_id AND month BETWEEN date_trunc('month', $start::DATE) AND $end
        GROUP BY month, category
        ORDER BY month, amount DESC, category
        """,
        start,
        end,
    )


def habit_heatmap(
    con: duckdb.DuckDBPyConnection, actor: Actor, *, start: date, end: date
) -> pd.DataFrame:
    """``day, habit, value``: check-ins per habit and day (days without one are absent)."""
    return _frame(
        con,
        actor,
        """
        SELECT day, habit, value
        FROM habit_facts
        WHERE user_id = $user_id AND day BETWEEN $start AND $end
        ORDER BY habit, day
        """,
        start,
        end,
    )


def workout_volume(
    con: duckdb.DuckDBPyConnection, actor: Actor, *, start: date, end: date
) -> pd.DataFrame:
    """``week, workout_type, sessions, minutes, calories`` per week."""
    return _frame(
        con,
        actor,
        """
        SELECT date_trunc('week', day)::DATE AS week, workout_type,
               sum(sessions)::INTEGER AS sessions, sum(minutes)::BIGINT AS minutes,
               sum(calories)::BIGINT AS calories
        FROM workout_facts
        WHERE user_id = $user_id AND day BETWEEN $start AND $end
        GROUP BY week, workout_type
        ORDER BY week, workout_type
        """,
        start,
        end,
    )


def practice_hours(
    con: duckdb.DuckDBPyConnection, actor: Actor, *, start: date, end: date
) -> pd.DataFrame:
    """``skill, hours, sessions``: practice per skill over the range, most practised first."""
    return _frame(
        con,
        actor,
        """
        SELECT skill, round(sum(minutes) / 60, 2) AS hours, sum(sessions)::INTEGER AS sessions
        FROM practice_facts
        WHERE user_id = $user_id AND day BETWEEN $start AND $end
        GROUP BY skill
        ORDER BY hours DESC, skill
        """,
        start,
        end,
    )


def mood_vs_exercise(
    con: duckdb.DuckDBPyConnection, actor: Actor, *, start: date, end: date
) -> pd.DataFrame:
    """``day, mood, exercise_minutes, workouts``: every day with a mood rating."""
    return _frame(
        con,
        actor,
        """
        SELECT day, mood, exercise_minutes::BIGINT AS exercise_minutes,
               workouts::INTEGER AS workouts
        FROM mood_vs_exercise
        WHERE user_id = $user_id AND day BETWEEN $start AND $end
        ORDER BY day
        """,
        start,
        end,
    )


def timeline(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    *,
    start: date,
    end: date,
    limit: int = 200,
) -> pd.DataFrame:
    """The newest records in the range, unconfirmed inferences included and flagged."""
    require(actor, READ_PERMISSION)
    return con.execute(
        """
        SELECT occurred_at, day, domain, record_type, record_id, title, amount, minutes, value,
               source, inferred_status, counts
        FROM timeline
        WHERE user_id = $user_id AND day BETWEEN $start AND $end
        ORDER BY occurred_at DESC, record_type, record_id
        LIMIT $limit
        """,
        {"user_id": actor.user_id, "start": start, "end": end, "limit": limit},
    ).df()


def built_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the snapshot behind ``con`` was built."""
    row = con.execute("SELECT built_at FROM snapshot_info").fetchone()
    return row[0] if row else None


APP_QUERIES = (
    time_allocation,
    spending_by_category,
    habit_heatmap,
    workout_volume,
    practice_hours,
    mood_vs_exercise,
)
