"""Calendar events synced from every connection, and the interpretations made of them."""

import time

import dagster as dg

from lifeos_core.calendar.sync import sync_all_ics_files
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_pipelines.resources import LifeOSResource

# For what a run cannot foresee (the database restarting, a lock timeout): 30 s, 90 s, 210 s,
# each +/- 30 s so retries of parallel runs do not arrive together.
RETRY_POLICY = dg.RetryPolicy(
    max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


CONNECTIONS_CHECK = "every_connection_synced"


@dg.asset(
    group_name="calendar",
    retry_policy=RETRY_POLICY,
    check_specs=[
        dg.AssetCheckSpec(
            CONNECTIONS_CHECK,
            asset="calendar_events",
            description="Every active calendar connection synced without an error.",
        )
    ],
)
def calendar_events(
    context: dg.AssetExecutionContext, lifeos: LifeOSResource
) -> dg.MaterializeResult:
    """Events of every active .ics file connection, upserted by external id (idempotent).

    A connection that fails is recorded on it (the app shows it) and does not stop the
    others. The asset still materializes, so interpretation of everyone else's events goes
    on; the failure shows in Dagster as the failed ``every_connection_synced`` check, naming
    each connection with its file and line. Crashes of the step itself (the database going
    away) fail it and are retried.
    """
    runtime = lifeos.runtime
    started = time.perf_counter()
    report = sync_all_ics_files(runtime.uow, runtime.settings)
    metadata = {**report.as_metadata(), "duration_seconds": round(time.perf_counter() - started, 3)}
    errors = {str(cid): message for cid, message in sorted(report.errors.items())}
    if errors:
        context.log.error(
            "%s of %s calendar connections failed to sync:\n%s",
            len(errors),
            report.connections,
            "\n".join(f"connection {cid}: {message}" for cid, message in errors.items()),
        )
    else:
        context.log.info(
            "Synced %s connections: %s", report.connections, report.totals.model_dump()
        )
    check = dg.AssetCheckResult(
        check_name=CONNECTIONS_CHECK,
        passed=not errors,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(errors)} of {report.connections} connections failed"
            if errors
            else f"all {report.connections} connections synced"
        ),
        metadata={"errors": errors} if errors else {},
    )
    return dg.MaterializeResult(metadata=metadata, check_results=[check])


@dg.asset(group_name="calendar", deps=[calendar_events], retry_policy=RETRY_POLICY)
def calendar_interpretations(
    context: dg.AssetExecutionContext, lifeos: LifeOSResource
) -> dg.MaterializeResult:
    """Life-domain records proposed for new or changed events; confident ones auto-confirmed."""
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
