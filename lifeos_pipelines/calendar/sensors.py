"""Keep one partition per connection (interpretation has its own sensor)."""

from __future__ import annotations

import dagster as dg

from lifeos_core.calendar import service as calendar
from lifeos_pipelines.calendar.jobs import calendar_sync_job
from lifeos_pipelines.calendar.partitions import calendar_connections_partitions
from lifeos_pipelines.resources import LifeOSResource


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
