"""Analytics: DuckDB read models built from the app database, for the app and for notebooks.

Dagster's analytics job (or ``lifeos analytics refresh``) brings a snapshot file up to date
incrementally and publishes it atomically (:mod:`lifeos_core.analytics.build`); the app's
Analytics page (:mod:`lifeos_core.analytics.queries`) and notebooks (:func:`connect`) read
the published file read-only and never wait for a build.

The read models (tables unless marked as views; every one has ``user_id``):

``timeline``
    Every record of every domain, one row each: ``user_id, occurred_at`` (UTC; a date-only
    record at its local midnight), ``day`` (the owner's local date), ``domain``,
    ``record_type`` (``calendar/event``, ``finance/transaction``, ``habits/log``,
    ``health/workout``, ``health/meal``, ``health/biometric``, ``skills/practice``,
    ``projects/time_log``, ``relationships/interaction``, ``journal/entry``), ``record_id``,
    ``title`` (private events and journal entries say so instead), ``amount`` (signed money,
    DECIMAL), ``minutes``, ``value`` (calories, quality, mood, weight: per record type),
    ``source``, ``inferred_status``, ``calendar_event_id`` and ``counts``. Inferences still
    waiting for review are present and flagged (``inferred_status = 'inferred'``, ``counts``
    false); rejected and ignored ones are absent. Every table below counts only records with
    ``counts`` true (typed in or confirmed).
``daily_rollup``
    ``user_id, day, domain, records, minutes, amount``: the timeline per day and domain.
``time_allocation``
    ``user_id, week`` (Monday), ``domain, minutes``: calendar time by the domain of each
    event's confirmed interpretation (``unassigned`` without one), plus durations typed in
    by hand (workouts, practice, time logs) that no calendar event already covers.
``spending``
    ``user_id, month`` (first day), ``category`` (the counter account's category, else the
    account), ``account, amount`` (money out, positive DECIMAL), ``transactions``.
``ledger_lines`` (view)
    ``user_id, entry_id, line_id, entry_date, account_id, account, account_type, debit,
    credit``: the double-entry ledger; debits equal credits per entry and per user.
``habit_facts``
    ``user_id, day, habit_id, habit, is_active, value, logs``: check-ins per habit and day.
``practice_facts``
    ``user_id, day, skill_id, skill, category, sessions, minutes``.
``workout_facts``
    ``user_id, day, workout_type, sessions, minutes, calories``.
``mood_daily``
    ``user_id, day, mood, entries``: the journal's mood series (average of a day's ratings).
``mood_vs_exercise`` (view)
    ``user_id, day, mood, exercise_minutes, workouts``: each rated day with its workouts.
``snapshot_info`` (view)
    ``built_at, mode, schema_version, changes_until``: which refresh wrote this snapshot.

The ``staging`` schema holds the raw copies the read models are derived from; it changes
shape whenever the builder needs it to, so query the read models.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from lifeos_core.analytics.snapshot import SnapshotMissing, open_snapshot, snapshot_path

__all__ = ["SnapshotMissing", "connect", "snapshot_path"]


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the published analytics snapshot.

    ``path`` defaults to ``LIFEOS_DUCKDB_PATH`` (``var/analytics.duckdb``). The connection
    sees one complete snapshot for as long as it is open, even while newer ones are
    published; open a new one to see them. Raises :class:`SnapshotMissing` before the first
    refresh. Use it as a context manager, or close it::

        with analytics.connect() as con:
            con.sql("SELECT week, domain, minutes FROM time_allocation WHERE user_id = 1").df()

    Tables and views (all with ``user_id``; see the module documentation for every column):

    - ``timeline``: every record of every domain, unconfirmed inferences flagged
      (``inferred_status = 'inferred'``, ``counts = false``)
    - ``daily_rollup``: records, minutes and amount per user, day and domain
    - ``time_allocation``: minutes per user, week and domain (from the calendar's confirmed
      interpretations, and durations typed in)
    - ``spending``: money out per user, month, category and account
    - ``ledger_lines`` (view): journal lines with their accounts (debits equal credits)
    - ``habit_facts``, ``practice_facts``, ``workout_facts``: per day
    - ``mood_daily``: the journal's mood per day
    - ``mood_vs_exercise`` (view): mood beside the day's workout minutes
    - ``snapshot_info`` (view): when and how this snapshot was built
    """
    return open_snapshot(path)
