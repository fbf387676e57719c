"""When calendars are synced."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.calendar.jobs import calendar_sync_job

calendar_sync_schedule = dg.ScheduleDefinition(
    name="calendar_sync_schedule",
    job=calendar_sync_job,
    cron_schedule="*/15 * * * *",
    # On by default: a fresh install syncs without anyone visiting the Dagster UI.
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
