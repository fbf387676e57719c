"""When the insight telemetry is refreshed."""

import dagster as dg

from lifeos_pipelines.insights.jobs import insight_telemetry_job

insight_telemetry_schedule = dg.ScheduleDefinition(
    name="insight_telemetry_schedule",
    job=insight_telemetry_job,
    cron_schedule="15 * * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Insight rule telemetry (counts, latency, false positives, misses), hourly.",
)
