"""Claiming and settling outbox messages.

Claims are leases. A claimed row moves to ``sending`` with ``available_at`` set to the end of
its lease and its attempt counted at claim time, so:

* a dispatcher that dies mid-batch loses nothing: its rows become claimable again when the
  lease runs out;
* a message that crashes the process cannot crash-loop it: its attempts grow with every
  claim and it goes ``dead`` after the last one.

Fresh rows (``pending``: never attempted) are claimed in batches. Rows that were already
attempted (``sending`` with a lapsed lease, or ``failed``) are claimed one at a time, so a
poison message cannot take its batch-mates down with it. Each kind has its own partial index,
so neither claim walks past the other kind's rows.

A message whose event type nobody subscribes to has nothing to deliver: the claim settles it
as ``sent`` in the same statement instead of leasing it (one write per message, not two).

On PostgreSQL the claim is ``WITH c AS (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) UPDATE …
WHERE id = ANY(ARRAY(SELECT id FROM c))``: the ``UPDATE … WHERE id IN (SELECT … SKIP LOCKED
LIMIT n)`` form can claim more than n rows when the planner picks a semi-join (PostgreSQL bug
#15715). The CTE runs once; probing the primary key with its array (rather than ``UPDATE …
FROM c``, which the planner likes to hash-join against a scan of the whole table) keeps a
claim's cost independent of how many sent rows the table holds. On SQLite a single ``UPDATE …
RETURNING`` inside ``BEGIN IMMEDIATE`` is atomic, since SQLite has one writer.
Times come from the database clock on PostgreSQL, so dispatchers on different hosts agree.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from lifeos_core.database import UTCDateTime, utcnow
from lifeos_core.outbox.models import (
    CLAIMABLE_STATUSES,
    FRESH_STATUSES,
    RETRY_STATUSES,
    OutboxMessage,
)

T = OutboxMessage
# The queue is never loaded as ORM objects, so bulk updates need not reconcile a session's
# identity map (which costs more than the update itself for a thousand-row batch).
NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    event_id: str
    user_id: int
    event_type: str
    payload_version: int
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class ClaimedBatch:
    leased: list[ClaimedMessage]  # to deliver, under a lease
    settled: int = 0  # no subscriber: marked sent by the claim itself


def _now(session: Session) -> sa.ColumnElement[datetime]:
    if session.get_bind().dialect.name == "postgresql":
        return sa.func.now()
    return sa.literal(utcnow(), UTCDateTime())


def _plus(session: Session, seconds: float) -> sa.ColumnElement[datetime]:
    if session.get_bind().dialect.name == "postgresql":
        return sa.func.now() + sa.literal(timedelta(seconds=seconds), sa.Interval())
    return sa.literal(utcnow() + timedelta(seconds=seconds), UTCDateTime())


def _claim(
    session: Session,
    *,
    limit: int,
    lease_seconds: float,
    retried: bool,
    subscribed: Collection[str] | None = None,
) -> ClaimedBatch:
    statuses = RETRY_STATUSES if retried else FRESH_STATUSES
    candidates = (
        sa.select(T.id)
        .where(T.status.in_(statuses), T.available_at <= _now(session))
        .order_by(T.available_at, T.id)
        .limit(limit)
    )
    lease_end = _plus(session, lease_seconds)
    if subscribed is None:  # every message is leased for delivery
        values = dict(status="sending", attempts=T.attempts + 1, available_at=lease_end)
        payload: sa.ColumnElement[Any] = T.payload
    else:  # nobody listens to the rest: they are delivered by being claimed
        wanted = T.event_type.in_(sorted(subscribed)) if subscribed else sa.false()
        values = dict(
            status=sa.case((wanted, "sending"), else_="sent"),
            attempts=T.attempts + 1,
            available_at=sa.case((wanted, lease_end), else_=T.available_at),
            sent_at=sa.case((wanted, T.sent_at), else_=_now(session)),
        )
        # RETURNING sees the new row: only leased messages need their payload decoded.
        payload = sa.case((T.status == "sending", T.payload), else_=sa.null()).label("payload")
    returning = (
        T.id,
        T.event_id,
        T.user_id,
        T.event_type,
        T.payload_version,
        payload,
        T.attempts,
        T.status,
    )
    if session.get_bind().dialect.name == "postgresql":
        claimed = candidates.with_for_update(skip_locked=True).cte("claimed")
        ids = sa.func.array(sa.select(claimed.c.id).scalar_subquery())
        stmt = sa.update(T).where(T.id == sa.any_(ids))
    else:
        stmt = sa.update(T).where(T.id.in_(candidates.scalar_subquery()))
    rows = session.execute(
        stmt.values(**values).returning(*returning), execution_options=NO_SYNC
    ).all()
    leased = [ClaimedMessage(*row[:-1]) for row in rows if row.status == "sending"]
    return ClaimedBatch(sorted(leased, key=lambda m: m.id), settled=len(rows) - len(leased))


def relax_commit(session: Session) -> None:
    """Let this transaction's commit return before its WAL reaches the disk (PostgreSQL).

    Safe for the dispatcher's transactions, and only for them: PostgreSQL's asynchronous
    commit never commits part of a transaction or reorders them; a server crash can only lose
    the last fraction of a second of commits whole. For the dispatcher that means a claim that
    never happened (the message is claimed again) or a delivery that never happened (its
    derived rows and its ``sent`` mark vanish together, and it is delivered again): both are
    what at-least-once delivery with idempotent handlers already copes with. The writes that
    must not be lost, the events themselves, are committed by the unit of work that emitted
    them, at full durability. Saves a disk flush per batch, which the claim otherwise waits on.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))


