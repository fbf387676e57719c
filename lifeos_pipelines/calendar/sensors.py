"""Keep one partition per connection, and interpret after syncs."""

from __future__ import annotations

import dagster as dg

from lifeos_core.calendar import service as calendar
from lifeos_pipelines.calendar.jobs import calendar_interpretation_job, calendar_sync_job
from lifeos_pipelines.calendar.partitions import calendar_connections_partitions
from lifeos_pipelines.resources import LifeOSResource

IN_FLIGHT = [
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def partition_changes(active: set[str], known: set[str]) -> tuple[list[str], list[str]]:
    """Partitions to add (new connections) and to delete (removed or paused ones)."""
    return sorted(active - known, key=int), sorted(known - active, key=int)


@dg.sensor(
    job=calendar_sync_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def calendar_connections_sensor(
    context: dg.SensorEvaluationContext, lifeos: LifeOSResource
) -> dg.SensorResult | dg.SkipReason:
    """Add a partition for each new connection and sync it at once; drop removed ones."""
    with lifeos.runtime.uow() as uow:
        active = {str(c.id) for c in calendar.all_active_connections(uow)}
    known = set(context.instance.get_dynamic_partitions(calendar_connections_partitions.name))
    added, removed = partition_changes(active, known)
    if not added and not removed:
        return dg.SkipReason(f"{len(active)} connections, all with their partition")
    requests = []
    if added:
        requests.append(calendar_connections_partitions.build_add_request(added))
    if removed:
        requests.append(calendar_connections_partitions.build_delete_request(removed))
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(partition_key=key, run_key=f"calendar-connection-{key}-added")
            for key in added
        ],
        dynamic_partitions_requests=requests,
    )


@dg.sensor(
    job=calendar_interpretation_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def calendar_interpretation_sensor(
    context: dg.SensorEvaluationContext,
) -> dg.RunRequest | dg.SkipReason:
    """After any connection synced, interpret once (syncs that land together share a run)."""
    latest = context.instance.get_latest_materialization_event(dg.AssetKey("calendar_events"))
    if latest is None or latest.storage_id is None:
        return dg.SkipReason("No calendar has synced yet")
    seen = int(context.cursor or 0)
    if latest.storage_id <= seen:
        return dg.SkipReason("Nothing synced since the last interpretation run")
    if context.instance.get_runs_count(
        dg.RunsFilter(job_name=calendar_interpretation_job.name, statuses=IN_FLIGHT)
    ):
        return dg.SkipReason("An interpretation run is already on its way")
    context.update_cursor(str(latest.storage_id))
    return dg.RunRequest(run_key=f"interpret-after-{latest.storage_id}")
