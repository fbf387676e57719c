"""The insight telemetry job."""

import dagster as dg

from lifeos_pipelines.insights.assets import insight_rule_telemetry

insight_telemetry_job = dg.define_asset_job(
    "insight_telemetry_job", selection=[insight_rule_telemetry], executor_def=dg.in_process_executor
)
