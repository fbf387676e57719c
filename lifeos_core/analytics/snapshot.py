"""The published snapshot file: opening it read-only, and replacing it atomically.

A DuckDB file has one writer, and while a process holds it open for writing no other process
can read it. So nothing ever writes the published file: a refresh copies it to
``<name>.building``, writes there, checkpoints, and ``os.replace``-s it onto the published
path. A reader opens whichever complete file the path names at that moment and keeps it
(on Linux an open file outlives its replacement), so it never waits for a build and never
sees half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from lifeos_core.config import get_settings
from lifeos_core.errors import LifeOSError

# The alias the snapshot is attached under in a reader's connection.
CATALOG = "snapshot"


class SnapshotMissing(LifeOSError):
    """No analytics snapshot has been built yet."""


def snapshot_path(path: Path | str | None = None) -> Path:
    return Path(path) if path is not None else Path(get_settings().duckdb_path)


def building_path(path: Path) -> Path:
    return path.with_name(path.name + ".building")


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def open_snapshot(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot (see ``lifeos_core.analytics.connect``).

    The file is attached to a fresh in-memory database rather than opened directly: DuckDB
    caches open databases by path within a process, so a second ``duckdb.connect(path)``
    while any connection is open would be handed the old file even after a newer one was
    published. Attaching opens the file that the path names now.
    """
    path = snapshot_path(path)
    if not path.exists():
        raise SnapshotMissing(
            f"No analytics snapshot yet at {path}; it is built by Dagster's analytics job "
            "(or `lifeos analytics refresh`)."
        )
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute(f"ATTACH {_quoted(path.resolve())} AS {CATALOG} (READ_ONLY)")
        connection.execute(f"USE {CATALOG}")
    except BaseException:
        connection.close()
        raise
    return connection


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """One builder at a time per snapshot, whoever starts it (Dagster, the CLI, a test).

    Dagster's ``duckdb`` pool already runs one writer at a time; this lock also covers a
    refresh started from the command line while Dagster runs one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def discard(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def publish(building: Path, path: Path) -> None:
    """Make the finished file the published one, durably and in one step."""
    with open(building, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(building, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
