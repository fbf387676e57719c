"""When the outbox is tidied."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.outbox.jobs import outbox_prune_job

outbox_prune_schedule = dg.ScheduleDefinition(
    name="outbox_prune_schedule",
    job=outbox_prune_job,
    cron_schedule="17 3 * * *",  # daily, at a quiet hour
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Delete delivered outbox messages older than LIFEOS_OUTBOX_RETENTION_DAYS.",
)
