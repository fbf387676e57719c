"""The Dagster code location: every LifeOS asset, job, schedule and sensor, and the resource."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.analytics.assets import analytics_read_models
from lifeos_pipelines.analytics.checks import (
    ledger_balances_in_read_model,
    row_counts_match_app_database,
)
from lifeos_pipelines.analytics.jobs import analytics_job
from lifeos_pipelines.analytics.schedules import analytics_nightly_schedule
from lifeos_pipelines.analytics.sensors import analytics_sensor
from lifeos_pipelines.calendar.assets import calendar_events, calendar_interpretations
from lifeos_pipelines.calendar.jobs import calendar_interpretation_job, calendar_sync_job
from lifeos_pipelines.calendar.schedules import calendar_sync_schedule
from lifeos_pipelines.calendar.sensors import calendar_connections_sensor
from lifeos_pipelines.insights.assets import insight_rule_telemetry
from lifeos_pipelines.insights.jobs import insight_telemetry_job
from lifeos_pipelines.insights.schedules import insight_telemetry_schedule
from lifeos_pipelines.interpreter.assets import interpreter_models
from lifeos_pipelines.interpreter.jobs import interpreter_models_job
from lifeos_pipelines.interpreter.schedules import interpreter_models_schedule
from lifeos_pipelines.interpreter.sensors import (
    interpreter_decisions_sensor,
    interpreter_pending_events_sensor,
)
from lifeos_pipelines.outbox.jobs import outbox_dispatch_job, outbox_prune_job
from lifeos_pipelines.outbox.schedules import outbox_prune_schedule
from lifeos_pipelines.outbox.sensors import outbox_sensor
from lifeos_pipelines.resources import LifeOSResource
from lifeos_pipelines.upkeep.assets import daily_upkeep
from lifeos_pipelines.upkeep.jobs import daily_upkeep_job
from lifeos_pipelines.upkeep.schedules import daily_upkeep_schedule

defs = dg.Definitions(
    assets=[
        calendar_events,
        calendar_interpretations,
        interpreter_models,
        daily_upkeep,
        analytics_read_models,
        insight_rule_telemetry,
    ],
    asset_checks=[ledger_balances_in_read_model, row_counts_match_app_database],
    jobs=[
        calendar_sync_job,
        calendar_interpretation_job,
        outbox_dispatch_job,
        outbox_prune_job,
        interpreter_models_job,
        daily_upkeep_job,
        analytics_job,
        insight_telemetry_job,
    ],
    schedules=[
        calendar_sync_schedule,
        outbox_prune_schedule,
        interpreter_models_schedule,
        daily_upkeep_schedule,
        analytics_nightly_schedule,
        insight_telemetry_schedule,
    ],
    sensors=[
        outbox_sensor,
        calendar_connections_sensor,
        interpreter_pending_events_sensor,
        interpreter_decisions_sensor,
        analytics_sensor,
    ],
    resources={"lifeos": LifeOSResource()},
)
