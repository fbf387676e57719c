"""Calendar events synced per connection, and the interpretations made of them."""

import time

import dagster as dg

from lifeos_core.calendar.sources import SourceError
from lifeos_core.calendar.sync import SYNC_ERRORS, sync_connection
from lifeos_core.errors import NotFound
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_pipelines.calendar.partitions import calendar_connections_partitions
from lifeos_pipelines.resources import LifeOSResource

# For what a run cannot foresee (a server busy, the database restarting, a lock timeout):
# 30 s, 90 s, 210 s, each +/- 30 s so retries of parallel runs do not arrive together.
RETRY_POLICY = dg.RetryPolicy(
    max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)

CONNECTIONS_CHECK = "every_connection_synced"


@dg.asset(
    group_name="calendar",
    partitions_def=calendar_connections_partitions,
    retry_policy=RETRY_POLICY,
    check_specs=[
        dg.AssetCheckSpec(
            CONNECTIONS_CHECK,
            asset="calendar_events",
            description="This calendar connection synced without an error.",
        )
    ],
)
def calendar_events(
    context: dg.AssetExecutionContext, lifeos: LifeOSResource
) -> dg.MaterializeResult:
    """Events of one connection (the partition key is its id), upserted by external id.

    Each connection is its own partition and run, so a broken one never holds up another.
    Its error is kept on the connection (the app shows it) and shown here: a source that is
    down for a moment (network, 5xx, rate limit) fails the run, which is retried with
    backoff; a source that will not get better by retrying (a malformed file, a refused
    password) materializes with a failed ``every_connection_synced`` check naming the error.
    """
    runtime = lifeos.runtime
    connection_id = int(context.partition_key)
    started = time.perf_counter()
    try:
        counts = sync_connection(runtime.uow, runtime.settings, connection_id)
    except NotFound:
        context.log.info("Connection %s was removed; nothing to sync", connection_id)
        return dg.MaterializeResult(
            metadata={"removed": True},
            check_results=[dg.AssetCheckResult(check_name=CONNECTIONS_CHECK, passed=True)],
        )
    except SYNC_ERRORS as exc:
        duration = round(time.perf_counter() - started, 3)
        context.log.error("Calendar connection %s failed to sync: %s", connection_id, exc)
        if isinstance(exc, SourceError) and exc.transient:
            raise dg.Failure(
                description=f"connection {connection_id}: {exc}",
                metadata={"connection_id": connection_id, "error": str(exc)},
            ) from exc
        return dg.MaterializeResult(
            metadata={
                "connection_id": connection_id,
                "error": str(exc),
                "duration_seconds": duration,
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name=CONNECTIONS_CHECK,
                    passed=False,
                    severity=dg.AssetCheckSeverity.ERROR,
                    description=f"connection {connection_id} failed: {exc}",
                    metadata={"errors": {str(connection_id): str(exc)}},
                )
            ],
        )
    duration = round(time.perf_counter() - started, 3)
    context.log.info("Synced connection %s: %s", connection_id, counts.model_dump())
    return dg.MaterializeResult(
        metadata={
            "connection_id": connection_id,
            **counts.model_dump(),
            "duration_seconds": duration,
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CONNECTIONS_CHECK,
                passed=True,
                description=f"connection {connection_id} synced",
            )
        ],
    )


@dg.asset(group_name="calendar", deps=[calendar_events], retry_policy=RETRY_POLICY)
def calendar_interpretations(
    context: dg.AssetExecutionContext, lifeos: LifeOSResource
) -> dg.MaterializeResult:
    """Life-domain records proposed for new or changed events; confident ones auto-confirmed.

    Not partitioned: it looks at every event nobody interpreted yet, whichever connection
    brought it, so it never waits for a broken connection.
    """
    runtime = lifeos.runtime
    started = time.perf_counter()
    counts = interpret_new_events(runtime.uow, runtime.settings)
    context.log.info("Interpreted %s events: %s", counts.events, counts.model_dump())
    return dg.MaterializeResult(
        metadata={
            **counts.model_dump(),
            "duration_seconds": round(time.perf_counter() - started, 3),
        }
    )
