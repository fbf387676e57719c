"""Prometheus metrics for operators: the outbox, calendar sync and interpretation.

``lifeos metrics`` serves them over HTTP (``serve``). Every scrape reads the numbers from the
app database, so the exporter holds no copy of the domain state and any replica reports the
same gauges.

Counters are the exception. The outbox table is pruned (delivered rows go after
``LIFEOS_OUTBOX_RETENTION_DAYS``) and dead messages can be requeued with their attempts reset, so
"rows with status X" can shrink, and a Prometheus counter must never shrink. The
``OutboxObserver`` therefore compares each scrape with the previous one and counts what happened
in between: messages that became sent (and how long each took), delivery attempts that failed,
messages that went dead. Its counters start at zero when the exporter starts, which Prometheus
reads as a counter reset, as it should.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from sqlalchemy.orm import Session

from lifeos_core.calendar import service as calendar
from lifeos_core.database import utcnow
from lifeos_core.outbox import service as outbox
from lifeos_core.outbox.models import CLAIMABLE_STATUSES, OUTBOX_STATUSES, OutboxMessage
from lifeos_core.runtime import Runtime
from lifeos_core.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

DEFAULT_PORT = 9464
# From "the sensor picked it up within a tick" to "it waited out several backoffs".
LATENCY_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 21600.0)
# A message's sent_at is stamped when its batch's transaction starts and becomes visible when it
# commits; each scrape re-reads this much before the newest sent_at it has seen, so a batch that
# committed late is still counted (once: ids already counted are remembered).
SENT_OVERLAP = timedelta(minutes=5)

# Cross-user totals of calendar tables, for operators only (no user appears in a label). The
# calendar service answers per user; these two counts are all the exporter needs beyond it.
_calendar_event = sa.table("calendar_event", sa.column("deleted_at"))
_interpretation = sa.table("calendar_event_interpretation", sa.column("status"))

T = OutboxMessage


@dataclass
class OutboxObserver:
    """Monotonic outbox counters, from the differences between consecutive scrapes.

    The first observation only learns where things stand; from then on each one adds what
    changed since: rows that became ``sent`` (with their latency, ``sent_at - created_at``),
    failed attempts (a row's ``attempts`` beyond its one successful or in-flight attempt),
    and rows that became ``dead`` (again, after a requeue).
    """

    sent: int = 0
    failed: int = 0
    dead: int = 0
    latency_buckets: list[int] = field(default_factory=lambda: [0] * len(LATENCY_BUCKETS))
    latency_sum: float = 0.0
    _started: bool = False
    _newest_sent_at: datetime | None = None
    _sent_ids: set[int] = field(default_factory=set)
    _failures: dict[int, int] = field(default_factory=dict)
    _dead_ids: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(self, session: Session) -> None:
        with self._lock:
            self._observe(session)

    def _observe(self, session: Session) -> None:
        counting = self._started
        if not counting:  # only the newest deliveries matter, not the whole retention window
            self._newest_sent_at = session.scalar(
                sa.select(sa.func.max(T.sent_at)).where(T.status == "sent")
            )
        sent = sa.select(T.id, T.attempts, T.created_at, T.sent_at).where(T.status == "sent")
        if self._newest_sent_at is not None:
            sent = sent.where(T.sent_at >= self._newest_sent_at - SENT_OVERLAP)
        recently_sent = session.execute(sent).all()
        # Rows with failed attempts behind them; a never-failed backlog is not read.
        retried = session.execute(
            sa.select(T.id, T.status, T.attempts).where(
                sa.or_(
                    T.status.in_(("failed", "dead")),
                    sa.and_(T.status == "sending", T.attempts > 1),
                )
            )
        ).all()

        failures: dict[int, int] = {}
        for message_id, attempts, created_at, sent_at in recently_sent:
            if attempts > 1:
                failures[message_id] = attempts - 1
            if counting and message_id not in self._sent_ids:
                self._count_sent(max(0.0, (sent_at - created_at).total_seconds()))
        for message_id, status, attempts in retried:
            failures[message_id] = attempts - 1 if status == "sending" else attempts
        dead_ids = {message_id for message_id, status, _ in retried if status == "dead"}

        if counting:
            # A requeued row starts again from zero attempts: only growth is a new failure.
            self.failed += sum(
                max(0, count - self._failures.get(message_id, 0))
                for message_id, count in failures.items()
            )
            self.dead += len(dead_ids - self._dead_ids)
        self._sent_ids = {row.id for row in recently_sent}
        if recently_sent:
            self._newest_sent_at = max(row.sent_at for row in recently_sent)
        self._failures = failures
        self._dead_ids = dead_ids
        self._started = True

    def _count_sent(self, latency: float) -> None:
        self.sent += 1
        self.latency_sum += latency
        for i, bound in enumerate(LATENCY_BUCKETS):
            if latency <= bound:
                self.latency_buckets[i] += 1

    def metrics(self) -> list[Metric]:
        with self._lock:
            sent, failed, dead = self.sent, self.failed, self.dead
            buckets, latency_sum = list(self.latency_buckets), self.latency_sum
        histogram = HistogramMetricFamily(
            "outbox_dispatch_latency_seconds",
            "Time from an event's commit to its delivery (sent_at - created_at).",
        )
        histogram.add_metric(
            [],
            [*((_le(b), n) for b, n in zip(LATENCY_BUCKETS, buckets, strict=True)), ("+Inf", sent)],
            sum_value=latency_sum,
        )
        return [
            CounterMetricFamily(
                "outbox_messages_sent", "Outbox messages delivered to every subscriber.", sent
            ),
            CounterMetricFamily(
                "outbox_messages_failed",
                "Delivery attempts that failed (the message was retried later or went dead).",
                failed,
            ),
            CounterMetricFamily(
                "outbox_messages_dead",
                "Outbox messages that used up their attempts and wait for an operator.",
                dead,
            ),
            histogram,
        ]


def _le(bound: float) -> str:
    return f"{bound:g}"


def outbox_metrics(session: Session) -> Iterator[Metric]:
    """Where the queue stands: rows by status, the backlog and how long its oldest has waited."""
    by_status = outbox.status_counts(session)
    messages = GaugeMetricFamily(
        "outbox_messages", "Outbox rows by status (sent rows until pruned).", labels=["status"]
    )
    for status in OUTBOX_STATUSES:
        messages.add_metric([status], by_status.get(status, 0))
    yield messages
    yield GaugeMetricFamily(
        "outbox_messages_pending",
        "Messages not delivered yet: pending, being sent, or waiting for a retry.",
        sum(by_status.get(status, 0) for status in CLAIMABLE_STATUSES),
    )
    yield GaugeMetricFamily(
        "outbox_messages_ready",
        "Messages a dispatcher could claim right now (what the outbox sensor looks at).",
        outbox.count_ready(session),
    )
    oldest = session.scalar(
        sa.select(sa.func.min(T.created_at)).where(T.status.in_(CLAIMABLE_STATUSES))
    )
    yield GaugeMetricFamily(
        "outbox_oldest_pending_age_seconds",
        "How long the oldest undelivered message has waited (0 when none waits).",
        max(0.0, (utcnow() - oldest).total_seconds()) if oldest else 0.0,
    )


def calendar_metrics(uow: UnitOfWork) -> Iterator[Metric]:
    """Connections and how their last sync went; events and interpretations in total."""
    connections = calendar.all_active_connections(uow)
    states = GaugeMetricFamily(
        "calendar_connections",
        "Active calendar connections by kind and the outcome of their last sync.",
        labels=["kind", "state"],
    )
    tally: dict[tuple[str, str], int] = {}
    for c in connections:
        state = "error" if c.last_error else "never_synced" if c.last_synced_at is None else "ok"
        tally[c.kind, state] = tally.get((c.kind, state), 0) + 1
    for (kind, state), count in sorted(tally.items()):
        states.add_metric([kind, state], count)
    yield states

    # Labelled by id, never by name or location: an .ics URL can carry a secret token.
    synced_at = GaugeMetricFamily(
        "calendar_connection_last_sync_timestamp_seconds",
        "When each active connection last synced successfully (Unix time).",
        labels=["connection_id", "kind"],
    )
    changes = GaugeMetricFamily(
        "calendar_connection_last_sync_events",
        "What each active connection's last successful sync did, by kind of change.",
        labels=["connection_id", "change"],
    )
    for c in connections:
        if c.last_synced_at is not None:
            synced_at.add_metric([str(c.id), c.kind], c.last_synced_at.timestamp())
        for change, count in sorted(c.last_counts.items()):
            if isinstance(count, int | float) and not isinstance(count, bool):
                changes.add_metric([str(c.id), change], count)
    yield synced_at
    yield changes

    total, deleted = uow.session.execute(
        sa.select(sa.func.count(), sa.func.count(_calendar_event.c.deleted_at))
    ).one()
    events = GaugeMetricFamily(
        "calendar_events", "Calendar events of every user, kept or deleted.", labels=["state"]
    )
    events.add_metric(["active"], total - deleted)
    events.add_metric(["deleted"], deleted)
    yield events

    interpretations = GaugeMetricFamily(
        "calendar_interpretations",
        "Interpretations of calendar events by status (inferred ones wait for review).",
        labels=["status"],
    )
    for status, count in uow.session.execute(
        sa.select(_interpretation.c.status, sa.func.count())
        .group_by(_interpretation.c.status)
        .order_by(_interpretation.c.status)
    ):
        interpretations.add_metric([status], count)
    yield interpretations


class LifeOSCollector:
    """Reads every number afresh on each scrape; a database outage shows as lifeos_database_up 0."""

    def __init__(self, runtime: Runtime):
        self._runtime = runtime
        self.observer = OutboxObserver()

    def prime(self) -> None:
        """Take the counters' starting point now, so what happens before the first scrape counts."""
        try:
            with self._runtime.uow() as uow:
                self.observer.observe(uow.session)
        except sa.exc.SQLAlchemyError as exc:  # the first scrape will try again
            log.warning("metrics: the database did not answer: %s", str(exc).splitlines()[0])

    def describe(self) -> list[Metric]:
        # Without this, registering the collector would scrape the database once.
        return []

    def collect(self) -> Iterator[Metric]:
        started = time.perf_counter()
        try:
            with self._runtime.uow() as uow:
                self.observer.observe(uow.session)
                current = [*outbox_metrics(uow.session), *calendar_metrics(uow)]
            up = 1
        except sa.exc.SQLAlchemyError as exc:
            log.warning("metrics: the database did not answer: %s", str(exc).splitlines()[0])
            current, up = [], 0
        yield from self.observer.metrics()
        yield from current
        yield GaugeMetricFamily(
            "lifeos_database_up", "Whether the last scrape could read the app database.", up
        )
        yield GaugeMetricFamily(
            "lifeos_metrics_scrape_duration_seconds",
            "How long the last scrape took to read the database.",
            time.perf_counter() - started,
        )


def build_registry(runtime: Runtime) -> CollectorRegistry:
    collector = LifeOSCollector(runtime)
    collector.prime()
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return registry


def start(runtime: Runtime, *, host: str = "0.0.0.0", port: int = DEFAULT_PORT):
    """Serve /metrics from a background thread; returns (server, thread)."""
    return start_http_server(port, addr=host, registry=build_registry(runtime))


def serve(runtime: Runtime, *, host: str = "0.0.0.0", port: int = DEFAULT_PORT) -> None:
    """Serve /metrics until interrupted (``lifeos metrics``)."""
    server, thread = start(runtime, host=host, port=port)
    print(f"Serving LifeOS metrics on http://{host}:{server.server_port}/metrics", flush=True)
    # As a container's PID 1, SIGTERM would be ignored without a handler.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        runtime.dispose()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """``python -m lifeos_core.metrics``: the same as ``lifeos metrics``."""
    parser = argparse.ArgumentParser(prog="lifeos metrics", description=serve.__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    from lifeos_core.runtime import build_runtime

    serve(build_runtime(), host=args.host, port=args.port)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")


if __name__ == "__main__":
    raise SystemExit(main())
