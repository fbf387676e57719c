"""Calendar jobs: sync one connection (a partition), and interpret what changed."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.calendar.assets import calendar_events, calendar_interpretations

# Partitioned like calendar_events (one partition per connection). One step per run: a
# process per step would only add start-up time.
calendar_sync_job = dg.define_asset_job(
    name="calendar_sync_job",
    selection=dg.AssetSelection.assets(calendar_events),
    executor_def=dg.in_process_executor,
    description="Sync one calendar connection (the partition key is its id).",
    # deploy/dagster.yaml caps concurrent syncs by this tag, and runs one per partition.
    tags={"lifeos/pool": "calendar_sync"},
)

calendar_interpretation_job = dg.define_asset_job(
    name="calendar_interpretation_job",
    selection=dg.AssetSelection.assets(calendar_interpretations),
    executor_def=dg.in_process_executor,
    description="Interpret new and changed events of every connection.",
)
