"""Refreshing the analytics snapshot from the app database.

    report = refresh_snapshot(runtime)            # incremental when a snapshot exists
    report = refresh_snapshot(runtime, full=True) # everything read again, file compacted

A refresh copies the published file to ``<name>.building`` (or starts an empty one), brings
its ``staging`` copies up to date, derives the read models from them, checkpoints and
publishes the file atomically (:mod:`lifeos_core.analytics.snapshot`).

Incremental means: the audit log names the users and domains that changed since the last
refresh (:mod:`lifeos_core.analytics.changes`); calendar events are read again by id,
interpretations follow their events, transactions and ledger lines are read by timestamp,
and a small domain that changed is read whole (a few thousand rows). A user the snapshot has
not seen yet is read whole. The read models are then derived again from ``staging`` in
DuckDB, which takes well under a second for millions of rows.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from lifeos_core.analytics import schema, sources
from lifeos_core.analytics.changes import OVERLAP, UserChanges, changes_since
from lifeos_core.analytics.schema import STAGING, StagingTable
from lifeos_core.analytics.snapshot import (
    building_path,
    discard,
    open_snapshot,
    publish,
    snapshot_path,
    writer_lock,
)
from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.database import utcnow
from lifeos_core.runtime import Runtime


@dataclass
class RefreshReport:
    mode: str  # "full" or "incremental"
    path: str
    users: int = 0
    users_read_whole: int = 0
    users_changed: int = 0
    staged_rows: dict[str, int] = field(default_factory=dict)  # rows (re)written per table
    read_models: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_metadata(self) -> dict:
        return asdict(self)


# --- writing staging rows -------------------------------------------------------------------
# Table names below come from schema.STAGING_TABLES (constants), never from input.


def _insert(con: duckdb.DuckDBPyConnection, table: StagingTable, rows: list[dict]) -> int:
    if not rows:
        return 0
    con.register("incoming", table.arrow(rows))
    try:
        con.execute(f"INSERT INTO {table.qualified} BY NAME SELECT * FROM incoming")  # noqa: S608
    finally:
        con.unregister("incoming")
    return len(rows)


def _replace(
    con: duckdb.DuckDBPyConnection, table: StagingTable, user_id: int, rows: list[dict]
) -> int:
    con.execute(f"DELETE FROM {table.qualified} WHERE user_id = ?", [user_id])  # noqa: S608
    return _insert(con, table, rows)


def _delete_ids(
    con: duckdb.DuckDBPyConnection,
    table: StagingTable,
    user_id: int,
    ids: Iterable[int],
    column: str = "id",
) -> None:
    ids = sorted(ids)
    if ids:
        con.execute(
            f"DELETE FROM {table.qualified} WHERE user_id = ? "  # noqa: S608
            f"AND {column} IN (SELECT unnest(?::BIGINT[]))",
            [user_id, ids],
        )


def _upsert(
    con: duckdb.DuckDBPyConnection, table: StagingTable, user_id: int, rows: list[dict]
) -> int:
    _delete_ids(con, table, user_id, (row["id"] for row in rows))
    return _insert(con, table, rows)


# --- one user ---------------------------------------------------------------------------------


class _UserRefresh:
    """Brings one user's staging rows up to date and notes what the timeline must redo."""

    def __init__(self, con: duckdb.DuckDBPyConnection, runtime: Runtime, actor: Actor):
        self.con, self.runtime, self.actor = con, runtime, actor
        self.user_id = actor.user_id
        self.staged: Counter[str] = Counter()

    def whole(self) -> None:
        """Everything of this user, read again."""
        actor = self.actor
        with self.runtime.uow() as uow:
            self._replace(schema.CALENDAR_EVENTS, sources.calendar_events(uow, actor))
            self._replace(schema.INTERPRETATIONS, sources.interpretations(uow, actor))
        with self.runtime.uow() as uow:
            self._stage(sources.accounts(uow, actor))
            self._replace(schema.TRANSACTIONS, sources.transactions(uow, actor, changed_since=None))
            self._replace(schema.LEDGER_LINES, sources.ledger_lines(uow, actor, posted_since=None))
        for reader in sources.WHOLE_DOMAINS.values():
            with self.runtime.uow() as uow:
                self._stage(reader(uow, actor))
        self.con.execute("INSERT INTO rebuilt_users VALUES (?)", [self.user_id])

    def changed(self, changes: UserChanges, since: datetime) -> None:
        """What the audit log says changed since the last refresh."""
        con, uid = self.con, self.user_id
        if changes.calendar_event_ids:
            with self.runtime.uow() as uow:
                rows, _gone = sources.calendar_events_by_id(
                    uow, self.actor, changes.calendar_event_ids
                )
            _delete_ids(con, schema.CALENDAR_EVENTS, uid, changes.calendar_event_ids)
            self.staged[schema.CALENDAR_EVENTS.name] += _insert(con, schema.CALENDAR_EVENTS, rows)
            self._touch("calendar/event", changes.calendar_event_ids)
        if changes.interpretations:
            rows = [{"user_id": uid, **row} for row in changes.interpretations.values()]
            self.staged[schema.INTERPRETATIONS.name] += _upsert(
                con, schema.INTERPRETATIONS, uid, rows
            )
        for interpretation_id, status in changes.interpretation_statuses.items():
            con.execute(
                f"UPDATE {schema.INTERPRETATIONS.qualified} SET status = ? "  # noqa: S608
                "WHERE user_id = ? AND id = ?",
                [status, uid, interpretation_id],
            )
            self.staged[schema.INTERPRETATIONS.name] += 1
        for domain in sorted(self._dirty_domains(changes)):
            if domain == "finance":
                self._finance(changes, since)
            else:
                with self.runtime.uow() as uow:
                    self._stage(sources.WHOLE_DOMAINS[domain](uow, self.actor))

    def _dirty_domains(self, changes: UserChanges) -> set[str]:
        """Domains with events, and those whose records a review decision touched."""
        dirty = set(changes.domains)
        dirty.update(record_type.split("/", 1)[0] for record_type in changes.decided_record_types)
        if changes.decided_interpretation_ids:
            dirty.update(
                domain
                for (domain,) in self.con.execute(
                    f"SELECT DISTINCT domain FROM {schema.INTERPRETATIONS.qualified} "  # noqa: S608
                    "WHERE user_id = ? AND id IN (SELECT unnest(?::BIGINT[]))",
                    [self.user_id, sorted(changes.decided_interpretation_ids)],
                ).fetchall()
            )
        return dirty & set(sources.RECORD_DOMAINS)

    def _finance(self, changes: UserChanges, since: datetime) -> None:
        con, uid = self.con, self.user_id
        with self.runtime.uow() as uow:
            self._stage(sources.accounts(uow, self.actor))
            changed = sources.transactions(uow, self.actor, changed_since=since)
            posted = sources.ledger_lines(uow, self.actor, posted_since=since)
        _delete_ids(con, schema.TRANSACTIONS, uid, changes.deleted_transaction_ids)
        self.staged[schema.TRANSACTIONS.name] += _upsert(con, schema.TRANSACTIONS, uid, changed)
        self._touch(
            "finance/transaction",
            {row["id"] for row in changed} | changes.deleted_transaction_ids,
        )
        _delete_ids(con, schema.LEDGER_LINES, uid, changes.unposted_entry_ids, column="entry_id")
        self.staged[schema.LEDGER_LINES.name] += _upsert(con, schema.LEDGER_LINES, uid, posted)

    def _replace(self, table: StagingTable, rows: list[dict]) -> None:
        self.staged[table.name] += _replace(self.con, table, self.user_id, rows)

    def _stage(self, rows: sources.Rows) -> None:
        for table, table_rows in rows.items():
            self._replace(table, table_rows)

    def _touch(self, record_type: str, ids: Iterable[int]) -> None:
        """The timeline's rows of these records are derived again."""
        ids = sorted(ids)
        if ids:
            self.con.execute(
                "INSERT INTO touched SELECT ?, ?, unnest(?::BIGINT[])",
                [record_type, self.user_id, ids],
            )


