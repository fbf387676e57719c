"""The daily upkeep job."""

import dagster as dg

from lifeos_pipelines.upkeep.assets import daily_upkeep

daily_upkeep_job = dg.define_asset_job(
    "daily_upkeep_job", selection=[daily_upkeep], executor_def=dg.in_process_executor
)
