"""The analytics job: refresh the snapshot, then check it."""

from __future__ import annotations

import dagster as dg

analytics_job = dg.define_asset_job(
    name="analytics_job",
    selection=dg.AssetSelection.groups("analytics"),
    executor_def=dg.in_process_executor,
    description="Refresh the DuckDB analytics snapshot and run its checks.",
)