# --- the snapshot -----------------------------------------------------------------------------


def _meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = ? AND table_name = 'meta'",
        [STAGING],
    ).fetchone()[0]
    if not exists:
        return {}
    return dict(con.execute(f"SELECT key, value FROM {STAGING}.meta").fetchall())  # noqa: S608


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    """The staging schema and its tables, where they do not exist yet."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STAGING}")
    con.execute(schema.META_SQL)
    for table in schema.STAGING_TABLES:
        con.execute(table.create_sql())


def derive_read_models(
    con: duckdb.DuckDBPyConnection, *, incremental: bool, seconds: dict[str, float] | None = None
) -> dict[str, int]:
    """The timeline by what changed (or whole), then every other read model whole.

    Returns each read model's row count; ``seconds`` (when given) gets each step's duration.
    """
    steps = (
        (("timeline-", schema.TIMELINE_DROP_CHANGED), ("timeline+", schema.TIMELINE_ADD_CHANGED))
        if incremental
        else (("timeline", schema.TIMELINE_FULL),)
    )
    for name, sql in (*steps, *schema.READ_MODELS, *schema.VIEWS):
        started = time.perf_counter()
        con.execute(sql)
        if seconds is not None:
            seconds[f"derive:{name}"] = round(time.perf_counter() - started, 3)
    counted = {
        name: con.execute(f"SELECT count(*) FROM main.{name}").fetchone()[0]  # noqa: S608
        for name in schema.READ_MODEL_NAMES
        if name != "ledger_lines"
    }
    # The view's rows are the staged lines; counting them needs no join.
    counted["ledger_lines"] = con.execute(
        f"SELECT count(*) FROM {schema.LEDGER_LINES.qualified}"  # noqa: S608
    ).fetchone()[0]
    return counted


def _write_meta(con: duckdb.DuckDBPyConnection, values: dict[str, str]) -> None:
    con.execute(f"DELETE FROM {STAGING}.meta")  # noqa: S608
    con.executemany(
        f"INSERT INTO {STAGING}.meta VALUES (?, ?)",  # noqa: S608
        sorted(values.items()),
    )


def refresh_snapshot(
    runtime: Runtime, *, path: Path | str | None = None, full: bool = False
) -> RefreshReport:
    """Bring the snapshot up to date with the app database and publish it atomically.

    Incremental when a snapshot of the current ``SCHEMA_VERSION`` is published and ``full``
    is false; otherwise everything is read into a fresh file.
    """
    path = snapshot_path(path or runtime.settings.duckdb_path)
    clock = _Clock()
    with writer_lock(path):
        building = building_path(path)
        discard(building)  # what a crashed refresh left behind
        since = None if full else _changes_until(path)
        if since is not None:
            shutil.copyfile(path, building)
        clock.lap("copy")
        con = duckdb.connect(str(building))
        try:
            report = _refresh(con, runtime, path, since=since)
            clock.lap("read")
            steps: dict[str, float] = {}
            report.read_models = derive_read_models(
                con, incremental=since is not None, seconds=steps
            )
            clock.lap("derive")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        publish(building, path)
        clock.lap("write")
    report.seconds = {**clock.laps, **steps}
    return report


def _changes_until(path: Path) -> datetime | None:
    """Where the published snapshot's changes end, if a refresh can continue from it."""
    if not path.exists():
        return None
    with open_snapshot(path) as con:
        meta = _meta(con)
    if meta.get("schema_version") != str(schema.SCHEMA_VERSION) or "changes_until" not in meta:
        return None
    return datetime.fromisoformat(meta["changes_until"])


