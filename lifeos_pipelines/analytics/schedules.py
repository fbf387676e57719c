"""A full analytics rebuild every night: it also compacts the snapshot file."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.analytics.jobs import analytics_job

analytics_nightly_schedule = dg.ScheduleDefinition(
    name="analytics_nightly_schedule",
    job=analytics_job,
    cron_schedule="15 3 * * *",
    run_config=dg.RunConfig(ops={"analytics_read_models": {"config": {"full_rebuild": True}}}),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild the analytics snapshot from scratch, early every morning (UTC).",
)