def bury_exhausted(session: Session, *, max_attempts: int) -> int:
    """Declare dead the messages whose every attempt ended with the dispatcher gone.

    A message that kills the process never reaches mark_failed; its lease just runs out. The
    attempt was counted at claim time, so once it has had them all it is not claimed again.
    """
    result = session.execute(
        sa.update(T)
        .where(
            T.status == "sending",
            T.available_at <= _now(session),
            T.attempts >= max_attempts,
        )
        .values(
            status="dead",
            last_error=sa.func.coalesce(T.last_error, "")
            + f"the dispatcher stopped while delivering it ({max_attempts} attempts)",
        )
    )
    return result.rowcount


def claim_batch(session: Session, *, limit: int, lease_seconds: float) -> list[ClaimedMessage]:
    """Lease up to ``limit`` never-attempted messages, oldest first. The caller commits."""
    return _claim(session, limit=limit, lease_seconds=lease_seconds, retried=False).leased


def claim_fresh(
    session: Session, *, limit: int, lease_seconds: float, subscribed: Collection[str]
) -> ClaimedBatch:
    """Claim up to ``limit`` never-attempted messages, oldest first: lease those of the
    ``subscribed`` event types, and settle the others as sent. The caller commits."""
    return _claim(
        session, limit=limit, lease_seconds=lease_seconds, retried=False, subscribed=subscribed
    )


def claim_retry(session: Session, *, lease_seconds: float) -> ClaimedMessage | None:
    """Lease one message that was attempted before and is due again. The caller commits."""
    claimed = _claim(session, limit=1, lease_seconds=lease_seconds, retried=True).leased
    return claimed[0] if claimed else None


def _still_ours(session: Session, claims: Sequence[ClaimedMessage]) -> sa.ColumnElement[bool]:
    """The claims' lease is still theirs: the row is sending, with the attempt they made.

    The attempt number is a fencing token. If a lease ran out and another dispatcher claimed
    the row again, the attempts moved on and a late write from the first one matches
    nothing, so its effects roll back instead of doubling.
    """
    by_attempt: dict[int, list[int]] = {}
    for claim in claims:
        by_attempt.setdefault(claim.attempts, []).append(claim.id)
    # Grouped by attempt number (a fresh batch shares one), so the database probes the primary
    # key with a plain id list instead of matching a long list of (id, attempts) pairs. On
    # PostgreSQL the list is one array parameter: a thousand separate parameters cost more to
    # render and bind than the update itself.
    postgres = session.get_bind().dialect.name == "postgresql"

    def ids_match(ids: list[int]) -> sa.ColumnElement[bool]:
        if postgres:
            return T.id == sa.any_(sa.literal(ids, postgresql.ARRAY(sa.BigInteger)))
        return T.id.in_(ids)

    return sa.and_(
        T.status == "sending",
        sa.or_(*(sa.and_(T.attempts == n, ids_match(ids)) for n, ids in by_attempt.items())),
    )


def mark_sent(session: Session, claims: Sequence[ClaimedMessage]) -> int:
    """Mark claimed messages delivered; returns how many were still ours to mark."""
    if not claims:
        return 0
    result = session.execute(
        sa.update(T)
        .where(_still_ours(session, claims))
        .values(status="sent", sent_at=_now(session), last_error=None),
        execution_options=NO_SYNC,
    )
    return result.rowcount


