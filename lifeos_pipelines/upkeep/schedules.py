"""When the daily upkeep runs."""

import dagster as dg

from lifeos_pipelines.upkeep.jobs import daily_upkeep_job

daily_upkeep_schedule = dg.ScheduleDefinition(
    name="daily_upkeep_schedule",
    job=daily_upkeep_job,
    cron_schedule="30 4 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Metric rollups and date-driven insights, early every morning (UTC).",
)
