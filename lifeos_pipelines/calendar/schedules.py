"""When calendars are synced: every connection, every 15 minutes, each in its own run."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.calendar.jobs import calendar_sync_job
from lifeos_pipelines.calendar.partitions import calendar_connections_partitions

SYNC_CRON = "*/15 * * * *"


@dg.schedule(
    job=calendar_sync_job,
    cron_schedule=SYNC_CRON,
    # On by default: a fresh install syncs without anyone visiting the Dagster UI.
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def calendar_sync_schedule(context: dg.ScheduleEvaluationContext):
    """A run per connection partition; the run key makes a tick's requests idempotent."""
    keys = context.instance.get_dynamic_partitions(calendar_connections_partitions.name)
    if not keys:
        return dg.SkipReason("No calendar connections yet")
    tick = context.scheduled_execution_time.isoformat() if context.scheduled_execution_time else ""
    return [
        dg.RunRequest(partition_key=key, run_key=f"calendar-sync-{key}-{tick}")
        for key in sorted(keys, key=int)
    ]