def backoff_seconds(attempts: int, *, base: float, cap: float) -> float:
    """Exponential backoff with equal jitter: half fixed, half random, never above ``cap``."""
    delay = min(cap, base**attempts)
    return delay / 2 + random.uniform(0, delay / 2)


def mark_failed(
    session: Session,
    claim: ClaimedMessage,
    *,
    error: str,
    max_attempts: int,
    backoff_base: float,
    backoff_max: float,
) -> str | None:
    """Record a failed delivery: retry later with backoff, or ``dead`` after the last attempt.

    Returns the message's new status, or None when the lease was lost to another dispatcher
    (which then owns the message; nothing is changed).
    """
    if claim.attempts >= max_attempts:
        status, available_at = "dead", _now(session)
    else:
        status = "failed"
        delay = backoff_seconds(claim.attempts, base=backoff_base, cap=backoff_max)
        available_at = _plus(session, delay)
    result = session.execute(
        sa.update(T)
        .where(_still_ours(session, [claim]))
        .values(status=status, available_at=available_at, last_error=error[:4000])
    )
    return status if result.rowcount else None


def requeue_dead(session: Session, message_ids: list[int] | None = None) -> int:
    """Give dead messages a fresh set of attempts (all of them when no ids are given)."""
    stmt = sa.update(T).where(T.status == "dead")
    if message_ids is not None:
        stmt = stmt.where(T.id.in_(message_ids))
    result = session.execute(stmt.values(status="pending", attempts=0, available_at=_now(session)))
    return result.rowcount


def count_ready(session: Session) -> int:
    """How many messages a dispatcher could claim right now."""
    return session.scalar(
        sa.select(sa.func.count())
        .select_from(T)
        .where(T.status.in_(CLAIMABLE_STATUSES), T.available_at <= _now(session))
    )


def status_counts(session: Session) -> dict[str, int]:
    rows = session.execute(sa.select(T.status, sa.func.count()).group_by(T.status)).all()
    return {status: count for status, count in rows}


def newest_message_id(session: Session) -> int:
    return session.scalar(sa.select(sa.func.coalesce(sa.func.max(T.id), 0)))


def prune_sent(session: Session, *, older_than_seconds: float, limit: int = 50_000) -> int:
    """Delete delivered messages older than the cutoff (event_record keeps the audit trail).

    Deletes at most ``limit`` rows per call, so one call never holds a long transaction.
    """
    cutoff = _plus(session, -older_than_seconds)
    doomed = (
        sa.select(T.id)
        .where(T.status == "sent", T.sent_at < cutoff)
        .order_by(T.id)
        .limit(limit)
        .scalar_subquery()
    )
    return session.execute(sa.delete(T).where(T.id.in_(doomed))).rowcount


def dead_messages(session: Session, *, limit: int = 200) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(
            T.id, T.user_id, T.event_type, T.attempts, T.last_error, T.created_at, T.available_at
        )
        .where(T.status == "dead")
        .order_by(T.id.desc())
        .limit(limit)
    ).all()
    return [dict(row._mapping) for row in rows]


def queue_health(session: Session) -> dict[str, Any]:
    """What an operator watches: counts by status, the oldest ready message's age, and on
    PostgreSQL the table's dead tuples and the oldest open transaction (which stops VACUUM
    from reclaiming them)."""
    now = utcnow()
    oldest_ready = session.scalar(
        sa.select(sa.func.min(T.available_at)).where(
            T.status.in_(CLAIMABLE_STATUSES), T.available_at <= _now(session)
        )
    )
    health: dict[str, Any] = {
        "by_status": status_counts(session),
        "ready": count_ready(session),
        "oldest_ready_age_seconds": round((now - oldest_ready).total_seconds(), 1)
        if oldest_ready
        else 0.0,
    }
    if session.get_bind().dialect.name == "postgresql":
        health["dead_tuples"] = session.scalar(
            sa.text("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'platform_outbox'")
        )
        health["oldest_transaction_age_seconds"] = session.scalar(
            sa.text(
                "SELECT COALESCE(EXTRACT(EPOCH FROM max(now() - xact_start)), 0) "
                "FROM pg_stat_activity WHERE datname = current_database() "
                "AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
            )
        )
    return health
