"""When the owners' models are retrained regardless of volume: once a day."""

import dagster as dg

from lifeos_pipelines.interpreter.jobs import interpreter_models_job

# Daily, any owner with at least one decision the model has not seen is retrained; the
# sensor does not wait for the day when 25 or more have piled up.
interpreter_models_schedule = dg.ScheduleDefinition(
    name="interpreter_models_schedule",
    job=interpreter_models_job,
    cron_schedule="15 3 * * *",
    run_config=dg.RunConfig(ops={"interpreter_models": {"config": {"min_new_decisions": 1}}}),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Retrain the owners' interpreter models early every morning (UTC).",
)
