"""The calendar sync job: sync every connection, then interpret what changed."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.calendar.assets import calendar_events, calendar_interpretations

# Two steps in a fixed order: a process per step would only add start-up time.
calendar_sync_job = dg.define_asset_job(
    name="calendar_sync_job",
    selection=dg.AssetSelection.assets(calendar_events, calendar_interpretations),
    executor_def=dg.in_process_executor,
    description="Sync every calendar connection, then interpret new and changed events.",
)
