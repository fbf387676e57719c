"""Refresh analytics after new records: the audit log grows with every write."""

from __future__ import annotations

import dagster as dg

from lifeos_core.analytics.changes import latest_change
from lifeos_pipelines.analytics.jobs import analytics_job
from lifeos_pipelines.resources import LifeOSResource
from lifeos_pipelines.runs import run_in_flight


@dg.sensor(
    job=analytics_job,
    # At most one refresh every two minutes: writes that land together share a refresh.
    minimum_interval_seconds=120,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def analytics_sensor(
    context: dg.SensorEvaluationContext, lifeos: LifeOSResource
) -> dg.RunRequest | dg.SkipReason:
    """One refresh when records changed since the last one this sensor asked for."""
    with lifeos.runtime.uow() as uow:
        latest = latest_change(uow)
    seen = int(context.cursor or 0)
    if latest <= seen:
        return dg.SkipReason("No new records since the last analytics refresh")
    if run_in_flight(context, analytics_job.name):
        return dg.SkipReason("An analytics refresh is already on its way")
    context.update_cursor(str(latest))
    return dg.RunRequest(run_key=f"analytics-after-{latest}")