class _Clock:
    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 3)
        self.laps["total"] = round(now - self.started, 3)
        self.last = now


def _refresh(
    con: duckdb.DuckDBPyConnection, runtime: Runtime, path: Path, *, since: datetime | None
) -> RefreshReport:
    """Staging brought up to date: what changed since ``since``, or everything when None."""
    con.execute("SET TimeZone = 'UTC'")
    started = utcnow()
    create_staging(con)
    report = RefreshReport(mode="full" if since is None else "incremental", path=str(path))
    if since is not None:
        since -= OVERLAP

    with runtime.uow() as uow:
        actors = {uid: auth.get_actor(uow, uid) for uid in auth.all_active_user_ids(uow)}
        changes = changes_since(uow, since) if since is not None else {}
    known = dict(con.execute(f"SELECT user_id, timezone FROM {schema.USERS.qualified}").fetchall())  # noqa: S608
    for sql in schema.CHANGES_SQL:
        con.execute(sql)

    gone = sorted(set(known) - set(actors))
    for table in schema.STAGING_TABLES:
        con.execute(
            f"DELETE FROM {table.qualified} WHERE user_id IN (SELECT unnest(?::BIGINT[]))",  # noqa: S608
            [gone],
        )
    # Time zones are read afresh: days derive from them, so a move re-dates the user's records.
    con.execute(f"DELETE FROM {schema.USERS.qualified}")  # noqa: S608
    _insert(
        con, schema.USERS, [{"user_id": a.user_id, "timezone": a.timezone} for a in actors.values()]
    )
    staged: Counter[str] = Counter()
    for uid, actor in actors.items():
        user = _UserRefresh(con, runtime, actor)
        if uid not in known:
            user.whole()
            report.users_read_whole += 1
        else:
            if known[uid] != actor.timezone:
                con.execute("INSERT INTO rebuilt_users VALUES (?)", [uid])
            if uid in changes:
                user.changed(changes[uid], since)
                report.users_changed += 1
        staged.update(user.staged)
    report.staged_rows = dict(sorted(staged.items()))
    report.users = len(actors)
    _write_meta(
        con,
        {
            "schema_version": str(schema.SCHEMA_VERSION),
            "built_at": utcnow().isoformat(),
            "changes_until": started.isoformat(),
            "mode": report.mode,
        },
    )
    return report
