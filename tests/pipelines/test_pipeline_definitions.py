"""The code location loads, wires every job, schedule and sensor, and builds nothing on import."""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg

from lifeos_core.config import PROJECT_ROOT
from lifeos_pipelines.definitions import defs


def test_definitions_load_with_their_jobs_schedule_and_sensor():
    dg.Definitions.validate_loadable(defs)

    sync_job = defs.resolve_job_def("calendar_sync_job")
    assert {key.to_user_string() for key in sync_job.asset_layer.executable_asset_keys} == {
        "calendar_events"
    }
    assert sync_job.partitions_def.name == "calendar_connections"
    interpretation_job = defs.resolve_job_def("calendar_interpretation_job")
    assert {
        key.to_user_string() for key in interpretation_job.asset_layer.executable_asset_keys
    } == {"calendar_interpretations"}
    assert defs.resolve_job_def("outbox_dispatch_job").executor_def is dg.in_process_executor

    for name, job in [
        ("outbox_prune_schedule", "outbox_prune_job"),
        ("daily_upkeep_schedule", "daily_upkeep_job"),
        ("interpreter_models_schedule", "interpreter_models_job"),
    ]:
        assert defs.resolve_schedule_def(name).job_name == job

    schedule = defs.resolve_schedule_def("calendar_sync_schedule")
    assert schedule.job_name == "calendar_sync_job"
    assert schedule.cron_schedule == "*/15 * * * *"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING

    for name, job in [
        ("calendar_connections_sensor", "calendar_sync_job"),
        ("interpreter_pending_events_sensor", "calendar_interpretation_job"),
        ("interpreter_decisions_sensor", "interpreter_models_job"),
    ]:
        sensor = defs.resolve_sensor_def(name)
        assert sensor.job_name == job
        assert sensor.default_status == dg.DefaultSensorStatus.RUNNING

    sensor = defs.resolve_sensor_def("outbox_sensor")
    assert sensor.job_name == "outbox_dispatch_job"
    assert sensor.minimum_interval_seconds == 5
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_every_step_retries_with_exponential_backoff():
    steps = [
        *(
            node.definition
            for name in ("calendar_sync_job", "calendar_interpretation_job")
            for node in defs.resolve_job_def(name).nodes_in_topological_order
        ),
        *(
            node.definition
            for node in defs.resolve_job_def("outbox_dispatch_job").nodes_in_topological_order
        ),
    ]
    assert [step.name for step in steps] == [
        "calendar_events",
        "calendar_interpretations",
        "dispatch_outbox_op",
    ]
    for step in steps:
        assert step.retry_policy.max_retries == 3
        assert step.retry_policy.backoff == dg.Backoff.EXPONENTIAL
        assert step.retry_policy.jitter == dg.Jitter.PLUS_MINUS


def test_importing_the_definitions_reads_no_settings_and_opens_no_database():
    # Settings that refuse to load (production with a placeholder key) and a database that
    # does not exist: the import must not touch either.
    env = {
        **os.environ,
        "LIFEOS_ENV": "production",
        "LIFEOS_ENCRYPTION_KEY": "change-me",
        "LIFEOS_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/nowhere",
    }
    completed = subprocess.run(
        [sys.executable, "-c", "import lifeos_pipelines.definitions"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
